// Text put into a URL: percent-encoded so that a paper id, a name or a tag is one path segment
// or one query value, whatever it holds.
#pragma once

#include <string>
#include <string_view>

namespace paperboy {

// Everything but RFC 3986's unreserved characters and '/' encoded: for a path ("2401.00001",
// "hep-th/9901001", "Ada Lovelace").
std::string url_path(std::string_view text);
// As url_path, '/' encoded too: for a query value.
std::string url_query(std::string_view text);

}  // namespace paperboy
