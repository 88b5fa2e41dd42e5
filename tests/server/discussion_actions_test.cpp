// The rules of posting that do not depend on HTTP (issue 18): a new account's first posts held
// when the operator asks, moderators never held, suspended accounts refused.
#include "server/rules/discussion_actions.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

class DiscussionActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store((dir_.path() / "store.sqlite").string());
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    ASSERT_TRUE(
        store_->upsert(std::vector<Paper>{testing::make_paper("2410.00001", "A paper")}).ok());
    paper_ = **store_->get("2410.00001");
    admin_ = **store_->community().user_by_id(
        *store_->community().create_user("a@example.org", "Admin", "h", 1));
    newcomer_ = **store_->community().user_by_id(
        *store_->community().create_user("n@example.org", "New", "h", 1));
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  StoredPaper paper_;
  User admin_, newcomer_;
};

TEST_F(DiscussionActionsTest, ANewAccountsFirstPostsWaitWhenTheOperatorAsks) {
  const int64_t hold_first_posts = 2;
  EXPECT_EQ(
      add_discussion_post(*store_, hold_first_posts, newcomer_, paper_, "one", 0, 10).post.state,
      PostState::kHeld);
  EXPECT_EQ(
      add_discussion_post(*store_, hold_first_posts, newcomer_, paper_, "two", 0, 11).post.state,
      PostState::kHeld);
  EXPECT_EQ(
      add_discussion_post(*store_, hold_first_posts, newcomer_, paper_, "three", 0, 12).post.state,
      PostState::kVisible);
  EXPECT_EQ(add_discussion_post(*store_, hold_first_posts, admin_, paper_, "from the admin", 0, 13)
                .post.state,
            PostState::kVisible);
  EXPECT_EQ(add_discussion_post(*store_, 0, newcomer_, paper_, "off", 0, 14).post.state,
            PostState::kVisible);
}

TEST_F(DiscussionActionsTest, AHeldPostShowsOnlyToItsAuthorAndModerators) {
  const int64_t hold_first_posts = 1;
  PostOutcome held =
      add_discussion_post(*store_, hold_first_posts, newcomer_, paper_, "pending", 0, 10);
  ASSERT_EQ(held.done, Done::kCreated);
  EXPECT_TRUE(shows_words(held.post, newcomer_));
  EXPECT_TRUE(shows_words(held.post, admin_));
  User other = newcomer_;
  other.id = 999;
  EXPECT_FALSE(shows_place(held.post, other));
  EXPECT_FALSE(shows_place(held.post, std::nullopt));
}

TEST_F(DiscussionActionsTest, ASuspendedAccountCannotPost) {
  User suspended = newcomer_;
  suspended.suspended = 5;
  PostOutcome refused = add_discussion_post(*store_, 0, suspended, paper_, "words", 0, 10);
  EXPECT_EQ(refused.refused, ErrorCode::kForbidden);
  EXPECT_TRUE(
      store_->discussions().thread(paper_.doc_id, Discussions::Order::kNewest, 0, 10)->empty());
}

}  // namespace
}  // namespace paperboy
