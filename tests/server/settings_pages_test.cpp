// Account settings over real HTTP: API tokens shown once and revoked, the name, address and
// password changed (each refusal saying why, each success said on the page it redirects to),
// the account deleted with its votes, and sign-in attempts rate limited.
#include <gtest/gtest.h>

#include <regex>

#include "server/community_api_fixture.h"

namespace paperboy::testing {
namespace {

// Issue 15.13: a new token is shown once, after a redirect (a reload creates nothing); name,
// address and password can change; the account can be deleted with its data.
TEST_F(CommunityApiTest, SettingsShowANewTokenOnceAndChangeTheAccount) {
  HubClient user = signed_in_user();
  auto created = user.post_form("/settings", "/settings/tokens", {{"label", "laptop"}});
  ASSERT_EQ(created->status, 303);
  EXPECT_EQ(created->get_header_value("Location"), "/settings#new-token");
  std::string shown = user.get("/settings")->body;
  std::smatch secret;
  ASSERT_TRUE(std::regex_search(shown, secret,
                                std::regex(R"re(<pre class="secret" id="secret">([^<]+)</pre>)re")))
      << shown;
  EXPECT_NE(shown.find("data-copy=\"secret\""), std::string::npos) << "a copy button";
  EXPECT_EQ(with_token("GET", "/api/me", secret[1].str())->status, 200);
  EXPECT_EQ(user.get("/settings")->body.find("class=\"secret\""), std::string::npos)
      << "shown only once";

  std::string email = "user" + std::to_string(users_) + "@example.org";
  EXPECT_EQ(
      user.post_form("/settings", "/settings/profile", {{"name", "Renamed"}, {"email", email}})
          ->status,
      303);
  EXPECT_NE(user.get("/settings")->body.find("value=\"Renamed\""), std::string::npos);
  auto no_password = user.post_form("/settings", "/settings/profile",
                                    {{"name", "Renamed"}, {"email", "new@example.org"}});
  EXPECT_EQ(no_password->status, 400);
  EXPECT_NE(no_password->body.find(
                "Nothing was changed: to change the email address, give your current password."),
            std::string::npos);
  // A new address signs out the account's other sessions, and says so on the page the form
  // redirects to, so a reload does not post it again (issue 36, item 18).
  auto moved = user.post_form(
      "/settings", "/settings/profile",
      {{"name", "Renamed"}, {"email", "new" + email}, {"password", "correct horse battery"}});
  EXPECT_EQ(moved->status, 303);
  EXPECT_EQ(moved->get_header_value("Location"), "/settings?done=email");
  EXPECT_NE(user.get("/settings?done=email")
                ->body.find("every other session of this account was signed out"),
            std::string::npos);
  auto renamed = user.post_form("/settings", "/settings/profile",
                                {{"name", "Renamed Again"}, {"email", "new" + email}});
  EXPECT_EQ(renamed->get_header_value("Location"), "/settings?done=profile");
  EXPECT_NE(user.get("/settings?done=profile")->body.find("Your name and address were saved."),
            std::string::npos);
  EXPECT_EQ(user.get("/settings?done=%3Cscript%3E")->body.find("&lt;script"), std::string::npos)
      << "the query names a notice; it carries no text of its own";
  auto wrong = user.post_form("/settings", "/settings/password",
                              {{"password", "guess"}, {"new_password", "another long one"}});
  EXPECT_EQ(wrong->status, 400);
  // Shown in place, marked as the answer to a post: the page's script then makes a reload ask
  // for /settings rather than post again (browser_hub tests it). Pages got by GET are not.
  EXPECT_NE(wrong->body.find("data-posted=\"1\""), std::string::npos);
  EXPECT_EQ(user.get("/settings")->body.find("data-posted"), std::string::npos);
  auto changed =
      user.post_form("/settings", "/settings/password",
                     {{"password", "correct horse battery"}, {"new_password", "another long one"}});
  EXPECT_EQ(changed->status, 303);
  EXPECT_EQ(changed->get_header_value("Location"), "/settings?done=password");
  EXPECT_NE(user.get("/settings?done=password")->body.find("Your password was changed"),
            std::string::npos);
  HubClient again(server_->port());
  EXPECT_EQ(again.sign_in("new" + email, "correct horse battery")->status, 401);
  EXPECT_EQ(again.sign_in("new" + email, "another long one")->status, 303);

  const std::string paper = unvoted_paper();
  ASSERT_EQ(user.api("POST", "/api/papers/" + paper + "/vote")->status, 200);
  EXPECT_EQ(upvotes(paper), 1);
  EXPECT_EQ(
      user.post_form("/settings", "/settings/delete", {{"password", "another long one"}})->status,
      400);
  auto deleted = user.post_form("/settings", "/settings/delete",
                                {{"password", "another long one"}, {"confirm", "1"}});
  EXPECT_EQ(deleted->status, 200);
  EXPECT_NE(deleted->body.find("Account deleted"), std::string::npos);
  EXPECT_EQ(upvotes(paper), 0) << "the deleted account's vote is taken back";
  EXPECT_EQ(with_token("GET", "/api/me", secret[1].str())->status, 401);
  EXPECT_EQ(HubClient(server_->port()).sign_in("new" + email, "another long one")->status, 401);
}

TEST_F(CommunityApiTest, RevokedTokensStopWorking) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  EXPECT_EQ(with_token("GET", "/api/me", token)->status, 200);
  std::string settings = user.get("/settings")->body;
  std::smatch hash;
  ASSERT_TRUE(
      std::regex_search(settings, hash, std::regex(R"re(name="token" value="([0-9a-f]+)")re")));
  auto res = user.post_form("/settings", "/settings/tokens/revoke", {{"token", hash[1].str()}});
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(with_token("GET", "/api/me", token)->status, 401);
}

TEST_F(CommunityApiTest, RepeatedSignInsAreRateLimited) {
  HubClient attacker(server_->port());
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = attacker.sign_in("nobody@example.org", "guess " + std::to_string(i));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++refused;
      // The fixture's sign-in buckets refill a token in 10,000 s: the wait said is that one
      // (issue 36, item 8), not a fixed minute that would only meet another refusal.
      EXPECT_EQ(res->get_header_value("Retry-After"), "10000");
      EXPECT_NE(res->body.find("3 hours"), std::string::npos) << res->body;
    } else {
      EXPECT_EQ(res->status, 401);
    }
  }
  EXPECT_GE(refused, 4);  // the fixture allows a burst of 15 (of which other tests use a few)
}

}  // namespace
}  // namespace paperboy::testing
