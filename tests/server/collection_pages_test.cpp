// Collections on the web and in the API (issue 19, item 3): made, filled from paper pages,
// reordered, exported as Atom, BibTeX and RIS; private ones hidden; kept by their owner or the
// owning organisation's members.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "server/hub_client.h"
#include "server/server_fixture.h"
#include "server/test_accounts.h"

namespace paperboy::testing {
namespace {

class CollectionPagesTest : public ServerFixture {
 protected:
  TestAccount account(const std::string& name) {
    return sign_up_account(server_->port(), *test_store_,
                           "collections" + std::to_string(++accounts_) + "@example.org", name);
  }
  static bool contains(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
  }
  // Makes a collection with the page's form; its number.
  static std::string create(TestAccount& a, const httplib::Params& fields) {
    auto made = a.client.post_form("/collections", "/collections", fields);
    EXPECT_EQ(made->status, 303) << made->body;
    std::smatch m;
    const std::string location = made->get_header_value("Location");
    EXPECT_TRUE(std::regex_match(location, m, std::regex(R"(/collections/(\d+))"))) << location;
    return m.size() > 1 ? m[1].str() : "0";
  }
  static std::vector<std::string> day_ids(size_t n) {
    std::vector<std::string> ids;
    for (const auto& item : get_json("/api/daily_papers?date=2026-08-18&limit=100", 200)) {
      if (ids.size() < n) ids.push_back(item["paper"]["id"]);
    }
    return ids;
  }
  static std::vector<std::string> order_of(const json& collection) {
    std::vector<std::string> ids;
    for (const auto& item : collection["items"]) ids.push_back(item["paper"]["id"]);
    return ids;
  }

