// Handles, profiles, author claims, "submitted by" and the replies feed over real HTTP (issue 18).
#include <gtest/gtest.h>

#include "server/hub_client.h"
#include "server/server_fixture.h"
#include "server/test_accounts.h"

namespace paperboy::testing {
namespace {

class ProfilePagesTest : public ServerFixture {
 protected:
  using Account = TestAccount;
  Account account(const std::string& name, Role role = Role::kReader) {
    return sign_up_account(server_->port(), *test_store_,
                           "profile" + std::to_string(++accounts_) + "@example.org", name, role);
  }
  static json paper_item(size_t n) {
    return get_json("/api/daily_papers?date=2025-10-21&limit=100", 200)[n];
  }
  static bool contains(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
  }

  inline static int accounts_ = 0;
};

TEST_F(ProfilePagesTest, AChangedHandleRedirectsFromTheOldOne) {
  Account ada = account("Ada Lovelace");
  const std::string old_handle = ada.handle;
  const std::string new_handle = "countess-" + std::to_string(accounts_);
  auto changed =
      ada.client.post_form("/settings", "/settings/public",
                           {{"handle", new_handle},
                            {"affiliation", "Analytical Engines Ltd"},
                            {"links", "https://example.org/ada\nhttps://github.com/ada"}});
  ASSERT_EQ(changed->status, 303) << changed->body;
  EXPECT_EQ(changed->get_header_value("Location"), "/u/" + new_handle + "?saved=1");
  // The owner is told it was saved (issue 36, item 18); anyone else sees the profile alone.
  EXPECT_NE(ada.client.get("/u/" + new_handle + "?saved=1")->body.find("public profile was saved"),
            std::string::npos);
  EXPECT_EQ(get("/u/" + new_handle + "?saved=1")->body.find("public profile was saved"),
            std::string::npos);
  auto profile = get("/u/" + new_handle);
  ASSERT_EQ(profile->status, 200);
  EXPECT_TRUE(contains(profile->body, "Analytical Engines Ltd"));
  EXPECT_TRUE(
      contains(profile->body, "href=\"https://github.com/ada\" rel=\"nofollow ugc noopener me\""));
  auto old = get("/u/" + old_handle);
  EXPECT_EQ(old->status, 301);
  EXPECT_EQ(old->get_header_value("Location"), "/u/" + new_handle);
  EXPECT_EQ(get("/u/nobody-at-all")->status, 404);
  EXPECT_EQ(get("/u/..%2Fadmin")->status, 404);
}

TEST_F(ProfilePagesTest, ABadOrTakenHandleIsRefusedWithTheReason) {
  Account ada = account("Ada Two"), alan = account("Alan Two");
  auto bad = ada.client.post_form("/settings", "/settings/public", {{"handle", "no spaces"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(contains(bad->body, "a handle holds only letters"));
  auto taken = ada.client.post_form("/settings", "/settings/public", {{"handle", alan.handle}});
  EXPECT_EQ(taken->status, 400);
  EXPECT_TRUE(contains(taken->body, "is taken"));
  auto link = ada.client.post_form("/settings", "/settings/public",
                                   {{"handle", ada.handle}, {"links", "javascript:alert(1)"}});
  EXPECT_EQ(link->status, 400);
  EXPECT_TRUE(contains(link->body, "is not a web address"));
}

TEST_F(ProfilePagesTest, AnApprovedClaimPutsThePaperOnTheProfileAndLinksTheAuthor) {
  Account author = account("Claiming Author"),
          moderator = account("Claim Moderator", Role::kModerator);
  json item = paper_item(1);
  const std::string id = item["paper"]["id"];
  const std::string first_author = item["paper"]["authors"][0]["name"];
  auto claimed =
      author.client.post_form("/papers/" + id, "/papers/" + id + "/claim", {{"position", "1"}});
  ASSERT_EQ(claimed->status, 303);
  EXPECT_TRUE(
      contains(author.client.get(claimed->get_header_value("Location"))->body, "Your claim waits"));
  EXPECT_TRUE(
      contains(author.client.get("/u/" + author.handle)->body, "Claims waiting for a moderator"));
  auto store = std::move(test_store_->open()).value();
  auto pending = store->profiles().claims_of(author.id);
  ASSERT_EQ(pending->size(), 1u);
  const std::string queue = moderator.client.get("/moderation")->body;
  EXPECT_TRUE(contains(queue, "data-claim=\"" + std::to_string(pending->front().id) + "\""));
  auto approved = moderator.client.post_form(
      "/moderation", "/moderation/claims/" + std::to_string(pending->front().id),
      {{"action", "approve"}, {"reason", "checked the affiliation"}});
  ASSERT_EQ(approved->status, 303);
  EXPECT_TRUE(contains(get("/u/" + author.handle)->body, "/papers/" + id));
  const std::string page = get("/papers/" + id)->body;
  EXPECT_TRUE(contains(page, "<a href=\"/u/" + author.handle + "\" class=\"claimed\""));
  json flat = get_json("/api/papers/" + id, 200);
  EXPECT_EQ(flat["authors"][0]["user"]["user"], author.handle);
  EXPECT_FALSE(flat["authors"].size() > 1 && flat["authors"][1].contains("user"));
  // The author page names the profile, and still lists the claimed paper (issue 36, item 13:
  // it listed only the unclaimed ones, so "1 papers" over an empty list).
  const std::string author_page = get("/authors/" + first_author)->body;
  EXPECT_TRUE(contains(author_page, "People of this name with a profile"));
  EXPECT_TRUE(contains(author_page, "href=\"/u/" + author.handle + "\""));
  EXPECT_TRUE(contains(author_page, "href=\"/papers/" + id + "\""));
  EXPECT_FALSE(contains(author_page, " 1 papers"));
}

TEST_F(ProfilePagesTest, APaperSubmittedHereNamesItsSubmitterWithAProfileLink) {
  Account submitter = account("Paper Submitter");
  {
    auto store = std::move(test_store_->open()).value();
    Paper fresh = make_paper("2601.00042", "A paper submitted by a reader here");
    ASSERT_TRUE(store->upsert(std::vector<Paper>{fresh}).ok());
  }
  auto res = submitter.client.api("POST", "/api/submit", R"({"id": "2601.00042"})");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["submittedBy"]["user"], submitter.handle);
  json flat = get_json("/api/papers/2601.00042", 200);
  EXPECT_EQ(flat["submittedOnDailyBy"]["user"], submitter.handle);
  EXPECT_EQ(flat["submittedOnDailyBy"]["fullname"], "Paper Submitter");
  const std::string page = get("/papers/2601.00042")->body;
  EXPECT_TRUE(
      contains(page, "Submitted by <a href=\"/u/" + submitter.handle + "\">Paper Submitter</a>"));
  // A paper of the imported hub lists: its submitter named, with no profile here.
  json hub_item = paper_item(0);
  if (!hub_item["submittedBy"].is_null()) {
    const std::string name = hub_item["submittedBy"]["fullname"];
    const std::string hub_page = get("/papers/" + hub_item["paper"]["id"].get<std::string>())->body;
    EXPECT_TRUE(contains(hub_page, "Submitted by " + name)) << name;
  }
}

TEST_F(ProfilePagesTest, AFollowersRepliesFeedHasTheNewComments) {
  Account follower = account("Feed Follower"), talker = account("Feed Talker");
  const std::string id = paper_item(2)["paper"]["id"];
  ASSERT_EQ(follower.client
                .post_form("/papers/" + id, "/papers/" + id + "/follow-discussion", {{"on", "1"}})
                ->status,
            303);
  const std::string page = follower.client.get("/papers/" + id)->body;
  const size_t at = page.find("/feeds/replies.atom?token=");
  ASSERT_NE(at, std::string::npos);
  const std::string feed_url = page.substr(at, page.find('"', at) - at);
  auto posted = talker.client.api("POST", "/api/papers/" + id + "/comments",
                                  R"({"text": "A **new** point"})");
  ASSERT_EQ(posted->status, 201);
  auto feed = get(feed_url);
  ASSERT_EQ(feed->status, 200);
  EXPECT_EQ(feed->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(contains(feed->body, "@" + talker.handle + " on "));
  EXPECT_TRUE(contains(feed->body, "&lt;strong&gt;new&lt;/strong&gt;"));
  EXPECT_EQ(get("/feeds/replies.atom?token=forged")->status, 403);
}

}  // namespace
}  // namespace paperboy::testing
