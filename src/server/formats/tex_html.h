// Titles and abstracts as HTML: the text-mode LaTeX that authors write in them (\textit{…},
// {\it …}, \textsc{…}, 54.6\%, ``quotes'', accents) rendered as the typeset text would read,
// math ($…$, \(…\), \[…\], $$…$$) left as written for KaTeX, and URLs made links.
#pragma once

#include <string>
#include <string_view>

namespace paperboy {

// HTML-escaped throughout. An escaped dollar (\$) becomes a dollar in an element of its own,
// so KaTeX's auto-render never pairs it with another; unbalanced braces end at the text's end.
std::string tex_to_html(std::string_view text, bool link_urls);

// Whether a rendered page holds math for KaTeX: a $ (tex_to_html writes literal dollars as an
// entity) or \( or \[ delimiter. Pages without it do not load KaTeX's 272 KB.
bool has_math(std::string_view html);

}  // namespace paperboy