  inline static int accounts_ = 0;
};

TEST_F(CollectionPagesTest, MadeFilledFromPaperPagesReorderedAndExported) {
  TestAccount keeper = account("Collection Keeper"), other = account("Collection Visitor");
  const std::string id =
      create(keeper, {{"title", "Agents reading list"}, {"description", "For Thursdays"}});
  const auto papers = day_ids(3);
  ASSERT_EQ(papers.size(), 3u);
  for (const auto& paper : papers) {
    const std::string page = "/papers/" + paper;
    ASSERT_TRUE(contains(keeper.client.get(page)->body, "Agents reading list"));
    auto added = keeper.client.post_form(
        page, "/collections/add",
        {{"collection", id}, {"paper", paper}, {"note", "read " + paper}, {"next", page}});
    ASSERT_EQ(added->status, 303) << added->body;
    // Back on the paper's page, with the box open and saying where the paper went.
    const std::string back = added->get_header_value("Location");
    EXPECT_EQ(back, fmt::format("{}?added={}#collections", page, id));
    const std::string shown = keeper.client.get(back.substr(0, back.find('#')))->body;
    EXPECT_TRUE(contains(shown, "id=\"collections\" open>")) << shown;
    EXPECT_TRUE(
        contains(shown, "Added to <a href=\"/collections/" + id + "\">Agents reading list</a>."));
    // Only while that collection holds it, and only for a collection of the reader's.
    EXPECT_FALSE(contains(keeper.client.get(page + "?added=999999")->body, "Added to"));
  }
  EXPECT_FALSE(contains(keeper.client.get("/papers/" + papers[0])->body, "Added to"));
  // The notices' parameters are attacked: a `next` that leaves the site still lands here, and
  // neither ?added= nor ?moved= puts the reader's text on the page or names someone else's
  // collection. (Encoded slashes are RedirectAttackTest's: it reads Location raw, where
  // cpp-httplib decodes it.)
  for (const char* away :
       {"//evil.example/x", "/\\evil.example", "https://evil.example/", "/papers/../../x"}) {
    auto added =
        keeper.client.post_form("/papers/" + papers[0], "/collections/add",
                                {{"collection", id}, {"paper", papers[0]}, {"next", away}});
    ASSERT_EQ(added->status, 303) << away;
    const std::string to = added->get_header_value("Location");
    EXPECT_TRUE(to.starts_with("/") && !to.starts_with("//") && !to.starts_with("/\\") &&
                to.find("evil") == std::string::npos)
        << away << " led to " << to;
  }
  const std::string theirs = create(other, {{"title", "Someone else's list"}});
  EXPECT_FALSE(contains(keeper.client.get("/papers/" + papers[0] + "?added=" + theirs)->body,
                        "Someone else's list"));
  EXPECT_FALSE(
      contains(keeper.client.get("/collections/" + id + "?moved=%3Cscript%3E")->body, "<script>"));
  const std::string path = "/collections/" + id;
  json collection = get_json("/api" + path, 200);
  EXPECT_EQ(collection["title"], "Agents reading list");
  EXPECT_EQ(collection["owner"]["name"], keeper.handle);
  EXPECT_EQ(order_of(collection), papers);
  EXPECT_EQ(collection["items"][1]["note"], "read " + papers[1]);

  // The last paper to the top, with the page's "Move up" form twice. Each time the page comes
  // back at the item moved, saying where it is now.
  for (const char* position : {"1", "0"}) {
    auto moved = keeper.client.post_form(path, path + "/items/move",
                                         {{"paper", papers[2]}, {"position", position}});
    ASSERT_EQ(moved->status, 303);
    EXPECT_EQ(moved->get_header_value("Location"),
              path + "?moved=" + papers[2] + "#item-" + papers[2]);
    const std::string shown = keeper.client.get(path + "?moved=" + papers[2])->body;
    EXPECT_TRUE(contains(shown, "id=\"item-" + papers[2] + "\"")) << shown;
    EXPECT_TRUE(contains(
        shown, std::string("Moved to place ") + (position[0] == '1' ? "2" : "1") + " of 3."));
  }
  EXPECT_FALSE(contains(keeper.client.get(path)->body, "Moved to place"));
  // Its keeper is not offered "Not interested" on the papers they collected; a reader is.
  EXPECT_FALSE(contains(keeper.client.get(path)->body, "Not interested"));
  EXPECT_TRUE(contains(other.client.get(path)->body, "Not interested"));
  EXPECT_EQ(order_of(get_json("/api" + path, 200)),
            (std::vector<std::string>{papers[2], papers[0], papers[1]}));

  // The feed and the citations in the collection's order.
  auto atom = get(path + ".atom");
  ASSERT_EQ(atom->status, 200);
  EXPECT_LT(atom->body.find(papers[2]), atom->body.find(papers[0]));
  EXPECT_LT(atom->body.find(papers[0]), atom->body.find(papers[1]));
  auto bib = get(path + ".bib");
  EXPECT_EQ(std::count(bib->body.begin(), bib->body.end(), '@'), 3);
  EXPECT_EQ(get(path + ".ris")->status, 200);

  // Someone else reads it but cannot change it; the owner's profile lists it.
  EXPECT_TRUE(contains(other.client.get(path)->body, "Agents reading list"));
  EXPECT_FALSE(contains(other.client.get(path)->body, "Move up"));
  EXPECT_EQ(other.client.post_form(path, path + "/items/remove", {{"paper", papers[0]}})->status,
            403);
  EXPECT_TRUE(contains(get("/u/" + keeper.handle)->body, "href=\"" + path + "\""));
  // Bad requests say what was wrong.
  EXPECT_EQ(keeper.client
                .post_form(path, path + "/items/move", {{"paper", papers[0]}, {"position", "-1"}})
                ->status,
            400);
  EXPECT_EQ(keeper.client
                .post_form("/papers/" + papers[0], "/collections/add",
                           {{"collection", id}, {"paper", "not-a-paper-id!"}})
                ->status,
            400);
  EXPECT_EQ(keeper.client.post_form("/collections", "/collections", {{"title", ""}})->status, 400);
  EXPECT_EQ(keeper.client
                .post_form(path, "/collections/99999999999999999999999/items/move",
                           {{"paper", papers[0]}, {"position", "0"}})
                ->status,
            404);
  EXPECT_EQ(get("/collections/99999999999999999999999")->status, 404);

  ASSERT_EQ(keeper.client.post_form(path, path + "/items/remove", {{"paper", papers[0]}})->status,
            303);
  EXPECT_EQ(order_of(get_json("/api" + path, 200)),
            (std::vector<std::string>{papers[2], papers[1]}));
}

TEST_F(CollectionPagesTest, APrivateCollectionIsItsOwnersAlone) {
  TestAccount keeper = account("Private Keeper"), other = account("Curious Reader");
  const std::string id = create(keeper, {{"title", "Secret list"}, {"private", "1"}});
  const std::string path = "/collections/" + id;
  EXPECT_EQ(keeper.client.get(path)->status, 200);
  EXPECT_EQ(other.client.get(path)->status, 404);
  EXPECT_EQ(get(path)->status, 404);
  expect_error("/api" + path, 404);
  EXPECT_EQ(get(path + ".atom")->status, 404);
  EXPECT_FALSE(contains(get("/u/" + keeper.handle)->body, "Secret list"));
  EXPECT_TRUE(contains(keeper.client.get("/u/" + keeper.handle)->body, "Secret list"));
}

TEST_F(CollectionPagesTest, AnOrganisationsMembersKeepItsCollections) {
  TestAccount admin = account("Org Keeper"), member = account("Org Helper"),
              outsider = account("Not In Org");
  ASSERT_EQ(
      admin.client.post_form("/orgs", "/orgs", {{"name", "shelf-lab"}, {"fullname", "Shelf Lab"}})
          ->status,
      303);
  ASSERT_EQ(admin.client
                .post_form("/orgs/shelf-lab", "/orgs/shelf-lab/members",
                           {{"handle", member.handle}, {"role", "member"}})
                ->status,
            200);  // an invitation
  ASSERT_EQ(
      member.client.post_form("/orgs/shelf-lab", "/orgs/shelf-lab/invitation", {{"accept", "1"}})
          ->status,
      303);
  EXPECT_EQ(outsider.client
                .post_form("/collections", "/collections",
                           {{"title", "Not mine"}, {"owner", "shelf-lab"}})
                ->status,
            403);
  const std::string id = create(admin, {{"title", "Lab picks"}, {"owner", "shelf-lab"}});
  const auto papers = day_ids(1);
  auto added = member.client.api("POST", "/api/collections/" + id + "/items",
                                 R"({"paper": ")" + papers[0] + R"(", "note": "from the API"})");
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(json::parse(added->body)["owner"]["type"], "org");
  EXPECT_EQ(
      outsider.client
          .api("POST", "/api/collections/" + id + "/items", R"({"paper": ")" + papers[0] + R"("})")
          ->status,
      403);
  EXPECT_TRUE(contains(get("/orgs/shelf-lab")->body, "href=\"/collections/" + id + "\""));
  auto removed = member.client.api("DELETE", "/api/collections/" + id + "/items/" + papers[0]);
  ASSERT_EQ(removed->status, 200) << removed->body;
  EXPECT_TRUE(json::parse(removed->body)["items"].empty());
}

}  // namespace
}  // namespace paperboy::testing
