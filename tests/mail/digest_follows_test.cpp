// The digest's "follows" section: this period's papers in followed categories, by followed
// authors, or of followed organisations (issue 19, item 2), most upvoted first, each saying why.
#include <gtest/gtest.h>

#include "mail/digest_sections.h"
#include "test_support.h"

namespace paperboy {
namespace {

class DigestFollowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_.path() / "store.sqlite").string())).value();
    Paper lab = testing::make_paper("2410.00001", "A paper of a followed lab");
    lab.organization = "SJTU";
    lab.organization_fullname = "Shanghai Jiao Tong University";
    lab.upvotes = 5;
    Paper robots = testing::make_paper("2410.00002", "A robotics paper");
    robots.categories = {"cs.RO"};
    robots.upvotes = 9;
    Paper other = testing::make_paper("2410.00003", "A paper of another lab");
    other.organization = "nvidia";
    other.organization_fullname = "NVIDIA";
    for (Paper* p : {&lab, &robots, &other}) p->hub_day = Date{2024, 10, 21};
    ASSERT_TRUE(store_->upsert(std::vector<Paper>{lab, robots, other}).ok());
    reader_ = *store_->community().create_user("reader@example.org", "Reader", "h", 1);
    subscription_.id = 1;
    subscription_.user_id = reader_;
    subscription_.sections = {"follows"};
  }
  Result<std::vector<DigestSection>> sections(int64_t now) {
    auto corpus = RecentCorpus::build(*store_, nullptr, now, 7);
    EXPECT_TRUE(corpus.ok());
    std::vector<TrendingEntry> trending;
    DigestRoundInputs inputs{**corpus, trending, 8, {}, now};
    return digest_sections(*store_, nullptr, subscription_, inputs);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Subscription subscription_;
  int64_t reader_ = 0;
};

TEST_F(DigestFollowsTest, FollowedOrganisationsAndCategoriesBringTheirPapers) {
  const int64_t day = 1729500000;  // 2024-10-21
  ASSERT_TRUE(
      *store_->preferences().set_follow(reader_, {Follow::Kind::kOrganization, "sjtu"}, true));
  ASSERT_TRUE(*store_->preferences().set_follow(reader_, {Follow::Kind::kCategory, "cs.RO"}, true));
  auto digest = sections(day);
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  ASSERT_EQ(digest->size(), 1u);
  const DigestSection& follows = digest->front();
  EXPECT_EQ(follows.key, "follows");
  ASSERT_EQ(follows.papers.size(), 2u);                        // not the other lab's
  EXPECT_EQ(follows.papers[0].stored.paper.id, "2410.00002");  // most upvoted first
  EXPECT_EQ(follows.papers[0].why, "In cs.RO, which you follow");
  EXPECT_EQ(follows.papers[1].stored.paper.id, "2410.00001");
  EXPECT_EQ(follows.papers[1].why, "From Shanghai Jiao Tong University, which you follow");
}

TEST_F(DigestFollowsTest, WithoutFollowsTheSectionHoldsNoPapers) {
  auto digest = sections(1729500000);
  ASSERT_TRUE(digest.ok());
  for (const auto& section : *digest) EXPECT_TRUE(section.papers.empty()) << section.key;
}

}  // namespace
}  // namespace paperboy
