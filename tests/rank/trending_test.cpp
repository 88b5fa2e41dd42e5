#include "rank/trending.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "store/store.h"
#include "test_support.h"

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

namespace paperboy {
namespace {

// A quiet corpus (issue 36, item 21): today's listing has no votes yet, so the week ending today
// has nothing to rank; the page then ranks the last week that had votes, and says so.
TEST(TrendingStoreTest, AnEmptyWindowFallsBackToTheLastWindowWithVotes) {
  testing::TempDir dir;
  auto store = open_sqlite_store((dir / "store.sqlite").string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  Paper old_voted = testing::make_paper("2410.00001", "Voted a while ago");
  old_voted.hub_day = Date{2024, 10, 1};
  old_voted.upvotes = 5;
  Paper today = testing::make_paper("2410.00002", "Listed today, no votes yet");
  today.hub_day = Date{2024, 10, 21};
  ASSERT_TRUE((*store)->upsert(std::vector<Paper>{old_voted, today}).ok());
  const int64_t now = midnight(Date{2024, 10, 21}) + 12 * 3600;

  auto plain = trending_papers(**store, TrendingParams{}, now, 0, 10);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->empty()) << "without a window asked for, the week ending today is all";

  TrendingWindow window;
  auto fallen_back = trending_papers(**store, TrendingParams{}, now, 0, 10, &window);
  ASSERT_TRUE(fallen_back.ok());
  ASSERT_EQ(fallen_back->size(), 1u);
  EXPECT_EQ((*fallen_back)[0].stored.paper.id, "2410.00001");
  EXPECT_TRUE(window.fell_back);
  EXPECT_EQ(window.days.last, (Date{2024, 10, 1}));
  EXPECT_EQ(window.days.first, (Date{2024, 9, 25}));
}

}  // namespace
}  // namespace paperboy
