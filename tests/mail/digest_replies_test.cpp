// The digest's "new in discussions you follow" section (issue 18): comments by others in the
// period before the digest, on papers the reader follows or discussed, named again whenever
// there is something new; nothing for a reader who did not ask for the section.
#include <gtest/gtest.h>

#include "mail/digest_sections.h"
#include "test_support.h"

namespace paperboy {
namespace {

class DigestRepliesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_.path() / "store.sqlite").string())).value();
    Paper followed = testing::make_paper("2410.00001", "A followed paper");
    Paper discussed = testing::make_paper("2410.00002", "A paper the reader commented on");
    Paper other = testing::make_paper("2410.00003", "A paper nobody follows");
    for (Paper* p : {&followed, &discussed, &other}) p->hub_day = Date{2024, 10, 21};
    ASSERT_TRUE(store_->upsert(std::vector<Paper>{followed, discussed, other}).ok());
    reader_ = *store_->community().create_user("reader@example.org", "Reader", "h", 1);
    talker_ = *store_->community().create_user("talker@example.org", "Talker", "h", 1);
    followed_ = (**store_->get("2410.00001")).doc_id;
    discussed_ = (**store_->get("2410.00002")).doc_id;
    other_ = (**store_->get("2410.00003")).doc_id;
    subscription_.id = 1;
    subscription_.user_id = reader_;
    subscription_.sections = {"replies"};
  }
  Result<std::vector<DigestSection>> sections(int64_t now) {
    auto corpus = RecentCorpus::build(*store_, nullptr, now, 7);
    EXPECT_TRUE(corpus.ok());
    std::vector<TrendingEntry> trending;
    DigestRoundInputs inputs{**corpus, trending, 8, {}, now};
    return digest_sections(*store_, nullptr, subscription_, inputs);
  }
  void post(int64_t doc_id, int64_t user, const std::string& text, int64_t at, int64_t parent = 0) {
    ASSERT_TRUE(
        store_->discussions().add_post(doc_id, user, parent, text, PostState::kVisible, at).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Subscription subscription_;
  int64_t reader_ = 0, talker_ = 0, followed_ = 0, discussed_ = 0, other_ = 0;
};

TEST_F(DigestRepliesTest, NewCommentsOnFollowedAndDiscussedPapersAreInTheDigest) {
  const int64_t day = 1729500000;
  ASSERT_TRUE(*store_->discussions().set_following(reader_, followed_, true, day - 90000));
  post(discussed_, reader_, "my question", day - 90000);
  auto mine = store_->discussions().thread(discussed_, Discussions::Order::kOldest, 0, 1);
  post(followed_, talker_, "too old for this digest", day - 90000);
  post(followed_, talker_, "first new comment", day - 3600);
  post(followed_, talker_, "second new comment", day - 1800);
  post(discussed_, talker_, "an answer to you", day - 600, mine->front().id);
  post(other_, talker_, "elsewhere", day - 600);
  post(followed_, reader_, "the reader's own words are not news to them", day - 300);
  auto digest = sections(day);
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  ASSERT_EQ(digest->size(), 1u);
  const DigestSection& replies = digest->front();
  EXPECT_EQ(replies.key, "replies");
  ASSERT_EQ(replies.papers.size(), 2u);
  EXPECT_EQ(replies.papers[0].stored.paper.id, "2410.00002");  // newest comment first
  EXPECT_EQ(replies.papers[0].why, "1 new comment · @talker: an answer to you");
  EXPECT_EQ(replies.papers[1].stored.paper.id, "2410.00001");
  EXPECT_EQ(replies.papers[1].why, "2 new comments · @talker: second new comment");
}

TEST_F(DigestRepliesTest, NothingNewMeansNoSectionAndTheSectionIsOptional) {
  const int64_t day = 1729500000;
  ASSERT_TRUE(*store_->discussions().set_following(reader_, followed_, true, day - 90000));
  EXPECT_TRUE(sections(day)->empty());
  post(followed_, talker_, "news", day - 60);
  subscription_.sections = {"trending"};
  auto digest = sections(day);
  ASSERT_TRUE(digest.ok());
  for (const auto& s : *digest) EXPECT_NE(s.key, "replies");
}

TEST_F(DigestRepliesTest, ALongCommentIsCutOnACharacterBoundary) {
  const int64_t day = 1729500000;
  ASSERT_TRUE(*store_->discussions().set_following(reader_, followed_, true, day - 90000));
  std::string text(119, 'a');
  text += "é and more words after the cut";
  post(followed_, talker_, text, day - 60);
  auto digest = sections(day);
  const std::string why = digest->front().papers.front().why;
  EXPECT_NE(why.find(std::string(119, 'a') + "…"), std::string::npos) << why;
}

}  // namespace
}  // namespace paperboy
