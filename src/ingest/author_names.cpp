#include "ingest/author_names.h"

#include <sstream>

#include "core/text_normalise.h"

namespace paperboy {

std::vector<std::string> authors_from_text(const std::string& text) {
  std::vector<std::string> names;
  // " and " separates like a comma (", and " then leaves an empty name, which is skipped).
  std::string rest;
  rest.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 5, " and ") == 0) {
      rest += ',';
      i += 5;
    } else {
      rest += text[i++];
    }
  }
  std::stringstream in(rest);
  for (std::string name; std::getline(in, name, ',');) {
    name = collapse_whitespace(name);
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

}  // namespace paperboy
