#include "server/http/url_text.h"

#include <fmt/format.h>

#include <cctype>

namespace paperboy {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  std::string out;
  for (unsigned char c : text) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string url_path(std::string_view text) { return percent_encode(text, true); }
std::string url_query(std::string_view text) { return percent_encode(text, false); }

}  // namespace paperboy
