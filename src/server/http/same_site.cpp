#include "server/http/same_site.h"

namespace paperboy {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// No backslash, and no segment that a browser would resolve upwards or away ("." and "..").
bool is_plain_path(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::optional<std::string> same_site_target(std::string_view decoded) {
  for (unsigned char c : decoded) {
    if (is_control(c)) return std::nullopt;
  }
  if (decoded.size() < 1 || decoded[0] != '/') return std::nullopt;
  if (decoded.size() > 1 && (decoded[1] == '/' || decoded[1] == '\\')) return std::nullopt;
  const std::string_view path = decoded.substr(0, decoded.find_first_of("?#"));
  if (!is_plain_path(path)) return std::nullopt;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string target;
  target.reserve(decoded.size());
  for (unsigned char c : decoded) {
    if (c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>') {
      target += static_cast<char>(c);
    } else {
      target += '%';
      target += kHex[c >> 4];
      target += kHex[c & 15];
    }
  }
  return target;
}

bool is_same_site_reference(std::string_view url) {
  for (unsigned char c : url) {
    if (is_control(c) || c == '\\') return false;
  }
  if (url.empty() || url[0] == '#' || url[0] == '?') return true;
  if (url[0] == ' ') return false;  // a browser drops leading spaces: " //host" is "//host"
  if (url[0] == '/') return url.size() == 1 || url[1] != '/';
  // A relative path such as "papers/1": no scheme, which would come before any '/', '?' or '#'.
  const size_t colon = url.find(':');
  const size_t first_part_end = url.find_first_of("/?#");
  return colon == std::string_view::npos ||
         (first_part_end != std::string_view::npos && first_part_end < colon);
}

}  // namespace paperboy
