#include <gtest/gtest.h>

#include <vector>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class CommunityTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    Paper listed = make_paper("2410.00001", "Listed on the hub");
    listed.hub_day = Date{2024, 10, 21};
    listed.upvotes = 5;
    Paper unlisted = make_paper("2410.00002", "Only on arXiv");
    unlisted.published = Date{2024, 10, 20};
    ASSERT_TRUE(store_->upsert(std::vector<Paper>{listed, unlisted}).ok());
    listed_ = doc_id("2410.00001");
    unlisted_ = doc_id("2410.00002");
    auto ada = community().create_user("ada@example.org", "Ada", "$argon2id$fake", 100);
    ASSERT_TRUE(ada.ok()) << ada.error().message;
    ada_ = *ada;
    auto alan = community().create_user("alan@example.org", "Alan", "$argon2id$fake", 100);
    ASSERT_TRUE(alan.ok());
    alan_ = *alan;
  }
  Community& community() { return store_->community(); }
  int64_t doc_id(const std::string& id) {
    auto found = store_->get(id);
    return found.ok() && found->has_value() ? (**found).doc_id : 0;
  }
  Paper paper(const std::string& id) { return (**store_->get(id)).paper; }

  int64_t listed_ = 0, unlisted_ = 0, ada_ = 0, alan_ = 0;
};
PAPERBOY_ON_EVERY_STORE(CommunityTest);

TEST_P(CommunityTest, SecondAccountWithTheSameAddressIsRefused) {
  auto again = community().create_user("ada@example.org", "Ada again", "$argon2id$fake", 200);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("ada@example.org"), std::string::npos);
  EXPECT_EQ((*community().user_by_email("ada@example.org"))->name, "Ada");
}

// Issue 15.13: an account can change its address and name, and be deleted with its data.
TEST_P(CommunityTest, AnAccountChangesItsAddressButNotToAnotherAccounts) {
  ASSERT_TRUE(community().update_user(ada_, "ada@lovelace.org", "Ada L.").ok());
  EXPECT_EQ((*community().user_by_id(ada_))->email, "ada@lovelace.org");
  EXPECT_EQ((*community().user_by_id(ada_))->name, "Ada L.");
  auto taken = community().update_user(ada_, "alan@example.org", "Ada");
  ASSERT_FALSE(taken.ok());
  EXPECT_NE(taken.message().find("alan@example.org"), std::string::npos);
  EXPECT_EQ((*community().user_by_id(ada_))->email, "ada@lovelace.org");
  ASSERT_TRUE(community().set_password_hash(ada_, "$argon2id$new").ok());
  EXPECT_EQ((*community().user_by_id(ada_))->password_hash, "$argon2id$new");
}

TEST_P(CommunityTest, DeletingAnAccountTakesItsVotesOffThePapersAndKeepsOthers) {
  ASSERT_TRUE(*community().vote(ada_, listed_, 1000));
  ASSERT_TRUE(*community().vote(alan_, listed_, 1000));
  std::vector<std::string> tags{"to-read"};
  ASSERT_TRUE(community().save(ada_, unlisted_, tags, 1000).ok());
  ASSERT_TRUE(community().add_api_token("hash-ada", ada_, "script", 1000).ok());
  ASSERT_TRUE(community().add_session("session-ada", {ada_, "csrf", 5000}).ok());
  ASSERT_TRUE(community().delete_user(ada_).ok());
  EXPECT_FALSE(community().user_by_id(ada_)->has_value());
  EXPECT_FALSE(community().user_by_email("ada@example.org")->has_value());
  EXPECT_EQ(paper("2410.00001").community_votes, 1) << "Alan's vote stays, Ada's is gone";
  EXPECT_FALSE(community().api_token_user("hash-ada")->has_value());
  EXPECT_FALSE(community().session("session-ada", 2000)->has_value());
  EXPECT_TRUE(community().library(ada_, "")->empty());
  EXPECT_TRUE((*community().user_by_id(alan_)).has_value());
  // The address can sign up afresh.
  EXPECT_TRUE(community().create_user("ada@example.org", "Ada", "$argon2id$fake", 3000).ok());
}

