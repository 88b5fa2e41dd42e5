#include "ingest/author_names.h"

#include <sstream>

#include "core/text_normalise.h"

namespace paperboy {

std::vector<std::string> authors_from_text(const std::string& text) {
  std::vector<std::string> names;
  std::string rest = text;
  for (std::string sep : {" and ", ", and "}) {
    for (size_t at; (at = rest.find(sep)) != std::string::npos;) rest.replace(at, sep.size(), ",");
  }
  std::stringstream in(rest);
  for (std::string name; std::getline(in, name, ',');) {
    name = collapse_whitespace(name);
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

}  // namespace paperboy
