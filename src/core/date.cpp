#include "core/date.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <string>

namespace paperboy {
namespace {

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

bool read_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

Result<Date> make_date(int y, int m, int d, std::string_view text) {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
    return Error{"not a valid date: '" + std::string(text) + "'"};
  }
  return Date{y, m, d};
}

Result<Date> parse_iso(std::string_view text) {
  // YYYY-MM-DD, optionally followed by a time: the day part is what we keep.
  int y = 0, m = 0, d = 0;
  std::string_view day = text.substr(0, 10);
  bool shape = day.size() == 10 && day[4] == '-' && day[7] == '-' &&
               (text.size() == 10 || text[10] == 'T' || text[10] == ' ');
  if (!shape || !read_int(day.substr(0, 4), y) || !read_int(day.substr(5, 2), m) ||
      !read_int(day.substr(8, 2), d)) {
    return Error{"not a date: '" + std::string(text) + "' (expected YYYY-MM-DD)"};
  }
  return make_date(y, m, d, text);
}

Result<Date> parse_rfc2822(std::string_view text) {
  // "Mon, 2 Apr 2007 19:18:42 GMT": optional weekday, then day, month name, year.
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string_view s = text;
  if (auto comma = s.find(','); comma != std::string_view::npos) s.remove_prefix(comma + 1);
  auto next_word = [&s]() {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    auto end = s.find(' ');
    std::string_view word = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return word;
  };
  int d = 0, y = 0, m = 0;
  std::string_view day = next_word(), month = next_word(), year = next_word();
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (month == kMonths[i]) m = static_cast<int>(i) + 1;
  }
  if (!read_int(day, d) || !read_int(year, y) || m == 0) {
    return Error{"not a date: '" + std::string(text) + "'"};
  }
  return make_date(y, m, d, text);
}

// Howard Hinnant's days_from_civil and civil_from_days: exact for the proleptic Gregorian
// calendar, no time zones involved.
int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return Date{y, m, d};
}

}  // namespace

int64_t days_since_epoch(const Date& date) {
  return days_from_civil(date.year, date.month, date.day);
}
Date date_from_days(int64_t days) { return civil_from_days(days); }

Date add_days(const Date& date, int days) {
  return civil_from_days(days_from_civil(date.year, date.month, date.day) + days);
}

int iso_weekday(const Date& date) {
  int64_t z = days_from_civil(date.year, date.month, date.day);  // 1970-01-01 was a Thursday
  return static_cast<int>(((z % 7) + 7 + 3) % 7) + 1;
}

Result<DateRange> parse_iso_week(std::string_view text) {
  int year = 0, week = 0;
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W' || !read_int(text.substr(0, 4), year) ||
      !read_int(text.substr(6, 2), week) || year < 1900 || year > 2999) {
    return Error{"not an ISO week: '" + std::string(text) + "' (expected YYYY-Www, e.g. 2025-W44)"};
  }
  // Week 1 is the week with the year's first Thursday, so it holds January 4th.
  Date jan4{year, 1, 4};
  Date monday = add_days(jan4, 1 - iso_weekday(jan4) + (week - 1) * 7);
  Date next_jan4{year + 1, 1, 4};
  Date next_week1 = add_days(next_jan4, 1 - iso_weekday(next_jan4));
  if (week < 1 || monday >= next_week1) {
    return Error{"no week " + std::to_string(week) + " in " + std::to_string(year)};
  }
  return DateRange{monday, add_days(monday, 6)};
}

Result<DateRange> parse_month(std::string_view text) {
  if (text.size() != 7) return Error{"not a month: '" + std::string(text) + "' (expected YYYY-MM)"};
  auto first = parse_date_bound(text, false);
  if (!first.ok()) return first.error();
  return DateRange{*first, *parse_date_bound(text, true)};
}

std::string Date::str() const {
  if (empty()) return "";
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

Result<Date> parse_date(std::string_view text) {
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front()))) {
    if (text.size() >= 10 && text[4] == '-') return parse_iso(text);
  }
  return parse_rfc2822(text);
}

Result<Date> parse_date_bound(std::string_view text, bool end_of_period) {
  int y = 0, m = 0;
  if (text.size() == 4 && read_int(text, y)) {
    return make_date(y, end_of_period ? 12 : 1, end_of_period ? 31 : 1, text);
  }
  if (text.size() == 7 && text[4] == '-' && read_int(text.substr(0, 4), y) &&
      read_int(text.substr(5, 2), m)) {
    if (m < 1 || m > 12) return Error{"not a valid month: '" + std::string(text) + "'"};
    return make_date(y, m, end_of_period ? days_in_month(y, m) : 1, text);
  }
  if (text.size() == 10) return parse_iso(text);
  return Error{"not a date: '" + std::string(text) + "' (expected YYYY, YYYY-MM or YYYY-MM-DD)"};
}

std::string utc_text(int64_t unix_seconds, const char* format) {
  const auto t = static_cast<time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 64> text{};
  const size_t length = std::strftime(text.data(), text.size(), format, &tm);
  return {text.data(), length};
}

}  // namespace paperboy
