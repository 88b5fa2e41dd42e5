#include "terminal_text.h"

#include <array>
#include <utility>

namespace paperboy::cli {

std::string excerpt_for_terminal(std::string_view html, bool terminal) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kEntities = {
      {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}}};
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.substr(i, 3) == "<b>" || html.substr(i, 4) == "</b>") {
      bool open = html[i + 1] == 'b';
      if (terminal) out += open ? "\033[1m" : "\033[0m";
      i += open ? 3 : 4;
      continue;
    }
    bool replaced = false;
    for (auto [entity, text] : kEntities) {
      if (html.substr(i, entity.size()) == entity) {
        out += text;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

std::string author_line(const Paper& paper, size_t shown) {
  std::string line;
  for (size_t i = 0; i < paper.authors.size() && i < shown; ++i) {
    if (i > 0) line += ", ";
    line += paper.authors[i];
  }
  if (paper.authors.size() > shown) line += " et al.";
  return line;
}

}  // namespace paperboy::cli
