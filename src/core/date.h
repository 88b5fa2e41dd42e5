// Calendar days (UTC) as papers carry them: first and latest version, day listed on the hub.
#pragma once

#include <cstdint>
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
  // clang-tidy 14 misreads a defaulted <=> as a literal 0 compared with a pointer.
  auto operator<=>(const Date&) const = default;  // NOLINT(modernize-use-nullptr)
};

// The day `days` after (or before, when negative) `date`.
Date add_days(const Date& date, int days);
// Days since 1970-01-01 and back (UTC calendar days).
int64_t days_since_epoch(const Date& date);
Date date_from_days(int64_t days);
// The UTC calendar day of a unix time.
inline Date utc_day(int64_t unix_seconds) {
  return date_from_days(unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400);
}
// A unix time as UTC text in strftime's `format` ("%Y-%m-%d %H:%M"), at most 63 bytes.
std::string utc_text(int64_t unix_seconds, const char* format);
// 1 = Monday … 7 = Sunday.
int iso_weekday(const Date& date);

// An inclusive range of days.
struct DateRange {
  Date first;
  Date last;
};
// "2025-W44": Monday to Sunday of that ISO 8601 week.
Result<DateRange> parse_iso_week(std::string_view text);
// "2025-10": the first to the last day of the month.
Result<DateRange> parse_month(std::string_view text);

// Accepts the forms the sources write: "2024-10-25", ISO 8601 timestamps
// ("2025-10-20T15:53:57.000Z", taken as the UTC day written) and RFC 2822 dates as in the arXiv
// snapshot ("Mon, 2 Apr 2007 19:18:42 GMT").
Result<Date> parse_date(std::string_view text);

// "2024", "2024-10" or "2024-10-25"; a partial date stands for its first (or, with
// end_of_period, its last) day. Used by the from:/to: query filters.
Result<Date> parse_date_bound(std::string_view text, bool end_of_period);

}  // namespace paperboy
