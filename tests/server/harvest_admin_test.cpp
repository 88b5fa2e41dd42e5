// The server with live ingestion switched on: a scheduled harvest round against a local OAI-PMH
// source, its status on /admin/harvest (admins only) and /metrics, the index caught up in the
// background, and /submit looking unknown papers up in a local "arXiv API".
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "../harvest/oai_pages.h"
#include "../harvest/replay_server.h"
#include "harvest/arxiv_lookup.h"
#include "harvest/harvest_scheduler.h"
#include "hub_client.h"
#include "server/paper_server.h"
#include "test_support.h"

namespace paperboy {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string fixture(const std::string& name) {
  return testing::read_file(testing::fixture_data("formats/" + name));
}

class HarvestAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::OaiTestRecord a, b;
    a.id = "2611.00001";
    a.title = "Harvested quasicrystals";
    b.id = "2611.00002";
    b.title = "Harvested lattices";
    pages_ = {{a}, {b}};

    HarvestSchedule schedule;
    schedule.data_dir = dir_.path();
    OaiHarvestRequest request;
    request.base_url = sources_.url("/oai");
    request.set = "cs";
    schedule.arxiv.push_back(request);
    schedule.policy.delay = 10ms;
    schedule.index_check = 1s;
    scheduler_ = std::make_unique<HarvestScheduler>(schedule);

    FetchPolicy quick;
    quick.delay = 100ms;
    fetcher_ = std::make_unique<PoliteFetcher>(*http_, quick, sleep_for, [](const std::string&) {});
    lookup_ = std::make_unique<ArxivLookup>(*fetcher_, sources_.url("/api/query"));