// Issue 32: a number, once given, is never given again, even after the newest row is deleted
// (SQLite would otherwise give the next row the same number, and with it the deleted one's
// signed links).
TEST_P(CommunityTest, NumbersOfDeletedRowsAreNeverGivenAgain) {
  auto carol = community().create_user("carol@example.org", "Carol", "$argon2id$fake", 200);
  ASSERT_TRUE(carol.ok());
  auto subscription = store_->mailing().subscribe("carol@example.org", *carol, 200);
  ASSERT_TRUE(subscription.ok());
  auto collection =
      store_->collections().create_collection({.user_id = *carol}, "Mine", "", false, 200);
  ASSERT_TRUE(collection.ok());
  auto post = store_->discussions().add_post(listed_, *carol, 0, "hello", PostState::kVisible, 200);
  ASSERT_TRUE(post.ok()) << post.error().message;
  ASSERT_TRUE(store_->collections().delete_collection(*collection).ok());
  ASSERT_TRUE(community().delete_user(*carol).ok());  // takes the subscription with it

  auto dave = community().create_user("dave@example.org", "Dave", "$argon2id$fake", 300);
  ASSERT_TRUE(dave.ok());
  EXPECT_GT(*dave, *carol);
  auto dave_subscription = store_->mailing().subscribe("dave@example.org", *dave, 300);
  ASSERT_TRUE(dave_subscription.ok());
  EXPECT_GT(dave_subscription->id, subscription->id);
  auto dave_collection =
      store_->collections().create_collection({.user_id = *dave}, "Mine", "", false, 300);
  ASSERT_TRUE(dave_collection.ok());
  EXPECT_GT(*dave_collection, *collection);
  auto dave_post =
      store_->discussions().add_post(listed_, *dave, 0, "hi", PostState::kVisible, 300);
  ASSERT_TRUE(dave_post.ok());
  EXPECT_GT(*dave_post, *post);
}

TEST_P(CommunityTest, AVoteCountsOncePerUserAndAddsToTheHubCount) {
  EXPECT_TRUE(*community().vote(ada_, listed_, 1000));
  EXPECT_FALSE(*community().vote(ada_, listed_, 1001));
  EXPECT_TRUE(*community().vote(alan_, listed_, 1002));
  Paper voted = paper("2410.00001");
  EXPECT_EQ(voted.upvotes, 5);
  EXPECT_EQ(voted.community_votes, 2);
  EXPECT_EQ(voted.total_upvotes(), 7);
}

TEST_P(CommunityTest, UnvoteTakesBackOnlyAnExistingVote) {
  EXPECT_FALSE(*community().unvote(ada_, listed_));
  ASSERT_TRUE(*community().vote(ada_, listed_, 1000));
  EXPECT_TRUE(*community().unvote(ada_, listed_));
  EXPECT_FALSE(*community().unvote(ada_, listed_));
  EXPECT_EQ(paper("2410.00001").community_votes, 0);
}

TEST_P(CommunityTest, ReimportingAPaperKeepsTheVotesCastHere) {
  ASSERT_TRUE(*community().vote(ada_, listed_, 1000));
  Paper again = make_paper("2410.00001", "Listed on the hub", 2);
  again.hub_day = Date{2024, 10, 21};
  again.upvotes = 9;
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{again}).ok());
  EXPECT_EQ(paper("2410.00001").total_upvotes(), 10);
}

TEST_P(CommunityTest, VotedAmongNamesOnlyThisUsersVotes) {
  ASSERT_TRUE(*community().vote(ada_, listed_, 1000));
  std::vector<int64_t> both = {listed_, unlisted_};
  EXPECT_EQ(*community().voted_among(ada_, both), std::vector<int64_t>{listed_});
  EXPECT_TRUE(community().voted_among(alan_, both)->empty());
}

TEST_P(CommunityTest, SessionsExpire) {
  ASSERT_TRUE(community().add_session("hash-1", Session{ada_, "csrf-1", 2000}).ok());
  EXPECT_EQ((*community().session("hash-1", 1999))->user_id, ada_);
  EXPECT_FALSE(community().session("hash-1", 2000)->has_value());
  ASSERT_TRUE(community().delete_session("hash-1").ok());
  EXPECT_FALSE(community().session("hash-1", 1000)->has_value());
}

