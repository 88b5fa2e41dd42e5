// /for-you over the sample hub days: what a saved paper teaches it and how each pick is
// explained, "Not interested", follows for the cold start, the JSON API, the private Atom feed
// and saved searches.
#include <gtest/gtest.h>

#include <regex>

#include "hub_client.h"
#include "server_fixture.h"

namespace paperboy::testing {
namespace {

class ForYouRoutesTest : public ServerFixture {
 protected:
  HubClient signed_up(const std::string& email) {
    HubClient client(server_->port());
    auto res = client.sign_up(email, "Reader", "correct horse battery");
    EXPECT_TRUE(res && res->status == 303);
    return client;
  }
  // Papers of the newest sample day, the recommender's window.
  static json newest_day() { return get_json("/api/daily_papers?date=2026-08-18&limit=100", 200); }
  static std::string first_card(const std::string& html) {
    std::smatch m;
    return std::regex_search(html, m, std::regex(R"re(data-paper="([^"]+)")re")) ? m[1].str() : "";
  }
};

TEST_F(ForYouRoutesTest, NeedsSigningIn) {
  auto res = get("/for-you");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/signin?next=/for-you");
  expect_error("/api/for-you", 401);
}

TEST_F(ForYouRoutesTest, ColdStartFollowsThenTrending) {
  HubClient client = signed_up("cold@example.org");
  auto page = client.get("/for-you");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Save or upvote papers"), std::string::npos);

  json day = newest_day();
  ASSERT_FALSE(day.empty());
  // Follow an author of some paper of the window, with the button on their page.
  const std::string author = day[0]["paper"]["authors"][0]["name"];
  const std::string author_page = "/authors/" + httplib::detail::encode_query_param(author);
  auto page_of_author = client.get(author_page);
  ASSERT_EQ(page_of_author->status, 200);
  ASSERT_NE(page_of_author->body.find(R"(name="kind" value="author")"), std::string::npos)
      << "no follow button";
  auto followed = client.post_form(author_page, "/follow",
                                   {{"kind", "author"}, {"value", author}, {"on", "1"}});
  ASSERT_EQ(followed->status, 303);
  EXPECT_NE(client.get(author_page)->body.find(">Unfollow<"), std::string::npos);
  page = client.get("/for-you");
  EXPECT_NE(page->body.find("By " + author + ", whom you follow"), std::string::npos);
  // A bad follow is refused.
  EXPECT_EQ(
      client.post_form("/for-you", "/follow", {{"kind", "planet"}, {"value", "Mars"}})->status,
      400);
}

TEST_F(ForYouRoutesTest, SavedPapersSteerAndExplain) {
  HubClient client = signed_up("warm@example.org");
  json day = newest_day();
  ASSERT_GT(day.size(), 4u);
  const std::string saved = day[0]["paper"]["id"], saved_title = day[0]["paper"]["title"];
  ASSERT_EQ(
      client.post_form("/papers/" + saved, "/papers/" + saved + "/save", {{"tags", "reading"}})
          ->status,
      303);

  auto page = client.get("/for-you");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Because you saved"), std::string::npos);
  EXPECT_EQ(page->body.find("data-paper=\"" + saved + "\""), std::string::npos)
      << "a saved paper is not recommended";
  EXPECT_NE(page->body.find("/for-you?tag=reading"), std::string::npos);

  auto api = client.api("GET", "/api/for-you?limit=5");
  ASSERT_EQ(api->status, 200);
  json body = json::parse(api->body);
  EXPECT_EQ(body["learned_from"], 1);
  ASSERT_EQ(body["papers"].size(), 5u);
  EXPECT_EQ(body["papers"][0]["because"], saved);
  EXPECT_TRUE(body["papers"][0]["reason"].get<std::string>().starts_with("Because you saved"));
  EXPECT_TRUE(body["papers"][0].contains("paper"));  // the daily-papers item shape

  // "Not interested" hides the top pick from then on.
  const std::string top = first_card(page->body);
  ASSERT_FALSE(top.empty());
  auto hidden =
      client.post_form("/for-you", "/papers/" + top + "/not-interested", {{"next", "/for-you"}});
  ASSERT_EQ(hidden->status, 303);
  // Back to the page, which names what was hidden and offers an undo (issue 15.15).
  EXPECT_EQ(hidden->get_header_value("Location"), "/for-you?hidden=" + top + "#notice");
  page = client.get("/for-you?hidden=" + top);
  EXPECT_EQ(page->body.find("data-paper=\"" + top + "\""), std::string::npos);
  EXPECT_NE(page->body.find("id=\"notice\""), std::string::npos);
  EXPECT_EQ(client.get("/for-you?hidden=2510.17681")->body.find("id=\"notice\""), std::string::npos)
      << "no notice for a paper the reader did not hide";
  // Without the form's CSRF token nothing is hidden.
  const std::string next = first_card(page->body);
  EXPECT_EQ(client.post_form("/for-you", "/papers/" + next + "/not-interested", {}, false)->status,
            403);
  EXPECT_NE(client.get("/for-you")->body.find("data-paper=\"" + next + "\""), std::string::npos);
}

TEST_F(ForYouRoutesTest, PrivateFeedNeedsItsSignedLink) {
  HubClient client = signed_up("feed@example.org");
  auto page = client.get("/for-you");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page->body, m,
                                std::regex(R"re(href="(/feeds/for-you\.atom\?token=[^"]+)")re")));
  auto feed = get(m[1].str());
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200);
  EXPECT_EQ(feed->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed->body.find("<entry>"), std::string::npos);
  std::string forged = m[1].str();
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(get(forged)->status, 403);
  EXPECT_EQ(get("/feeds/for-you.atom")->status, 403);
}

// This server sends no mail (issue 15.14): searches are saved with their feeds, and nothing
// offers or promises an alert by mail. tests/browser/hub.test.mjs covers a server with mail.
TEST_F(ForYouRoutesTest, SavedSearchesWithoutMailPromiseNoAlerts) {
  HubClient client = signed_up("searcher@example.org");
  auto search = client.get("/search?q=diffusion");
  ASSERT_NE(search->body.find("Save this search"), std::string::npos);
  EXPECT_EQ(search->body.find("by mail"), std::string::npos);
  ASSERT_EQ(
      client.post_form("/search?q=diffusion", "/searches", {{"q", "diffusion"}, {"alert", "1"}})
          ->status,
      303);
  auto list = client.get("/searches");
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("/feeds/search.atom?q=diffusion"), std::string::npos);
  EXPECT_EQ(list->body.find("Stop alerts"), std::string::npos);
  EXPECT_EQ(list->body.find("digest"), std::string::npos);
  EXPECT_NE(list->body.find("This server sends no mail"), std::string::npos);
  EXPECT_EQ(client.post_form("/searches", "/searches", {{"q", ""}})->status, 400);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(list->body, m, std::regex(R"re(/searches/(\d+)/delete)re")));
  EXPECT_EQ(client.post_form("/searches", "/searches/" + m[1].str() + "/delete", {})->status, 303);
  EXPECT_NE(client.get("/searches")->body.find("None yet"), std::string::npos);
  EXPECT_EQ(client.post_form("/searches", "/searches/999999/delete", {})->status, 404);
}

}  // namespace
}  // namespace paperboy::testing
