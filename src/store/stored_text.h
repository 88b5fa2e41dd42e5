// How both stores write lists and dates into text columns: lists joined by the ASCII unit
// separator (which validate_paper keeps out of names), dates as YYYY-MM-DD with '' for none.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"

namespace paperboy {

inline constexpr char kListSeparator = '\x1f';

inline std::vector<std::string> split_stored_list(const std::string& joined) {
  std::vector<std::string> parts;
  if (joined.empty()) return parts;
  size_t start = 0;
  for (;;) {
    size_t end = joined.find(kListSeparator, start);
    parts.push_back(joined.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

inline Date stored_date(const std::string& text) {
  if (text.empty()) return {};
  auto date = parse_date(text);
  return date.ok() ? *date : Date{};
}

}  // namespace paperboy
