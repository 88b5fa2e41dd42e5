// Handles, roles, profiles and author claims, on both backends (issue 18).
#include <gtest/gtest.h>

#include <vector>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class ProfilesTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    Paper paper = make_paper("2410.14649", "A paper with three authors");
    paper.authors = {"Wei Zhang", "Ada Lovelace", "Wei Zhang"};
    ASSERT_TRUE(store_->upsert(std::vector<Paper>{paper}).ok());
    doc_ = (**store_->get("2410.14649")).doc_id;
    ada_ =
        *store_->community().create_user("ada@example.org", "Ada Lovelace", "$argon2id$fake", 100);
    wei_ = *store_->community().create_user("wei@example.org", "Wei Zhang", "$argon2id$fake", 100);
    other_wei_ = *store_->community().create_user("zhang.wei@example.org", "Wei Zhang",
                                                  "$argon2id$fake", 100);
  }
  Profiles& profiles() { return store_->profiles(); }
  User user(int64_t id) { return **store_->community().user_by_id(id); }

  int64_t doc_ = 0, ada_ = 0, wei_ = 0, other_wei_ = 0;
};
PAPERBOY_ON_EVERY_STORE(ProfilesTest);

TEST_P(ProfilesTest, NewAccountsGetFreeHandlesAndTheFirstIsAdmin) {
  EXPECT_EQ(user(ada_).handle, "ada-lovelace");
  EXPECT_EQ(user(wei_).handle, "wei-zhang");
  EXPECT_EQ(user(other_wei_).handle, "wei-zhang-2");
  EXPECT_EQ(user(ada_).role, Role::kAdmin);
  EXPECT_EQ(user(wei_).role, Role::kReader);
}

TEST_P(ProfilesTest, AChangedHandleStillFindsItsAccountAndIsNotGivenAway) {
  ASSERT_TRUE(profiles().set_handle(ada_, "Countess", 500).ok());
  EXPECT_EQ(user(ada_).handle, "Countess");
  auto now = profiles().user_by_handle("countess");
  ASSERT_TRUE(now.ok() && now->has_value());
  EXPECT_EQ((*now)->user.id, ada_);
  EXPECT_FALSE((*now)->former);
  auto old = profiles().user_by_handle("ada-lovelace");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->user.id, ada_);
  EXPECT_TRUE((*old)->former);
  auto taken = profiles().set_handle(wei_, "ADA-LOVELACE", 600);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_NE(taken.message().find("ADA-LOVELACE"), std::string::npos);
  EXPECT_EQ(profiles().set_handle(wei_, "countess", 600).error().code, ErrorCode::kConflict);
  // Taking one's own former handle back is allowed.
  ASSERT_TRUE(profiles().set_handle(ada_, "ada-lovelace", 700).ok());
  EXPECT_FALSE((*profiles().user_by_handle("ada-lovelace"))->former);
  EXPECT_FALSE(profiles().user_by_handle("nobody")->has_value());
}

TEST_P(ProfilesTest, RolesAndProfilesAreKept) {
  ASSERT_TRUE(profiles().set_role(wei_, Role::kModerator, ada_, 500).ok());
  EXPECT_EQ(user(wei_).role, Role::kModerator);
  EXPECT_TRUE(user(wei_).may_moderate());
  ASSERT_TRUE(profiles().set_profile(wei_, "Tsinghua University", "https://example.org/wei").ok());
  EXPECT_EQ(user(wei_).affiliation, "Tsinghua University");
  EXPECT_EQ(user(wei_).links, "https://example.org/wei");
  auto log = store_->discussions().moderation_log(5);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().action, "role:moderator");
  EXPECT_EQ(log->front().target, "user:" + std::to_string(wei_));
}

TEST_P(ProfilesTest, AnApprovedClaimLinksTheSlotToTheAccount) {
  auto claim = profiles().claim_author(wei_, doc_, 0, 1000);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  auto pending = profiles().claims_in_state(ClaimState::kPending, 10);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().paper_id, "2410.14649");
  EXPECT_EQ(pending->front().author_name, "Wei Zhang");
  EXPECT_EQ(pending->front().handle, "wei-zhang");
  const std::vector<int64_t> docs = {doc_};
  EXPECT_TRUE(profiles().claimed_slots(docs)->empty());
  ASSERT_TRUE(profiles().decide_claim(*claim, true, ada_, "matches the affiliation", 1100).ok());
  auto slots = profiles().claimed_slots(docs);
  ASSERT_EQ(slots->size(), 1u);
  EXPECT_EQ(slots->front().position, 0);
  EXPECT_EQ(slots->front().handle, "wei-zhang");
  EXPECT_EQ(profiles().decide_claim(*claim, false, ada_, "", 1200).error().code,
            ErrorCode::kConflict);
  auto log = store_->discussions().moderation_log(5);
  EXPECT_EQ(log->front().action, "claim-approve");
  EXPECT_EQ(log->front().reason, "matches the affiliation");
}

TEST_P(ProfilesTest, OneAccountHoldsASlotAndTwoPeopleOfOneNameAreKeptApart) {
  auto first = profiles().claim_author(wei_, doc_, 0, 1000);
  auto rival = profiles().claim_author(other_wei_, doc_, 0, 1000);
  ASSERT_TRUE(first.ok() && rival.ok());
  ASSERT_TRUE(profiles().decide_claim(*first, true, ada_, "", 1100).ok());
  EXPECT_EQ(profiles().decide_claim(*rival, true, ada_, "", 1200).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(profiles().claim_author(other_wei_, doc_, 0, 1300).error().code, ErrorCode::kConflict);
  auto third = profiles().claim_author(other_wei_, doc_, 2, 1300);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(profiles().decide_claim(*third, true, ada_, "", 1400).ok());
  auto named = profiles().claimed_slots_named("Wei Zhang");
  ASSERT_EQ(named->size(), 2u);
  EXPECT_EQ((*named)[0].handle, "wei-zhang");
  EXPECT_EQ((*named)[1].handle, "wei-zhang-2");
  EXPECT_EQ((*named)[1].position, 2);
}

TEST_P(ProfilesTest, AClaimNeedsAnAuthorAtThatPlaceAndARejectedOneMayBeMadeAgain) {
  auto beyond = profiles().claim_author(wei_, doc_, 3, 1000);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code, ErrorCode::kInvalid);
  auto claim = profiles().claim_author(wei_, doc_, 1, 1000);
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ(profiles().claim_author(wei_, doc_, 1, 1001).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(profiles().decide_claim(*claim, false, ada_, "not you", 1100).ok());
  auto again = profiles().claim_author(wei_, doc_, 1, 1200);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*profiles().claim(*again))->state, ClaimState::kPending);
  EXPECT_EQ(profiles().claims_of(wei_)->size(), 1u);
}

}  // namespace
}  // namespace paperboy
