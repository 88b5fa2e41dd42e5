#include "core/date.h"

#include <array>
#include <cctype>
#include <charconv>
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

}  // namespace

std::string Date::str() const {
  if (empty()) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
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

}  // namespace paperboy
