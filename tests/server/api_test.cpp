// The JSON API over real HTTP on 127.0.0.1, against a store loaded with real hub days.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "server_fixture.h"

namespace paperboy {
namespace {

using nlohmann::json;

using ApiTest = testing::ServerFixture;

TEST_F(ApiTest, HealthzReportsTheStore) {
  json body = get_json("/healthz", 200);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["indexed"], true);
  EXPECT_GT(body["papers"].get<int>(), 50);
}

TEST_F(ApiTest, CompressesLargeAnswersForClientsThatAcceptGzip) {
  const std::string path = "/api/daily_papers?date=2025-10-21";
  httplib::Client plain_client("127.0.0.1", server_->port());
  plain_client.set_decompress(false);  // sends no Accept-Encoding, and takes the body as it comes
  auto plain = plain_client.Get(path);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");

  httplib::Client gzip_client("127.0.0.1", server_->port());
  auto packed = gzip_client.Get(path, {{"Accept-Encoding", "gzip"}});  // the client unpacks it
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->status, 200);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(packed->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(std::stoul(packed->get_header_value("Content-Length")), plain->body.size() / 2);
  EXPECT_EQ(json::parse(packed->body), json::parse(plain->body));
}

TEST_F(ApiTest, DailyPapersForADateInTheHubShape) {
  json items = get_json("/api/daily_papers?date=2025-10-21", 200);
  ASSERT_TRUE(items.is_array());
  ASSERT_GT(items_in_file("2025-10-21"), 1u)
      << "the fixture day has papers, so the checks below run";
  EXPECT_EQ(items.size(), items_in_file("2025-10-21"));
  std::regex utc(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const auto& item : items) {
    ASSERT_TRUE(item["paper"].is_object());
    EXPECT_EQ(item["title"], item["paper"]["title"])
        << "the client reads the title at the top level";
    EXPECT_EQ(item["id"], item["paper"]["id"]);
    EXPECT_EQ(item["upvotes"], item["paper"]["upvotes"]);
    EXPECT_FALSE(item["paper"]["summary"].get<std::string>().empty());
    EXPECT_TRUE(std::regex_match(item["publishedAt"].get<std::string>(), utc))
        << item["publishedAt"];
    EXPECT_EQ(item["paper"]["submittedOnDailyAt"], "2025-10-21T00:00:00.000Z");
    for (const auto& author : item["paper"]["authors"]) EXPECT_TRUE(author.contains("name"));
  }
}

TEST_F(ApiTest, DailyPapersPageAndSort) {
  json first = get_json("/api/daily_papers?date=2025-10-21&limit=5&p=0", 200);
  json second = get_json("/api/daily_papers?date=2025-10-21&limit=5&p=1", 200);
  ASSERT_EQ(first.size(), 5u);
  ASSERT_EQ(second.size(), 5u);
  for (const auto& a : first) {
    for (const auto& b : second) EXPECT_NE(a["id"], b["id"]);
  }
  EXPECT_TRUE(get_json("/api/daily_papers?date=2025-10-21&p=100", 200).empty());
  json trending = get_json("/api/daily_papers?date=2025-10-21&sort=trending", 200);
  ASSERT_EQ(trending.size(), items_in_file("2025-10-21"));
  ASSERT_GT(trending.size(), 1u) << "an order needs two papers to show";
  for (size_t i = 1; i < trending.size(); ++i) {
    EXPECT_GE(trending[i - 1]["upvotes"].get<int>(), trending[i]["upvotes"].get<int>());
  }
}

// Issue 15.6: the default sort is publishedAt, newest first; equal dates fall back to votes,
// never to the order the papers were ingested in (the hub's files list most votes first).
TEST_F(ApiTest, DailyPapersDefaultSortIsNewestPublishedFirst) {
  for (const char* path :
       {"/api/daily_papers?date=2025-10-21", "/api/daily_papers?month=2025-10&limit=100",
        "/api/daily_papers?date=2025-10-21&sort=publishedAt"}) {
    json items = get_json(path, 200);
    ASSERT_GT(items.size(), 10u) << path;
    for (size_t i = 1; i < items.size(); ++i) {
      const json& a = items[i - 1]["paper"];
      const json& b = items[i]["paper"];
      ASSERT_GE(a["submittedOnDailyAt"], b["submittedOnDailyAt"]) << path << " at " << i;
      if (a["submittedOnDailyAt"] != b["submittedOnDailyAt"]) continue;
      ASSERT_GE(a["publishedAt"], b["publishedAt"]) << path << " at " << i;
      if (a["publishedAt"] == b["publishedAt"]) {
        EXPECT_GE(a["upvotes"].get<int>(), b["upvotes"].get<int>()) << path;
      }
    }
  }
}

TEST_F(ApiTest, DailyPapersByWeekAndMonthStayInTheWindow) {
  json week = get_json("/api/daily_papers?week=2025-W43&limit=100", 200);
  EXPECT_EQ(week.size(), items_in_file("2025-10-21"));
  json month = get_json("/api/daily_papers?month=2025-10&limit=100", 200);
  EXPECT_EQ(month.size(), items_in_file("2025-10-21") + items_in_file("2025-10-09"));
  for (const auto& item : month) {
    std::string day = item["paper"]["submittedOnDailyAt"];
    EXPECT_TRUE(day >= "2025-10-01" && day < "2025-11-01") << day;
  }
}

TEST_F(ApiTest, DailyPapersWithoutADateShowsTheLatestDay) {
  json items = get_json("/api/daily_papers", 200);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["paper"]["submittedOnDailyAt"], "2026-08-18T00:00:00.000Z");
}

