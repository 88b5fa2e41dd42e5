// Text put into a URL and taken out of one: percent-encoded so that a paper id, a name or a tag
// is one path segment or one query value, whatever it holds; and a query or form body read back
// into its parameters.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace paperboy {

// Everything but RFC 3986's unreserved characters and '/' encoded: for a path ("2401.00001",
// "hep-th/9901001", "Ada Lovelace").
std::string url_path(std::string_view text);
// As url_path, '/' encoded too: for a query value.
std::string url_query(std::string_view text);

// Query or form parameters by name; a name may repeat ("section=a&section=b"), its values in
// the order sent.
using QueryParams = std::multimap<std::string, std::string, std::less<>>;

// %XX sequences decoded; one that is not two hex digits stays as it is. In a query or form
// (`plus_is_space`) '+' is a space; in a path it is itself.
std::string percent_decoded(std::string_view text, bool plus_is_space);
// "a=1&b=two+words&c" added to `params` as a→1, b→"two words", c→"": each pair's name and
// value decoded, the value being everything after the first '='; pairs without a name skipped.
void add_query_params(std::string_view query, QueryParams& params);
// The parameters as a query ("a=1&b=two%20words"), every name and value encoded.
std::string query_text(const QueryParams& params);

}  // namespace paperboy
