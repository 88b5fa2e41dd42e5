// Code and project links, hub artefacts and summaries in the hub's JSON, on pages and in search;
// who may change links (issue 19, item 1).
#include <gtest/gtest.h>

#include <fstream>

#include "index/index_writer.h"
#include "server/hub_client.h"
#include "server/server_fixture.h"
#include "server/test_accounts.h"

namespace paperboy::testing {
namespace {

class PaperLinksApiTest : public ServerFixture {
 protected:
  using Account = TestAccount;
  Account account(const std::string& name, Role role = Role::kReader) {
    return sign_up_account(server_->port(), *test_store_,
                           "links" + std::to_string(++accounts_) + "@example.org", name, role);
  }
  // A paper of our own whose abstract names its code, a model and a dataset, indexed.
  static void store_paper(const std::string& id, const std::string& abstract) {
    auto store = std::move(test_store_->open()).value();
    Paper paper = make_paper(id, "A paper with links " + id);
    paper.abstract = abstract;
    ASSERT_TRUE(store->upsert(std::vector<Paper>{paper}).ok());
    ASSERT_TRUE(update_lexical_index(*store, *dir_ / "index", {}).ok());
  }
  static bool contains(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
  }

  inline static int accounts_ = 0;
};

TEST_F(PaperLinksApiTest, LinksFoundInTheAbstractAreInTheHubsFields) {
  store_paper(
      "2601.00071",
      "We study links. Code is available at https://github.com/Example/Linked.git. The model is "
      "https://huggingface.co/example/linked-7b and the data "
      "https://huggingface.co/datasets/example/set.");
  json flat = get_json("/api/papers/2601.00071", 200);
  EXPECT_EQ(flat["githubRepo"], "https://github.com/Example/Linked");
  EXPECT_TRUE(flat["projectPage"].is_null());
  ASSERT_EQ(flat["linkedModels"].size(), 1u);
  EXPECT_EQ(flat["linkedModels"][0]["id"], "example/linked-7b");
  EXPECT_EQ(flat["linkedDatasets"][0]["id"], "example/set");
  EXPECT_EQ(flat["numTotalModels"], 1);
  EXPECT_EQ(flat["numTotalDatasets"], 1);
  EXPECT_TRUE(flat["linkedSpaces"].empty());
  EXPECT_TRUE(flat["ai_summary"].is_null());  // nothing pretends

  json found = get_json("/api/papers/search?q=has:code%20links", 200);
  bool listed = false;
  for (const auto& item : found) listed = listed || item["paper"]["id"] == "2601.00071";
  EXPECT_TRUE(listed);
  for (const auto& item : found) EXPECT_FALSE(item["githubRepo"].is_null()) << item["paper"]["id"];
  json without = get_json("/api/papers/search?q=-has:code%20links", 200);
  for (const auto& item : without) EXPECT_NE(item["paper"]["id"], "2601.00071");
  expect_error("/api/papers/search?q=has:stars", 400);

  const std::string page = get("/papers/2601.00071")->body;
  EXPECT_TRUE(contains(page, "href=\"https://github.com/Example/Linked\""));
  EXPECT_TRUE(contains(page, "href=\"https://huggingface.co/datasets/example/set\""));
}

TEST_F(PaperLinksApiTest, TheHubsOwnLinksStarsAndSummaryAreImported) {
  // The newest sample day carries the hub's githubRepo, githubStars and ai_summary.
  std::ifstream in(sample_data("hf-daily/2026-08-18.json"));
  json day = json::parse(in);
  json listed = get_json("/api/daily_papers?date=2026-08-18&limit=100", 200);
  int compared = 0;
  for (const auto& hub : day) {
    const json& p = hub["paper"];
    if (!p.contains("githubRepo") || !p["githubRepo"].is_string() || !p["ai_summary"].is_string())
      continue;
    for (const auto& item : listed) {
      if (item["paper"]["id"] != p["id"]) continue;
      std::string repo = p["githubRepo"];
      while (repo.ends_with('/')) repo.pop_back();
      EXPECT_EQ(item["githubRepo"], repo);
      EXPECT_EQ(item["githubStars"], p.value("githubStars", 0));
      EXPECT_EQ(item["ai_summary"], p["ai_summary"]);
      EXPECT_EQ(item["ai_keywords"], p["ai_keywords"]);
      ++compared;
    }
  }
  EXPECT_GT(compared, 5);
  // A card shows the code badge with its stars, and the summary under the title.
  const std::string page = get("/papers/date/2026-08-18")->body;
  EXPECT_TRUE(contains(page, "class=\"code-badge\""));
  EXPECT_TRUE(contains(page, "class=\"ai-summary math\""));  // typeset (issue 36, item 20)
}

TEST_F(PaperLinksApiTest, OrgFindsAnOrganisationsPapersWithoutRegardToCase) {
  json found = get_json("/api/papers/search?q=org:TENCENT&limit=50", 200);
  ASSERT_FALSE(found.empty());
  for (const auto& item : found) {
    ASSERT_TRUE(item["organization"].is_object()) << item["paper"]["id"];
    EXPECT_EQ(item["organization"]["fullname"], "Tencent") << item["paper"]["id"];
  }
  json others = get_json("/api/papers/search?q=agents%20-org:tencent&limit=50", 200);
  ASSERT_FALSE(others.empty());
  for (const auto& item : others) {
    EXPECT_TRUE(item["organization"].is_null() || item["organization"]["fullname"] != "Tencent");
  }
}

// HF-PAPERS-API.md: the client reads these at an item's top level and from a flat paper, and
// fails on a linked artefact without an `id`.
TEST_F(PaperLinksApiTest, EveryItemCarriesTheFieldsTheHubsClientReads) {
  for (const auto& item : get_json("/api/daily_papers?date=2026-08-18&limit=100", 200)) {
    for (const char* key : {"githubRepo", "projectPage", "ai_summary", "thumbnail"}) {
      ASSERT_TRUE(item.contains(key)) << key;
      EXPECT_TRUE(item[key].is_null() || item[key].is_string()) << key;
    }
    EXPECT_TRUE(item["ai_keywords"].is_null() || item["ai_keywords"].is_array());
    EXPECT_TRUE(item["githubStars"].is_null() || item["githubStars"].is_number_integer());
    EXPECT_TRUE(item.contains("organization"));
    json flat = get_json("/api/papers/" + item["paper"]["id"].get<std::string>(), 200);
    for (const char* list : {"linkedModels", "linkedDatasets", "linkedSpaces"}) {
      for (const auto& linked : flat[list]) EXPECT_TRUE(linked.contains("id")) << list;
    }
    EXPECT_EQ(flat["githubRepo"], item["githubRepo"]);
    EXPECT_EQ(flat["ai_summary"], item["ai_summary"]);
  }
}

TEST_F(PaperLinksApiTest, OnlyAuthorsTheSubmitterAndModeratorsChangeLinks) {
  store_paper("2601.00072", "An abstract without any address at all.");
  Account reader = account("Link Reader"), moderator = account("Link Moderator", Role::kModerator);
  const std::string body =
      R"({"githubRepo": "https://github.com/owner/right/tree/main", "projectPage": "https://owner.github.io/right/", "linkedSpaces": [{"id": "owner/demo"}]})";
  auto refused = reader.client.api("POST", "/api/papers/2601.00072/links", body);
  EXPECT_EQ(refused->status, 403);
  EXPECT_TRUE(contains(refused->body, "authors"));
  EXPECT_TRUE(get_json("/api/papers/2601.00072", 200)["githubRepo"].is_null());

  auto bad = moderator.client.api("POST", "/api/papers/2601.00072/links",
                                  R"x({"githubRepo": "javascript:alert(1)"})x");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(contains(bad->body, "http"));
  EXPECT_EQ(
      moderator.client.api("POST", "/api/papers/2601.00072/links", R"({"linkedModels": "org/x"})")
          ->status,
      400);
  EXPECT_EQ(moderator.client.api("POST", "/api/papers/2601.99999/links", body)->status, 404);

  auto set = moderator.client.api("POST", "/api/papers/2601.00072/links", body);
  ASSERT_EQ(set->status, 200) << set->body;
  json flat = get_json("/api/papers/2601.00072", 200);
  EXPECT_EQ(flat["githubRepo"], "https://github.com/owner/right");
  EXPECT_EQ(flat["projectPage"], "https://owner.github.io/right");
  EXPECT_EQ(flat["linkedSpaces"][0]["id"], "owner/demo");

  // A reader's links stay when the source sends the paper again with other text.
  store_paper("2601.00072", "A new version. Code: https://github.com/someone/else");
  flat = get_json("/api/papers/2601.00072", 200);
  EXPECT_EQ(flat["githubRepo"], "https://github.com/owner/right");
  // Removing is an empty value; the removal stays too.
  ASSERT_EQ(moderator.client.api("POST", "/api/papers/2601.00072/links", R"({"githubRepo": null})")
                ->status,
            200);
  EXPECT_TRUE(get_json("/api/papers/2601.00072", 200)["githubRepo"].is_null());
  EXPECT_EQ(get_json("/api/papers/2601.00072", 200)["projectPage"],
            "https://owner.github.io/right");
}

TEST_F(PaperLinksApiTest, TheSubmitterEditsLinksThroughThePapersForm) {
  store_paper("2601.00073", "An abstract without any address.");
  Account submitter = account("Link Submitter"), other = account("Other Reader");
  ASSERT_EQ(submitter.client.api("POST", "/api/submit", R"({"id": "2601.00073"})")->status, 201);
  const std::string page = submitter.client.get("/papers/2601.00073")->body;
  EXPECT_TRUE(contains(page, "Edit links"));
  EXPECT_FALSE(contains(other.client.get("/papers/2601.00073")->body, "Edit links"));
  auto saved = submitter.client.post_form("/papers/2601.00073", "/papers/2601.00073/links",
                                          {{"github_repo", "gitlab.com/group/project"},
                                           {"project_page", ""},
                                           {"models", "org/one\norg/two"},
                                           {"datasets", ""},
                                           {"spaces", ""}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  json flat = get_json("/api/papers/2601.00073", 200);
  EXPECT_EQ(flat["githubRepo"], "https://gitlab.com/group/project");
  EXPECT_EQ(flat["numTotalModels"], 2);
  auto refused = other.client.post_form("/papers/2601.00073", "/papers/2601.00073/links",
                                        {{"github_repo", ""}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(get_json("/api/papers/2601.00073", 200)["githubRepo"],
            "https://gitlab.com/group/project");
}

}  // namespace
}  // namespace paperboy::testing
