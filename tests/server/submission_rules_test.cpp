// The daily list's rules (issue 19.6), as on Hugging Face: a paper at most N days old, at most M
// a reader a day, listed once; every refusal in the reader's words.
#include <gtest/gtest.h>

#include "server/rules/community_actions.h"
#include "test_support.h"

namespace paperboy {
namespace {

class SubmissionRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_.path() / "store.sqlite").string())).value();
    std::vector<Paper> papers;
    for (int i = 0; i < 5; ++i) {
      Paper p = testing::make_paper("2608.0000" + std::to_string(i),
                                    "A fresh paper " + std::to_string(i));
      p.published = Date{2026, 8, 10};
      papers.push_back(p);
    }
    Paper old = testing::make_paper("2607.00001", "An old paper");
    old.published = Date{2026, 7, 1};
    papers.push_back(old);
    ASSERT_TRUE(store_->upsert(papers).ok());
    reader_ = *store_->community().create_user("reader@example.org", "Reader", "h", 1);
  }
  ActionOutcome submit(const std::string& id, const SubmissionRules& rules) {
    return submit_paper(*store_, reader_, id, now_, nullptr, rules);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t reader_ = 0;
  // 2026-08-18 12:00 UTC: the fresh papers are 8 days old, the old one 48.
  int64_t now_ = days_since_epoch(Date{2026, 8, 18}) * 86400 + 12 * 3600;
};

TEST_F(SubmissionRulesTest, APaperOlderThanTheLimitIsRefusedInTheReadersWords) {
  ActionOutcome old = submit("2607.00001", {.max_age_days = 14, .per_day = 0});
  EXPECT_EQ(old.refused, ErrorCode::kConflict);
  EXPECT_EQ(old.detail,
            "2607.00001 was first published on 2026-07-01, 48 days ago; the daily list takes "
            "papers at most 14 days "
            "old. Save it to your library or discuss it on its page instead.");
  EXPECT_TRUE((**store_->get("2607.00001")).paper.hub_day.empty());
  EXPECT_EQ(submit("2608.00000", {.max_age_days = 14, .per_day = 0}).done, Done::kCreated);
  EXPECT_EQ(submit("2607.00001", {.max_age_days = 0, .per_day = 0}).done,
            Done::kCreated);  // 0: any age
}

TEST_F(SubmissionRulesTest, OneReaderListsAtMostSoManyADay) {
  const SubmissionRules two_a_day{.max_age_days = 14, .per_day = 2};
  EXPECT_EQ(submit("2608.00000", two_a_day).done, Done::kCreated);
  EXPECT_EQ(submit("2608.00001", two_a_day).done, Done::kCreated);
  ActionOutcome third = submit("2608.00002", two_a_day);
  EXPECT_EQ(third.refused, ErrorCode::kRateLimited);
  EXPECT_EQ(third.retry_after, 12 * 3600);  // until midnight UTC
  EXPECT_NE(third.detail.find("You have submitted 2 papers today (UTC)"), std::string::npos)
      << third.detail;
  EXPECT_TRUE((**store_->get("2608.00002")).paper.hub_day.empty());
  now_ += 12 * 3600;  // the next UTC day
  EXPECT_EQ(submit("2608.00002", two_a_day).done, Done::kCreated);
}

TEST_F(SubmissionRulesTest, APaperIsListedOnce) {
  EXPECT_EQ(submit("2608.00003", {}).done, Done::kCreated);
  ActionOutcome again = submit("2608.00003", {});
  EXPECT_EQ(again.refused, ErrorCode::kConflict);
  EXPECT_EQ(again.detail, "2608.00003 is already on the daily list of 2026-08-18.");
}

}  // namespace
}  // namespace paperboy