TEST_F(ApiTest, DailyPapersRejectsBadParameters) {
  expect_error("/api/daily_papers?date=2025-13-40", 400);
  expect_error("/api/daily_papers?date=yesterday", 400);
  expect_error("/api/daily_papers?week=2025-W60", 400);
  expect_error("/api/daily_papers?month=2025-1", 400);
  expect_error("/api/daily_papers?date=2025-10-21&week=2025-W43", 400);
  expect_error("/api/daily_papers?limit=ten", 400);
  expect_error("/api/daily_papers?p=-1", 400);
  expect_error("/api/daily_papers?sort=random", 400);
}

TEST_F(ApiTest, PaperByIdIsFlatWithLinkedArtefactLists) {
  json paper = get_json("/api/papers/2510.17681", 200);
  EXPECT_EQ(paper["id"], "2510.17681");
  EXPECT_FALSE(paper.contains("paper"));
  EXPECT_EQ(paper["title"], "PICABench: How Far Are We from Physically Realistic Image Editing?");
  for (const char* list : {"linkedModels", "linkedDatasets", "linkedSpaces"})
    EXPECT_TRUE(paper[list].is_array());
  EXPECT_EQ(get_json("/api/papers/arXiv:2510.17681v1", 200)["id"], "2510.17681");
  EXPECT_EQ(get_json("/api/papers/math/0309136", 200)["id"], "math/0309136")
      << "old-style ids have a slash";
}

