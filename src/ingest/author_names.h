// Author lists as arXiv writes them in free text (the snapshot's "authors", arXivRaw's
// <authors>): "A. One, B. Two and C. Three".
#pragma once

#include <string>
#include <vector>

namespace paperboy {

std::vector<std::string> authors_from_text(const std::string& text);

}  // namespace paperboy