TEST_P(CommunityTest, ApiTokensCanBeRevokedOnlyByTheirOwner) {
  ASSERT_TRUE(community().add_api_token("token-hash", ada_, "laptop", 100).ok());
  EXPECT_EQ(*community().api_token_user("token-hash"), ada_);
  EXPECT_FALSE(*community().revoke_api_token(alan_, "token-hash"));
  EXPECT_TRUE(*community().revoke_api_token(ada_, "token-hash"));
  EXPECT_FALSE(community().api_token_user("token-hash")->has_value());
}

TEST_P(CommunityTest, SavingAgainReplacesTheTags) {
  std::vector<std::string> first = {"to-read", "llm"};
  std::vector<std::string> second = {"cited"};
  ASSERT_TRUE(community().save(ada_, listed_, first, 100).ok());
  ASSERT_TRUE(community().save(ada_, unlisted_, first, 200).ok());
  ASSERT_TRUE(community().save(ada_, listed_, second, 300).ok());
  auto all = community().library(ada_, "");
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].doc_id, unlisted_);  // saved later (the second save keeps the first date)
  EXPECT_EQ((*all)[1].tags, std::vector<std::string>{"cited"});
  auto tagged = community().library(ada_, "llm");
  ASSERT_EQ(tagged->size(), 1u);
  EXPECT_EQ((*tagged)[0].doc_id, unlisted_);
  EXPECT_EQ(*community().library_tags(ada_), (std::vector<std::string>{"cited", "llm", "to-read"}));
  EXPECT_TRUE(community().library(alan_, "")->empty());
  auto one = community().library_entry(ada_, listed_);
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((**one).tags, std::vector<std::string>{"cited"});
  EXPECT_FALSE(community().library_entry(alan_, listed_)->has_value());
}

TEST_P(CommunityTest, UnsaveRemovesTheEntryAndItsTags) {
  std::vector<std::string> tags = {"x"};
  ASSERT_TRUE(community().save(ada_, listed_, tags, 100).ok());
  EXPECT_TRUE(*community().unsave(ada_, listed_));
  EXPECT_TRUE(community().library(ada_, "")->empty());
  EXPECT_TRUE(community().library_tags(ada_)->empty());
}

TEST_P(CommunityTest, SubmittingListsAnUnlistedPaperOnceAndRaisesItsChange) {
  int64_t seq_before = store_->stats()->change_seq;
  EXPECT_TRUE(*community().submit(ada_, unlisted_, Date{2024, 10, 22}, 100));
  EXPECT_EQ(paper("2410.00002").hub_day, (Date{2024, 10, 22}));
  EXPECT_EQ((**store_->get("2410.00002")).change_seq, seq_before + 1);
  EXPECT_FALSE(*community().submit(alan_, unlisted_, Date{2024, 10, 23}, 200));
  EXPECT_EQ(paper("2410.00002").hub_day, (Date{2024, 10, 22}));
}

// Issue 18/19: the paper names its submitter's handle, and the store counts a reader's
// submissions for the daily cap.
TEST_P(CommunityTest, ASubmittedPaperNamesItsSubmitterAndCountsTowardsTheirDay) {
  EXPECT_EQ(*community().submissions_since(ada_, 0), 0);
  EXPECT_TRUE(*community().submit(ada_, unlisted_, Date{2024, 10, 22}, 100));
  EXPECT_EQ(paper("2410.00002").submitter, "ada");
  EXPECT_EQ(paper("2410.00002").submitter_fullname, "Ada");
  EXPECT_EQ(*community().submissions_since(ada_, 100), 1);
  EXPECT_EQ(*community().submissions_since(ada_, 101), 0);
  EXPECT_EQ(*community().submissions_since(alan_, 0), 0);
}

