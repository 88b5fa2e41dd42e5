// papers_for_you on a real store: a reader's saved papers steer the ranking, each pick names
// the saved paper it resembles, "not interested" papers never appear, and without saved papers
// the followed categories come first, then trending.
#include "rank/for_you.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>

#include "test_support.h"

namespace paperboy {
namespace {

class ForYouTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    std::vector<Paper> papers;
    const std::array<const char*, 2> topics = {"quantization of language models",
                                               "robot locomotion policies"};
    for (int i = 1; i <= 40; ++i) {
      Paper p = testing::make_paper(fmt::format("2410.{:05}", i),
                                    fmt::format("Study {} of {}", i, topics[i % 2]));
      p.abstract = fmt::format("We study {} in setting {}.", topics[i % 2], i);
      p.categories = {i % 2 == 0 ? "cs.CL" : "cs.RO"};
      p.hub_day = Date{2024, 10, 21};
      p.upvotes = i;
      papers.push_back(p);
    }
    ASSERT_TRUE(store_->upsert(papers).ok());
    user_ = *store_->community().create_user("ada@example.org", "Ada", "$argon2id$fake", 0);
    now_ = days_since_epoch(Date{2024, 10, 22}) * 86400;
  }
  int64_t doc(int i) { return (**store_->get(fmt::format("2410.{:05}", i))).doc_id; }
  ForYouList rank(size_t limit = 10) {
    auto corpus = RecentCorpus::build(*store_, nullptr, now_, 7);
    EXPECT_TRUE(corpus.ok());
    ForYouRequest request;
    request.user_id = user_;
    request.limit = limit;
    auto list = papers_for_you(*store_, **corpus, request);
    EXPECT_TRUE(list.ok()) << list.error().message;
    return std::move(*list);
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t user_ = 0, now_ = 0;
};

TEST_F(ForYouTest, SavedPapersSteerTheRankingAndExplainIt) {
  // Saves three language-model papers (even numbers) and upvotes one more.
  for (int i : {2, 4, 6}) ASSERT_TRUE(store_->community().save(user_, doc(i), {}, 100).ok());
  ASSERT_TRUE(store_->community().vote(user_, doc(8), 100).ok());
  auto list = rank(10);
  EXPECT_EQ(list.positives, 4u);
  ASSERT_EQ(list.items.size(), 10u);
  for (const auto& item : list.items) {
    EXPECT_EQ(item.stored.doc_id % 2, doc(2) % 2) << item.stored.paper.title;  // the same topic
    EXPECT_NE(item.stored.doc_id, doc(2));  // saved papers are not recommended back
    EXPECT_EQ(item.why, ForYouItem::Why::kLikeSaved);
    ASSERT_TRUE(item.because.has_value());
    // Issue 36, item 21: the paper it is near is named with what the reader did to it.
    const std::string why = why_text(item);
    EXPECT_EQ(why.find(item.because->doc_id == doc(8) ? "Because you upvoted “Study 8 "
                                                      : "Because you saved “Study "),
              0u)
        << why;
  }
}

TEST_F(ForYouTest, AnUpvotedPaperIsNamedAsUpvotedNotSaved) {
  for (int i : {2, 4, 6}) ASSERT_TRUE(store_->community().vote(user_, doc(i), 100).ok());
  auto list = rank(5);
  ASSERT_FALSE(list.items.empty());
  for (const auto& item : list.items) {
    ASSERT_TRUE(item.because.has_value());
    EXPECT_FALSE(item.because_saved);
    EXPECT_EQ(why_text(item).find("Because you upvoted “Study "), 0u) << why_text(item);
  }
}

TEST_F(ForYouTest, NotInterestedPapersNeverAppear) {
  for (int i : {2, 4, 6}) ASSERT_TRUE(store_->community().save(user_, doc(i), {}, 100).ok());
  auto before = rank(40);
  ASSERT_FALSE(before.items.empty());
  const int64_t top = before.items[0].stored.doc_id;
  ASSERT_TRUE(*store_->preferences().set_not_interested(user_, top, true, 200));
  for (const auto& item : rank(40).items) EXPECT_NE(item.stored.doc_id, top);
}

TEST_F(ForYouTest, ColdStartFollowsThenTrending) {
  ASSERT_TRUE(*store_->preferences().set_follow(user_, {Follow::Kind::kCategory, "cs.RO"}, true));
  auto list = rank(25);
  EXPECT_EQ(list.positives, 0u);
  ASSERT_EQ(list.items.size(), 25u);
  for (size_t i = 0; i < 20; ++i) {  // the 20 robotics papers, most voted first
    EXPECT_EQ(list.items[i].why, ForYouItem::Why::kFollowed);
    EXPECT_EQ(list.items[i].stored.paper.categories[0], "cs.RO");
    EXPECT_EQ(why_text(list.items[i]), "In cs.RO, which you follow");
  }
  EXPECT_EQ(list.items[0].stored.paper.upvotes, 39);
  for (size_t i = 20; i < 25; ++i) EXPECT_EQ(list.items[i].why, ForYouItem::Why::kTrending);
}

}  // namespace
}  // namespace paperboy
