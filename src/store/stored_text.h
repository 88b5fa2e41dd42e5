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

// The separator cannot be told from an item's own text, so it is dropped from the items.
inline std::string join_stored_list(const std::vector<std::string>& items) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += kListSeparator;
    for (char c : items[i]) {
      if (c != kListSeparator) joined += c;
    }
  }
  return joined;
}

inline Date stored_date(const std::string& text) {
  if (text.empty()) return {};
  auto date = parse_date(text);
  return date.ok() ? *date : Date{};
}

}  // namespace paperboy