// Issue 15.18: what the hub's client reads besides the daily list and one paper.
TEST_F(ApiTest, PaperAsMarkdown) {
  auto res = get("/papers/2510.17681.md");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(
      res->body.rfind("# PICABench: How Far Are We from Physically Realistic Image Editing?\n", 0),
      0u)
      << res->body;
  EXPECT_NE(res->body.find("**Authors:** Yuandong Pu"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("https://arxiv.org/abs/2510.17681"), std::string::npos);
  EXPECT_NE(res->body.find("## Abstract\n\n"), std::string::npos);
  EXPECT_EQ(get("/papers/math/0309136.md")->status, 200);
  EXPECT_EQ(get("/papers/2510.99999.md")->status, 404);
  EXPECT_EQ(get("/papers/1234.56789.md")->status, 404);
}

TEST_F(ApiTest, DailyPapersBySubmitter) {
  json items = get_json("/api/daily_papers?submitter=taesiri&limit=100", 200);
  EXPECT_EQ(items.size(), 16u);  // taesiri's papers on all four fixture days
  for (const auto& item : items) {
    EXPECT_EQ(item["submittedBy"]["user"], "taesiri");
    EXPECT_EQ(item["paper"]["submittedOnDailyBy"]["user"], "taesiri");
  }
  json one_day = get_json("/api/daily_papers?submitter=taesiri&date=2025-10-21", 200);
  EXPECT_EQ(one_day.size(), 5u);
  EXPECT_TRUE(get_json("/api/daily_papers?submitter=nobody-at-all", 200).empty());
  EXPECT_EQ(get_json("/api/papers/2510.17681", 200)["submittedOnDailyBy"]["user"], "Andrew613");
  json trending = get_json("/api/daily_papers?sort=trending&date=2025-10-21", 200);
  ASSERT_EQ(trending.size(), items_in_file("2025-10-21"));
  for (size_t i = 1; i < trending.size(); ++i)
    EXPECT_GE(trending[i - 1]["upvotes"], trending[i]["upvotes"]);
}

TEST_F(ApiTest, AllPapersPageByPageWithACursor) {
  std::set<std::string> seen;
  std::string next = "/api/papers?limit=30";
  int pages = 0;
  while (!next.empty() && pages < 20) {
    auto res = get(next);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << next << ": " << res->body;
    for (const auto& paper : json::parse(res->body)) {
      EXPECT_FALSE(paper.contains("paper"));  // flat papers
      EXPECT_TRUE(seen.insert(paper["id"]).second) << paper["id"];
    }
    ++pages;
    std::smatch link;
    std::string header = res->get_header_value("Link");
    next = std::regex_search(header, link,
                             std::regex(R"(<http://[^/]+(/api/papers\?[^>]+)>; rel="next")"))
               ? link[1].str()
               : "";
  }
  EXPECT_EQ(seen.size(), get_json("/healthz", 200)["papers"].get<size_t>());
  expect_error("/api/papers?cursor=abc", 400);
  expect_error("/api/papers?cursor=-5", 400);
}

TEST_F(ApiTest, PaperByIdErrors) {
  expect_error("/api/papers/2510.99999", 404);
  expect_error("/api/papers/1234.56789",
               404);  // the hub client's own test: no such paper, not a bad id
  expect_error("/api/papers/not-an-id", 400);
  expect_error("/api/papers/2510.17681'%20OR%20'1'='1", 400);
  expect_error("/api/nothing-here", 404);
}

TEST_F(ApiTest, SearchReturnsItemsWithEscapedHighlights) {
  auto res = get("/api/papers/search?q=image%20editing&limit=3");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  json items = json::parse(res->body);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_GT(std::stoi(res->get_header_value("X-Total-Count")), 3);
  EXPECT_EQ(items[0]["id"], "2510.17681");
  EXPECT_NE(items[0]["highlightedSummary"].get<std::string>().find("<b>"), std::string::npos);

  json hostile = get_json("/api/papers/search?q=sheaves", 200);
  ASSERT_EQ(hostile.size(), 1u);
  std::string excerpt = hostile[0]["highlightedSummary"];
  EXPECT_EQ(excerpt.find("<script>"), std::string::npos) << excerpt;
  EXPECT_NE(excerpt.find("&lt;script&gt;"), std::string::npos) << excerpt;
}

// Issue 15.3: a name typed as plain words finds that author's papers first.
TEST_F(ApiTest, PlainAuthorNameFindsTheAuthorsPapersFirst) {
  json items = get_json("/api/papers/search?q=Yu%20Qiao&mode=lexical&limit=5", 200);
  ASSERT_GE(items.size(), 2u);
  std::set<std::string> top = {items[0]["id"], items[1]["id"]};
  EXPECT_EQ(top, (std::set<std::string>{"2510.17681", "2510.06308"})) << items.dump();
  // Excluding a name's word excludes that author's papers, and only those.
  auto ids_of = [](const json& items) {
    std::set<std::string> ids;
    for (const auto& item : items) ids.insert(item["id"].get<std::string>());
    return ids;
  };
  const auto with =
      ids_of(get_json("/api/papers/search?q=image%20editing&mode=lexical&limit=50", 200));
  ASSERT_TRUE(with.contains("2510.17681")) << "the excluded author's paper matches the words";
  const auto without =
      ids_of(get_json("/api/papers/search?q=image%20editing%20-qiao&mode=lexical&limit=50", 200));
  EXPECT_FALSE(without.contains("2510.17681"));
  EXPECT_FALSE(without.empty()) << "the other papers about image editing stay";
}

// Issue 33.1: each item says which of its authors the query named; a topic query names none.
TEST_F(ApiTest, ItemsSayWhichAuthorsTheQueryNamed) {
  auto res = get("/api/papers/search?q=Yu%20Qiao&mode=lexical&limit=2");
  ASSERT_TRUE(res);
  json items = json::parse(res->body);
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items)
    EXPECT_EQ(item["namedAuthors"], json::array({"Yu Qiao"})) << item["id"];
  EXPECT_EQ(res->get_header_value("X-Total-Count-Means"), "matches");
  json topic = get_json("/api/papers/search?q=long%20context&mode=lexical&limit=20", 200);
  ASSERT_FALSE(topic.empty());
  for (const auto& item : topic) EXPECT_FALSE(item.contains("namedAuthors")) << item.dump();
}

