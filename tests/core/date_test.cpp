#include "core/date.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(Date, ParsesEveryFormTheSourcesWrite) {
  EXPECT_EQ(parse_date("2024-10-25")->str(), "2024-10-25");
  EXPECT_EQ(parse_date("2025-10-20T15:53:57.000Z")->str(), "2025-10-20");
  EXPECT_EQ(parse_date("Mon, 2 Apr 2007 19:18:42 GMT")->str(), "2007-04-02");
  EXPECT_EQ(parse_date("Tue, 24 Jul 2007 20:10:27 GMT")->str(), "2007-07-24");
}

TEST(Date, RejectsImpossibleDays) {
  EXPECT_FALSE(parse_date("2024-02-30").ok());
  EXPECT_FALSE(parse_date("2023-02-29").ok());
  EXPECT_TRUE(parse_date("2024-02-29").ok());
  EXPECT_FALSE(parse_date("2024-13-01").ok());
  EXPECT_FALSE(parse_date("yesterday").ok());
  EXPECT_FALSE(parse_date("Mon, 2 Foo 2007").ok());
}

TEST(Date, BoundsOfPartialDates) {
  EXPECT_EQ(parse_date_bound("2024", false)->str(), "2024-01-01");
  EXPECT_EQ(parse_date_bound("2024", true)->str(), "2024-12-31");
  EXPECT_EQ(parse_date_bound("2024-02", true)->str(), "2024-02-29");
  EXPECT_EQ(parse_date_bound("2024-02", false)->str(), "2024-02-01");
  EXPECT_EQ(parse_date_bound("2024-02-10", true)->str(), "2024-02-10");
  EXPECT_FALSE(parse_date_bound("2024-2", false).ok());
  EXPECT_FALSE(parse_date_bound("24", false).ok());
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT(*parse_date("2024-01-31"), *parse_date("2024-02-01"));
  EXPECT_EQ(parse_date("2024-02-01")->yyyymmdd(), 20240201);
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

TEST(DateArithmetic, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(add_days(Date{2024, 2, 28}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(add_days(Date{2023, 2, 28}, 1), (Date{2023, 3, 1}));
  EXPECT_EQ(add_days(Date{2024, 12, 31}, 1), (Date{2025, 1, 1}));
  EXPECT_EQ(add_days(Date{2025, 1, 1}, -1), (Date{2024, 12, 31}));
}

TEST(DateArithmetic, IsoWeekdays) {
  EXPECT_EQ(iso_weekday(Date{2025, 10, 27}), 1);  // a Monday
  EXPECT_EQ(iso_weekday(Date{2026, 11, 23}), 1);
  EXPECT_EQ(iso_weekday(Date{2025, 11, 2}), 7);
}

TEST(DateArithmetic, IsoWeeksAndMonths) {
  auto week = parse_iso_week("2025-W44");
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(week->first, (Date{2025, 10, 27}));
  EXPECT_EQ(week->last, (Date{2025, 11, 2}));
  EXPECT_EQ(parse_iso_week("2021-W01")->first, (Date{2021, 1, 4}));
  EXPECT_EQ(parse_iso_week("2020-W53")->first, (Date{2020, 12, 28}));
  EXPECT_FALSE(parse_iso_week("2021-W53").ok()) << "2021 has 52 weeks";
  EXPECT_FALSE(parse_iso_week("2025-44").ok());
  auto month = parse_month("2024-02");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->last, (Date{2024, 2, 29}));
  EXPECT_FALSE(parse_month("2024-13").ok());
}

}  // namespace
}  // namespace paperboy
