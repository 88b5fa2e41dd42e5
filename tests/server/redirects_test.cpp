// Every redirect stays on this site: the rule itself as a property over hostile strings, and
// the issue's attacks (the trailing-slash redirect, `next` after sign-in, the way back from a
// form) against the real server.
#include <gtest/gtest.h>

#include <random>

#include "hub_client.h"
#include "raw_client.h"
#include "server/http/same_site.h"
#include "server_fixture.h"
#include "support/browser_location.h"

namespace paperboy::testing {
namespace {

TEST(SameSiteTargetTest, KeepsPathsOfThisSite) {
  EXPECT_EQ(same_site_target("/"), "/");
  EXPECT_EQ(same_site_target("/papers/2410.14649?sort=votes#comments"),
            "/papers/2410.14649?sort=votes#comments");
  EXPECT_EQ(same_site_target("/authors/Ada Lovelace"), "/authors/Ada%20Lovelace");
  EXPECT_EQ(same_site_target("/authors/Jos\xC3\xA9"), "/authors/Jos%C3%A9");
  EXPECT_EQ(same_site_target("/search?q=a//b"),
            "/search?q=a//b");  // slashes in a query are no host
}

TEST(SameSiteTargetTest, RefusesEveryWayOffTheSite) {
  for (const std::string& text : std::vector<std::string>{
           "", "evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
           "/\t/evil.example/", "/\n/evil.example", "/\r\nSet-Cookie: a=b", "https://evil.example/",
           "javascript:alert(1)", " //evil.example", "/./", "/../evil", "/a/../../b", "/a\\b",
           std::string("/a\0b", 4), "\x7f/"}) {
    EXPECT_FALSE(same_site_target(text).has_value()) << text;
  }
}

TEST(SameSiteTargetTest, NoTargetItGivesLeavesTheSiteForRandomStrings) {
  const std::vector<std::string> pieces = {"/",        "\\",
                                           "\t",       "\n",
                                           "\r",       " ",
                                           ".",        "..",
                                           ":",        "evil.example",
                                           "http:",    "?",
                                           "#",        "%2F",
                                           "@",        "a",
                                           "\xC3\xA9", std::string(1, '\0')};
  std::mt19937 random(32);
  size_t kept = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text;
    const int n = 1 + int(random() % 6);
    for (int j = 0; j < n; ++j) text += pieces[random() % pieces.size()];
    auto target = same_site_target(text);
    if (!target) continue;
    ++kept;
    ASSERT_EQ((*target)[0], '/') << text;
    ASSERT_FALSE(browser_leaves_site(*target)) << "'" << text << "' -> '" << *target << "'";
    for (unsigned char c : *target) ASSERT_TRUE(c > 0x20 && c < 0x7f) << text;
  }
  EXPECT_GT(kept, 1000u);  // the generator reaches paths it must keep too
}

TEST(SameSiteReferenceTest, CommentLinksToAnotherHostAreNotThisSite) {
  for (const char* url : {"/papers/1", "#c3", "?page=2", "papers/1", "/"})
    EXPECT_TRUE(is_same_site_reference(url)) << url;
  for (const char* url :
       {"//evil.example", "//evil.example/x", "\\\\evil.example", "/\\evil.example",
        " //evil.example", "/\t/evil.example", "javascript:alert(1)", "data:text/html,x"}) {
    EXPECT_FALSE(is_same_site_reference(url)) << url;
  }
}

using RedirectAttackTest = ServerFixture;

std::string location_for(int port, const std::string& target) {
  std::string answer =
      raw_exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const size_t at = answer.find("\r\nLocation: ");
  if (at == std::string::npos) return "";
  const size_t start = at + 12;
  return answer.substr(start, answer.find("\r\n", start) - start);
}

TEST_F(RedirectAttackTest, TheTrailingSlashRedirectNeverLeavesTheSite) {
  for (const char* target :
       {"/%2Fevil.example/", "/%2F%2Fevil.example/", "/%5Cevil.example/", "/%5C%5Cevil.example/",
        "/%09/evil.example/", "/%0A/evil.example/", "/%2F%09evil.example//"}) {
    const std::string location = location_for(server_->port(), target);
    EXPECT_FALSE(browser_leaves_site(location)) << target << " -> " << location;
  }
  EXPECT_EQ(location_for(server_->port(), "/trending/"),
            "/trending");  // the redirect still serves readers
  // A paper's address with a slash after it goes to the paper, not to an id parser's complaint
  // (issue 36, item 20); an old-style id keeps its own slash.
  EXPECT_EQ(location_for(server_->port(), "/papers/2510.17681/"), "/papers/2510.17681");
  EXPECT_EQ(location_for(server_->port(), "/papers/math/0309136/"), "/papers/math/0309136");
  EXPECT_EQ(get("/papers/math/0309136")->status, 200);
}

TEST_F(RedirectAttackTest, NextAfterSignInStaysOnTheSite) {
  HubClient reader(server_->port());
  ASSERT_EQ(
      reader.sign_up("next-attack@example.org", "Next Attack", "correct horse battery")->status,
      303);
  for (const char* next : {"/\t/evil.example/", "//evil.example", "/\\evil.example",
                           "https://evil.example/", "/\n/evil.example"}) {
    HubClient client(server_->port());
    auto res = client.post_form(
        "/signin", "/signin?next=" + httplib::detail::encode_query_param(next),
        {{"email", "next-attack@example.org"}, {"password", "correct horse battery"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/") << next;
  }
  HubClient client(server_->port());
  auto res = client.post_form(
      "/signin", "/signin?next=%2Ftrending",
      {{"email", "next-attack@example.org"}, {"password", "correct horse battery"}});
  EXPECT_EQ(res->get_header_value("Location"), "/trending");
}

TEST_F(RedirectAttackTest, FormsSendTheReaderBackOnlyToThisSite) {
  HubClient reader(server_->port());
  ASSERT_EQ(
      reader.sign_up("back-attack@example.org", "Back Attack", "correct horse battery")->status,
      303);
  const std::string id = listed_paper();
  for (const char* next : {"/\t/evil.example/", "//evil.example", "/\\evil.example"}) {
    auto hidden =
        reader.post_form("/for-you", "/papers/" + id + "/not-interested", {{"next", next}});
    ASSERT_TRUE(hidden);
    EXPECT_FALSE(browser_leaves_site(hidden->get_header_value("Location"))) << next;
    auto followed =
        reader.post_form("/for-you", "/follow",
                         {{"kind", "category"}, {"value", "cs.LG"}, {"on", "1"}, {"next", next}});
    ASSERT_TRUE(followed);
    EXPECT_FALSE(browser_leaves_site(followed->get_header_value("Location"))) << next;
    auto created =
        reader.post_form("/collections", "/collections", {{"title", "Reading"}, {"next", next}});
    ASSERT_TRUE(created);
    EXPECT_FALSE(browser_leaves_site(created->get_header_value("Location"))) << next;
  }
}

}  // namespace
}  // namespace paperboy::testing