    ServerOptions options;
    options.port = 0;
    options.data_dir = dir_.path();
    options.log_requests = false;
    options.hub.harvest = scheduler_.get();
    options.hub.paper_lookup = lookup_.get();
    options.hub.admins = {"admin@example.org"};
    options.hub.submission_rules = {.max_age_days = 0,
                                    .per_day = 0};  // the stand-in's papers are old
    ASSERT_TRUE(
        open_sqlite_store((dir_ / "store.sqlite").string()).ok());  // created before serving
    server_ = std::make_unique<PaperServer>(options);
    ASSERT_TRUE(server_->bind().ok());
    thread_ = std::thread([this] { (void)server_->serve(); });
    scheduler_->start();
  }
  void TearDown() override {
    scheduler_->stop();
    server_->stop();
    thread_.join();
  }

  void serve_source(const httplib::Request& request, httplib::Response& response) {
    if (request.path == "/api/query") {
      if (request.get_param_value("id_list") == "2104.12255") {
        return response.set_content(fixture("arxiv-api-idlist-versioned.atom.xml"),
                                    "application/atom+xml");
      }
      return response.set_content(fixture("arxiv-api-empty-result.atom.xml"),
                                  "application/atom+xml");
    }
    bool second = request.get_param_value("resumptionToken") == testing::arxiv_token(1);
    response.set_content(
        testing::oai_page(pages_[second ? 1 : 0], second ? "" : testing::arxiv_token(1)),
        "text/xml");
  }

  // Polls until `done` or 20 s.
  template <typename Done>
  static bool eventually(Done done) {
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline;) {
      if (done()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  testing::TempDir dir_;
  std::vector<std::vector<testing::OaiTestRecord>> pages_;
  testing::ReplayServer sources_{
      [this](const httplib::Request& q, httplib::Response& r) { serve_source(q, r); }};
  std::unique_ptr<HttpClient> http_ = make_curl_client({});
  std::unique_ptr<PoliteFetcher> fetcher_;
  std::unique_ptr<ArxivLookup> lookup_;
  std::unique_ptr<HarvestScheduler> scheduler_;
  std::unique_ptr<PaperServer> server_;
  std::thread thread_;
};

TEST_F(HarvestAdminTest, ARoundRunFromTheAdminPageIsStoredIndexedAndReported) {
  // The admin (named by --admin) signs up first: the store's first account is an admin anyway.
  testing::HubClient admin(server_->port());
  ASSERT_EQ(admin.sign_up("Admin@example.org", "Admin", "correct horse battery")->status, 303);
  testing::HubClient visitor(server_->port());
  ASSERT_EQ(visitor.sign_up("someone@example.org", "Someone", "correct horse battery")->status,
            303);
  EXPECT_EQ(visitor.get("/admin/harvest")->status, 403);
  EXPECT_EQ(visitor.api("GET", "/api/admin/harvest")->status, 403);
  EXPECT_EQ(visitor.post_form("/", "/admin/harvest/run", {})->status, 403);
  testing::HubClient anonymous(server_->port());
  EXPECT_EQ(anonymous.get("/admin/harvest")->status, 303) << "sign in first";

  auto before = admin.get("/admin/harvest");
  ASSERT_EQ(before->status, 200);
  EXPECT_NE(before->body.find("arxiv cs"), std::string::npos);
  EXPECT_NE(before->body.find("not yet"), std::string::npos);
  EXPECT_EQ(admin.post_form("/admin/harvest", "/admin/harvest/run", {})->status, 303);

  ASSERT_TRUE(eventually([&] {
    auto status = json::parse(admin.api("GET", "/api/admin/harvest")->body);
    return status["jobs"][0]["runs_ok"] == 1;
  })) << admin.api("GET", "/api/admin/harvest")->body;
  auto status = json::parse(admin.api("GET", "/api/admin/harvest")->body);
  EXPECT_EQ(status["jobs"][0]["last_run"]["added"], 2);
  EXPECT_EQ(status["jobs"][0]["last_error"], "");
  auto page = admin.get("/admin/harvest");
  EXPECT_NE(page->body.find("<td>ok</td>"), std::string::npos);
  EXPECT_NE(page->body.find("0 first pages drawn · 0 papers whose last try failed"),
            std::string::npos);

  // The thumbnails' state, from the store: what a --thumbnails server drew and failed to.
  {
    auto store = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    const int64_t drawn = (**store->get("2611.00001")).doc_id;
    const int64_t failed = (**store->get("2611.00002")).doc_id;
    ASSERT_TRUE(store->thumbnails().put_thumbnail(drawn, 1, "\x89PNG", 100).ok());
    ASSERT_TRUE(store->thumbnails()
                    .record_thumbnail_failure(failed, 1, "not a PDF (74 bytes starting \"<html>\")",
                                              1'800'000'000)
                    .ok());
  }
  page = admin.get("/admin/harvest");
  EXPECT_NE(page->body.find("1 first pages drawn · 1 papers whose last try failed"),
            std::string::npos);
  EXPECT_NE(page->body.find("<a href=\"/papers/2611.00002\">2611.00002</a>"), std::string::npos);
  EXPECT_NE(page->body.find("not a PDF (74 bytes starting &quot;&lt;html&gt;&quot;)"),
            std::string::npos)
      << "the error, escaped";
  auto thumbnails = json::parse(admin.api("GET", "/api/admin/harvest")->body)["thumbnails"];
  EXPECT_EQ(thumbnails["drawn"], 1);
  EXPECT_EQ(thumbnails["failing"], 1);
  EXPECT_EQ(thumbnails["failures"][0]["paper"], "2611.00002");
  EXPECT_EQ(thumbnails["failures"][0]["tries"], 1);

  auto metrics = admin.get("/metrics");
  EXPECT_NE(metrics->body.find("paperboy_harvest_runs_total{job=\"arxiv cs\",result=\"ok\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(
      metrics->body.find("paperboy_harvest_records_total{job=\"arxiv cs\",change=\"added\"} 2"),
      std::string::npos);

  // The background thread brings the index up to date: the harvested papers are searchable.
  ASSERT_TRUE(eventually([&] {
    auto found = json::parse(admin.get("/api/papers/search?q=quasicrystals")->body);
    return found.is_array() && found.size() == 1;
  }));
}

TEST_F(HarvestAdminTest, SubmitLooksUnknownPapersUpOnArxiv) {
  testing::HubClient user(server_->port());
  ASSERT_EQ(user.sign_up("submitter@example.org", "Submitter", "correct horse battery")->status,
            303);
  auto submitted = user.api("POST", "/api/submit", R"({"id": "2104.12255"})");
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  auto paper = json::parse(user.get("/api/papers/2104.12255")->body);
  EXPECT_EQ(paper["id"], "2104.12255");
  auto daily = json::parse(user.get("/api/daily_papers")->body);
  ASSERT_EQ(daily.size(), 1u) << "listed on today's feed";

  auto unknown = user.api("POST", "/api/submit", R"({"id": "0000.0000"})");
  EXPECT_EQ(unknown->status, 400) << unknown->body;  // not a valid id at all
  auto absent = user.api("POST", "/api/submit", R"({"id": "2612.00001"})");
  EXPECT_EQ(absent->status, 404) << absent->body;
  EXPECT_NE(absent->body.find("arXiv has no paper 2612.00001"), std::string::npos) << absent->body;
}

}  // namespace
}  // namespace paperboy
