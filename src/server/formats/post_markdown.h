// Discussion posts as HTML: CommonMark with GitHub's autolinks, tables and strikethrough
// (cmark-gfm), raw HTML left out, links only to http(s), mailto and this site, each marked
// rel="nofollow ugc noopener", and math ($…$, $$…$$, \(…\), \[…\]) kept out of Markdown's
// reach and left as written for KaTeX, as in abstracts.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

inline constexpr size_t kMaxPostBytes = 20000;

// The text of a post as it will be stored: as typed, with NUL characters replaced by U+FFFD
// (CommonMark's rule, and PostgreSQL text cannot hold them). Invalid: empty, longer than
// kMaxPostBytes, or not UTF-8, with the words and the place that say so.
Result<std::string> accept_post_text(std::string_view typed);

// Safe to put inside an element whatever the text: every character the reader typed reaches
// the page escaped or as the Markdown element it asked for.
std::string post_to_html(std::string_view markdown);

}  // namespace paperboy
