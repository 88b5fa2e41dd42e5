// How a browser reads a Location value or a link: it drops tabs and newlines, takes '\' for '/',
// skips leading spaces, and takes "//host" or a scheme for another site. The tests' and the
// fuzzer's judge of "stays on this site", written apart from the server's own rule
// (server/http/same_site.h) so a mistake in one is caught by the other.
#pragma once

#include <string>

namespace paperboy::testing {

inline bool browser_leaves_site(const std::string& location) {
  std::string cleaned;
  for (char c : location) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    cleaned += c == '\\' ? '/' : c;
  }
  while (!cleaned.empty() && static_cast<unsigned char>(cleaned.front()) <= 0x20)
    cleaned.erase(0, 1);
  if (cleaned.starts_with("//")) return true;
  const size_t colon = cleaned.find(':');
  const size_t slash = cleaned.find_first_of("/?#");
  return colon != std::string::npos && (slash == std::string::npos || colon < slash);
}

}  // namespace paperboy::testing
