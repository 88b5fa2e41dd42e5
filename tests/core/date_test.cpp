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
