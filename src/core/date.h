// Calendar days (UTC) as papers carry them: first and latest version, day listed on the hub.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  bool empty() const { return year == 0; }
  std::string str() const;  // "2024-10-25"; "" when empty
  int yyyymmdd() const { return year * 10000 + month * 100 + day; }
  auto operator<=>(const Date&) const = default;
};

// Accepts the forms the sources write: "2024-10-25", ISO 8601 timestamps
// ("2025-10-20T15:53:57.000Z", taken as the UTC day written) and RFC 2822 dates as in the arXiv
// snapshot ("Mon, 2 Apr 2007 19:18:42 GMT").
Result<Date> parse_date(std::string_view text);

// "2024", "2024-10" or "2024-10-25"; a partial date stands for its first (or, with
// end_of_period, its last) day. Used by the from:/to: query filters.
Result<Date> parse_date_bound(std::string_view text, bool end_of_period);

}  // namespace paperboy