TEST_P(CommunityTest, SubmittingAPaperAlreadyOnTheFeedChangesNothing) {
  EXPECT_FALSE(*community().submit(ada_, listed_, Date{2024, 10, 25}, 100));
  EXPECT_EQ(paper("2410.00001").hub_day, (Date{2024, 10, 21}));
  // Nothing was recorded either, so the paper stays submittable by nobody and counted once.
  EXPECT_FALSE(*community().submit(alan_, listed_, Date{2024, 10, 25}, 100));
}

TEST_P(CommunityTest, VotedPapersAgeFromTheHubDayOrPublication) {
  ASSERT_TRUE(*community().vote(ada_, unlisted_, 1000));
  auto voted = community().voted_papers(DateRange{Date{2024, 10, 1}, Date{2024, 10, 31}});
  ASSERT_TRUE(voted.ok());
  ASSERT_EQ(voted->size(), 2u);
  for (const auto& v : *voted) {
    EXPECT_EQ(v.day, v.doc_id == listed_ ? (Date{2024, 10, 21}) : (Date{2024, 10, 20})) << v.doc_id;
  }
  EXPECT_TRUE(community().voted_papers(DateRange{Date{2024, 11, 1}, Date{2024, 11, 30}})->empty());
}

TEST_P(CommunityTest, HostileTextIsStoredLiterally) {
  std::string name = "Robert'); DROP TABLE users;--";
  auto id = community().create_user("bobby@example.org", name, "$argon2id$fake", 100);
  ASSERT_TRUE(id.ok());
  std::vector<std::string> tags = {"<script>alert(1)</script>", "' OR 1=1 --"};
  ASSERT_TRUE(community().save(*id, listed_, tags, 100).ok());
  EXPECT_EQ((*community().user_by_id(*id))->name, name);
  EXPECT_EQ((*community().library(*id, "' OR 1=1 --"))[0].doc_id, listed_);
  EXPECT_EQ((*community().user_by_email("ada@example.org"))->name, "Ada");
}

// Rate-limit buckets live in the store, so servers behind one balancer share them.
TEST_P(CommunityTest, ARateBucketEmptiesThenRefillsAtItsRateForEveryConnection) {
  auto other = reopen();  // a second server
  ASSERT_TRUE(other.ok()) << other.error().message;
  Community& second = (*other)->community();
  auto take = [](Community& c, const char* key, double now) {
    return *c.take_rate_token(key, 3, 0.5, now);
  };
  EXPECT_TRUE(take(community(), "sign-in:10.0.0.1", 100.0));
  EXPECT_TRUE(take(second, "sign-in:10.0.0.1", 100.0));
  EXPECT_TRUE(take(community(), "sign-in:10.0.0.1", 100.0));
  EXPECT_FALSE(take(second, "sign-in:10.0.0.1", 100.0))
      << "three at once, whichever server is asked";
  EXPECT_TRUE(take(second, "sign-in:10.0.0.2", 100.0));    // another client
  EXPECT_TRUE(take(community(), "vote:10.0.0.1", 100.0));  // another action
  EXPECT_FALSE(take(community(), "sign-in:10.0.0.1", 101.0));
  EXPECT_TRUE(take(second, "sign-in:10.0.0.1", 102.0));  // one every 2 s
  EXPECT_FALSE(take(community(), "sign-in:10.0.0.1", 102.5));
}

// A job lock is held by one connection at a time and free again once its holder lets go.
TEST_P(CommunityTest, AJobLockHasOneHolderAtATime) {
  auto other = reopen();
  ASSERT_TRUE(other.ok());
  auto held = store_->try_lock_job("harvest");
  ASSERT_TRUE(held.ok()) << held.error().message;
  ASSERT_NE(*held, nullptr);
  auto refused = (*other)->try_lock_job("harvest");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(*refused, nullptr) << "a second holder of the harvest lock";
  auto another_job = (*other)->try_lock_job("outbox");
  ASSERT_TRUE(another_job.ok());
  EXPECT_NE(*another_job, nullptr);
  held->reset();
  auto taken_over = (*other)->try_lock_job("harvest");
  ASSERT_TRUE(taken_over.ok());
  EXPECT_NE(*taken_over, nullptr);
}

}  // namespace
}  // namespace paperboy
