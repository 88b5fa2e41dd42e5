#include "rank/trending.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace paperboy {
namespace {

int64_t midnight(const Date& day) { return days_since_epoch(day) * 86400; }

TEST(TrendingTest, ScoreIsVotesOverAgePlusOffsetToTheGravity) {
  TrendingParams params{7, 1.8, 2.0};
  std::vector<VotedPaper> papers = {{1, Date{2025, 3, 10}, 10}};
  auto ranked = rank_trending(papers, midnight(Date{2025, 3, 11}), params);
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_DOUBLE_EQ(ranked[0].score, 10 / std::pow(24.0 + 2.0, 1.8));
}

TEST(TrendingTest, AYoungerPaperWithFewerVotesCanOutrankAnOlderOne) {
  TrendingParams params;
  std::vector<VotedPaper> papers = {{1, Date{2025, 3, 4}, 40}, {2, Date{2025, 3, 10}, 5}};
  auto ranked = rank_trending(papers, midnight(Date{2025, 3, 11}), params);
  EXPECT_EQ(ranked[0].doc_id, 2);
  // With no decay at all, votes decide.
  params.gravity = 0;
  ranked = rank_trending(papers, midnight(Date{2025, 3, 11}), params);
  EXPECT_EQ(ranked[0].doc_id, 1);
}

TEST(TrendingTest, OneMoreVoteMovesAPaperAboveItsEqual) {
  std::vector<VotedPaper> papers = {{1, Date{2025, 3, 10}, 3}, {2, Date{2025, 3, 10}, 4}};
  auto ranked = rank_trending(papers, midnight(Date{2025, 3, 11}), TrendingParams{});
  EXPECT_EQ(ranked[0].doc_id, 2);
}

TEST(TrendingTest, ClockStopsAtTheEndOfTheNewestDayKnown) {
  int64_t now = midnight(Date{2026, 11, 23}) + 3600;
  EXPECT_EQ(trending_clock(now, Date{2025, 3, 10}), midnight(Date{2025, 3, 11}));
  EXPECT_EQ(trending_clock(now, Date{2026, 11, 23}), now);
  EXPECT_EQ(trending_clock(now, Date{}), now);
}

TEST(TrendingTest, WindowEndsOnTheClocksDay) {
  TrendingParams params;
  params.window_days = 7;
  DateRange window = trending_window(midnight(Date{2025, 3, 11}), params);
  EXPECT_EQ(window.last, (Date{2025, 3, 10}));
  EXPECT_EQ(window.first, (Date{2025, 3, 4}));
  window = trending_window(midnight(Date{2025, 3, 11}) + 60, params);
  EXPECT_EQ(window.last, (Date{2025, 3, 11}));
}

}  // namespace
}  // namespace paperboy