// Issue 15.4: a word no paper has is corrected from the index's spelling data; the corrected
// query is searched and said in headers (the body keeps the hub's array shape).
TEST_F(ApiTest, MisspeltWordsAreCorrectedAndSaid) {
  auto typo = get("/api/papers/search?q=difusion%20transformer&mode=lexical&limit=5");
  ASSERT_TRUE(typo);
  ASSERT_EQ(typo->status, 200);
  EXPECT_EQ(typo->get_header_value("X-Did-You-Mean"), "diffusion transformer");
  EXPECT_EQ(typo->get_header_value("X-Searched-Query"), "diffusion transformer");
  json items = json::parse(typo->body);
  ASSERT_FALSE(items.empty());
  std::string first =
      items[0]["title"].get<std::string>() + " " + items[0]["summary"].get<std::string>();
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(first.find("diffusion"), std::string::npos) << first;

  // exact=1 searches the words as typed and still offers the correction.
  auto exact = get("/api/papers/search?q=difusion%20transformer&mode=lexical&exact=1");
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->get_header_value("X-Did-You-Mean"), "diffusion transformer");
  EXPECT_FALSE(exact->has_header("X-Searched-Query"));

  // Words spelt right, author names, fields and numbers are left alone.
  for (const char* q :
       {"diffusion%20transformer", "Yu%20Qiao", "author:Qiao%20cat:cs.CV", "GPT4o"}) {
    auto fine = get(std::string("/api/papers/search?mode=lexical&q=") + q);
    ASSERT_TRUE(fine);
    EXPECT_FALSE(fine->has_header("X-Did-You-Mean"))
        << q << ": " << fine->get_header_value("X-Did-You-Mean");
  }
}

// Issue 15.6: search sorted by newest or most votes (page and API).
TEST_F(ApiTest, SearchSortsByNewestAndByVotes) {
  json newest = get_json("/api/papers/search?q=model&mode=lexical&sort=newest&limit=50", 200);
  ASSERT_GT(newest.size(), 10u);
  for (size_t i = 1; i < newest.size(); ++i) {
    EXPECT_GE(newest[i - 1]["paper"]["publishedAt"], newest[i]["paper"]["publishedAt"]) << i;
  }
  json votes = get_json("/api/papers/search?q=model&mode=lexical&sort=votes&limit=50", 200);
  ASSERT_GT(votes.size(), 10u);
  for (size_t i = 1; i < votes.size(); ++i) {
    EXPECT_GE(votes[i - 1]["upvotes"].get<int>(), votes[i]["upvotes"].get<int>()) << i;
  }
  expect_error("/api/papers/search?q=model&sort=oldest", 400);
}

// Issue 15.7: the count is the same on every page, and no page repeats another's papers.
TEST_F(ApiTest, SearchCountIsTheSameOnEveryPage) {
  std::set<std::string> seen;
  std::string total;
  for (int p : {0, 1, 2, 5, 9, 99}) {
    auto res = get("/api/papers/search?q=language%20model&limit=10&p=" + std::to_string(p));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    if (!total.empty()) {
      EXPECT_EQ(res->get_header_value("X-Total-Count"), total) << "page " << p;
    }
    total = res->get_header_value("X-Total-Count");
    for (const auto& item : json::parse(res->body)) EXPECT_TRUE(seen.insert(item["id"]).second);
  }
  EXPECT_GT(std::stoi(total), 20);
}

