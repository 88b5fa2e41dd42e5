// Turning the index's HTML excerpts and the store's papers into terminal text.
#pragma once

#include <string>
#include <string_view>

#include "core/paper.h"

namespace paperboy::cli {

// Unescapes the excerpt's HTML; <b>…</b> becomes bold on a terminal and disappears elsewhere.
std::string excerpt_for_terminal(std::string_view html, bool terminal);

// "A. One, B. Two, C. Three et al."
std::string author_line(const Paper& paper, size_t shown = 3);

}  // namespace paperboy::cli
