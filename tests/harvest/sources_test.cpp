// The Hugging Face daily-list import and the arXiv API lookup, against a local server replaying
// real responses from ../shared/data/formats.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harvest/arxiv_lookup.h"
#include "harvest/hf_harvester.h"
#include "replay_server.h"
#include "test_support.h"

namespace paperboy {
namespace {

using namespace std::chrono_literals;

std::string fixture(const std::string& name) {
  return testing::read_file(testing::fixture_data("formats/" + name));
}

class SourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    http_ = make_curl_client({});
  }
  PoliteFetcher fetcher() {
    FetchPolicy policy;
    policy.backoff = 1s;
    return PoliteFetcher(
        *http_, policy, [](auto) { return true; },
        [this](const std::string& l) { log_ += l + "\n"; });
  }
  HarvestLog log() {
    return [this](const std::string& line) { log_ += line + "\n"; };
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HttpClient> http_;
  std::string log_;
};

TEST_F(SourcesTest, HfImportStoresEachDayWithItsHubFactsAndRemembersTheLastDay) {
  std::string real_day = fixture("hf-daily-papers-2024-10-25.json");
  int bad_json_served = 0;
  testing::ReplayServer hub([&](const httplib::Request& request, httplib::Response& response) {
    std::string date = request.get_param_value("date");
    if (request.path != "/api/daily_papers") {
      response.status = 404;
    } else if (date == "2024-10-25") {
      response.set_content(real_day, "application/json");
    } else if (date == "2024-10-26" && bad_json_served++ == 0) {
      response.set_content("<html>upstream timeout</html>",
                           "text/html");  // once, then the real answer
    } else if (date == "2024-10-26") {
      response.set_content(
          R"([{"paper": {"id": "2410.99999", "title": "Weekend paper", "upvotes": 3}},
                               {"paper": {"title": "No id"}}])",
          "application/json");
    } else {
      response.set_content("[]", "application/json");
    }
  });
  HfHarvestRequest request;
  request.base_url = hub.url("");
  request.from = Date{2024, 10, 25};
  request.until = Date{2024, 10, 27};
  auto fetch = fetcher();
  auto report = HfHarvester(*store_, fetch, log()).run(request, Date{2024, 10, 27});
  ASSERT_TRUE(report.ok()) << report.error().message << log_;
  EXPECT_EQ(report->pages, 3);
  EXPECT_EQ(report->inserted, 3);
  EXPECT_EQ(report->problems, 1);
  EXPECT_NE(log_.find("date=2024-10-26: item 1: left out"), std::string::npos) << log_;
  EXPECT_NE(log_.find("fetching it again"), std::string::npos) << log_;

  auto paper = store_->get("2410.17243");
  ASSERT_TRUE(paper.ok() && paper->has_value());
  EXPECT_EQ((**paper).paper.hub_day, (Date{2024, 10, 25}));
  EXPECT_GT((**paper).paper.upvotes, 0);
  EXPECT_EQ(store_->job_state(hf_state_key(request.base_url))->value_or(""), "2024-10-27");

  // With no dates the next import starts again at the last day (its list grows during the day).
  HfHarvestRequest next;
  next.base_url = request.base_url;
  size_t before = hub.seen().size();
  auto again = HfHarvester(*store_, fetch, log()).run(next, Date{2024, 10, 28});
  ASSERT_TRUE(again.ok());
  auto seen = hub.seen();
  ASSERT_EQ(seen.size() - before, 2u);
  EXPECT_EQ(seen[before].param("date"), "2024-10-27");
  EXPECT_EQ(seen[before + 1].param("date"), "2024-10-28");
}

TEST_F(SourcesTest, HfImportRefusesAnInvertedRangeAndStopsOnHttpErrors) {
  testing::ReplayServer hub([](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content("{\"error\":\"not found\"}", "application/json");
  });
  HfHarvestRequest request;
  request.base_url = hub.url("");
  request.from = Date{2024, 10, 27};
  request.until = Date{2024, 10, 25};
  auto fetch = fetcher();
  auto inverted = HfHarvester(*store_, fetch, log()).run(request, Date{2024, 10, 28});
  ASSERT_FALSE(inverted.ok());
  EXPECT_NE(inverted.error().message.find("is after --until"), std::string::npos);
  request.from = request.until;
  auto missing = HfHarvester(*store_, fetch, log()).run(request, Date{2024, 10, 28});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("HTTP 404"), std::string::npos) << missing.error().message;
  EXPECT_EQ(store_->stats()->papers, 0);
}

TEST_F(SourcesTest, ArxivLookupReadsTheApisAtomAndItsErrorEntries) {
  testing::ReplayServer api([&](const httplib::Request& request, httplib::Response& response) {
    std::string ids = request.get_param_value("id_list");
    if (ids == "2104.12255") {
      response.set_content(fixture("arxiv-api-idlist-versioned.atom.xml"), "application/atom+xml");
    } else if (ids == "0808.05394,1707.08567") {
      response.set_content(fixture("arxiv-api-idlist-two-ids.atom.xml"), "application/atom+xml");
    } else {
      response.status = 400;
      response.set_content(fixture("arxiv-api-error-malformed-id.http400.atom.xml"),
                           "application/atom+xml");
    }
  });
  auto fetch = fetcher();
  ArxivLookup lookup(fetch, api.url("/api/query"));
  auto one = lookup.fetch(std::vector<std::string>{"2104.12255"});
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].id, "2104.12255");
  EXPECT_EQ(api.seen()[0].param("max_results"), "1");

  auto two = lookup.fetch(std::vector<std::string>{"0808.05394", "1707.08567"});
  ASSERT_TRUE(two.ok()) << two.error().message;
  ASSERT_EQ(two->size(), 1u) << "0808.05394 does not exist: it is simply absent";
  EXPECT_EQ((*two)[0].id, "1707.08567");

  auto bad = lookup.fetch(std::vector<std::string>{"abc"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("incorrect id format for abc"), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace paperboy