// Issue 16: no search ranks past its first 1,000 hits, so a page that starts beyond them is a
// 400 that names the cap, not an empty page that cost as much as a million hits.
TEST_F(ApiTest, ASearchPageBeyondTheResultWindowIsA400NamingTheCap) {
  EXPECT_EQ(get("/api/papers/search?q=language%20model&limit=100&p=9")->status, 200)
      << "results 901-1,000";
  auto beyond = get_json("/api/papers/search?q=language%20model&limit=100&p=10", 400);
  EXPECT_NE(beyond["detail"].get<std::string>().find("stop at the first 1000"), std::string::npos)
      << beyond.dump();
  EXPECT_NE(beyond["detail"].get<std::string>().find("starts at result 1001"), std::string::npos)
      << beyond.dump();
  auto page = get("/search?q=language%20model&p=50");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find("stop at the first 1000"), std::string::npos);
}

TEST_F(ApiTest, SearchRejectsBadInputAndHostileQueriesChangeNothing) {
  expect_error("/api/papers/search", 400);
  expect_error("/api/papers/search?q=diffusion%20from:2024-99", 400);
  expect_error("/api/papers/search?q=" + std::string(1200, 'a'), 400);
  int before = get_json("/healthz", 200)["papers"];
  for (const char* q :
       {"%27%3B%20DROP%20TABLE%20papers%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%20OR%201%3D1%20--", "((((", "NOT"}) {
    auto res = get(std::string("/api/papers/search?q=") + q);
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 200 || res->status == 400) << q << " " << res->status;
    EXPECT_TRUE(json::accept(res->body)) << q;
  }
  EXPECT_EQ(get_json("/healthz", 200)["papers"], before);
}

TEST_F(ApiTest, SearchModesWithoutVectorsSayWhatIsMissing) {
  // This server has no embedding model: lexical works, hybrid falls back, semantic and similar are
  // 503.
  expect_error("/api/papers/search?q=diffusion&mode=bogus", 400);
  expect_error("/api/papers/search?q=diffusion&mode=semantic", 503);
  EXPECT_FALSE(get_json("/api/papers/search?q=diffusion&mode=lexical", 200).empty());
  EXPECT_FALSE(get_json("/api/papers/search?q=diffusion&mode=hybrid", 200).empty());
  auto first = get_json("/api/papers/search?q=diffusion&limit=1", 200);
  ASSERT_EQ(first.size(), 1u);
  std::string id = first[0]["paper"]["id"];
  expect_error("/api/papers/" + id + "/similar", 503);
  expect_error("/api/papers/2901.99999/similar", 404);
  expect_error("/api/papers/not-an-id/similar", 400);
}

TEST_F(ApiTest, OversizedBodiesAreRefused) {
  httplib::Client client("127.0.0.1", server_->port());
  auto res = client.Post("/api/papers/search", std::string(2 << 20, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(ApiTest, MetricsCountRequestsPerRouteAndStatus) {
  get("/api/papers/2510.17681");
  get("/api/papers/2510.99999");
  auto res = get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(
      res->body.find("paperboy_http_requests_total{route=\"/api/papers/:id\",status=\"404\"}"),
      std::string::npos);
  EXPECT_NE(
      res->body.find(
          "paperboy_http_request_duration_seconds_bucket{route=\"/api/papers/:id\",le=\"+Inf\"}"),
      std::string::npos);
  EXPECT_EQ(res->body.find("2510.99999"), std::string::npos) << "raw paths never become series";
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

// Many threads searching at once, each building highlighted excerpts: a shared Xapian::Stem in
// the excerpt code once crashed the server here.
TEST_F(ApiTest, ConcurrentSearchesAllSucceed) {
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&ok, t] {
      httplib::Client client("127.0.0.1", server_->port());
      const char* queries[] = {"image%20editing", "video%20diffusion", "reasoning%20models",
                               "agents"};
      for (int i = 0; i < 40; ++i) {
        auto res = client.Get(std::string("/api/papers/search?limit=20&q=") + queries[(t + i) % 4]);
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 8 * 40);
}

}  // namespace
}  // namespace paperboy
