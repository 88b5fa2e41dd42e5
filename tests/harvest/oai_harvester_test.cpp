// The OAI-PMH harvester against a local server replaying arXiv-format pages: flow control,
// faults, resumption and what ends up in the store.
#include "harvest/oai_harvester.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>

#include "oai_pages.h"
#include "replay_server.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::OaiTestRecord;
using namespace std::chrono_literals;

enum class Fault { kNone, kUnavailable, kTruncated, kHtml, kBadToken, kBadArgument, kLongRetry };

// A paged ListRecords endpoint at /oai: page k is asked for by arxiv_token(k). Faults are
// served on the given attempt of a page (1 = the first request for it).
class PagedOai {
 public:
  explicit PagedOai(std::vector<std::vector<OaiTestRecord>> pages) : pages_(std::move(pages)) {}
  void fault(int page, int attempt, Fault fault) { faults_[{page, attempt}] = fault; }

  void handle(const httplib::Request& request, httplib::Response& response) {
    int page = 0;
    if (request.has_param("resumptionToken")) {
      page = -1;
      for (size_t k = 1; k < pages_.size(); ++k) {
        if (request.get_param_value("resumptionToken") == testing::arxiv_token(static_cast<int>(k)))
          page = static_cast<int>(k);
      }
    }
    int attempt = ++attempts_[page];
    Fault fault = faults_.count({page, attempt}) ? faults_[{page, attempt}] : Fault::kNone;
    if (page < 0 || fault == Fault::kBadToken) {
      response.set_content(
          testing::oai_error("badResumptionToken",
                             "The value of the resumptionToken argument is invalid or expired."),
          "text/xml");
      return;
    }
    std::string body = testing::oai_page(pages_[page], page + 1 < static_cast<int>(pages_.size())
                                                           ? testing::arxiv_token(page + 1)
                                                           : "");
    switch (fault) {
      case Fault::kUnavailable:
        response.status = 503;
        response.set_header("Retry-After", "1");
        response.set_content("busy", "text/plain");
        return;
      case Fault::kLongRetry:
        response.status = 503;
        response.set_header("Retry-After", "86400");
        return;
      case Fault::kTruncated:
        body.resize(body.size() / 2);
        break;
      case Fault::kHtml:
        body = "<html><body><h1>Bad gateway</h1></body></html>";
        break;
      case Fault::kBadArgument:
        body = testing::oai_error("badArgument", "Illegal argument: from");
        response.status = 400;
        break;
      default:
        break;
    }
    response.set_content(body, "text/xml; charset=utf-8");
  }

  int served(int page) { return attempts_[page]; }

 private:
  std::vector<std::vector<OaiTestRecord>> pages_;
  std::map<std::pair<int, int>, Fault> faults_;
  std::map<int, int> attempts_;
};

class OaiHarvesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    HttpClientOptions options;
    options.user_agent = "paperboy/0.1 (mailto:tests@example.org)";
    options.timeout = 5s;
    http_ = make_curl_client(options);
  }

  // Each harvest talks to the same address (the state is kept per source), served by `oai`.
  Result<HarvestReport> harvest(PagedOai& oai, OaiHarvestRequest request = {}) {
    current_ = &oai;
    size_t first = server_.seen().size();
    request.base_url = server_.url("/oai");
    request.set = "cs";
    last_request_ = request;
    FetchPolicy policy;
    policy.delay = 3000ms;
    policy.backoff = 1s;
    // Waits are recorded, not slept: the test checks them instead of taking minutes.
    PoliteFetcher fetcher(
        *http_, policy,
        [this](std::chrono::milliseconds d) {
          waits_.push_back(d);
          return true;
        },
        [this](const std::string& line) { log_ += line + "\n"; });
    auto report = OaiHarvester(*store_, fetcher, [this](const std::string& line) {
                    log_ += line + "\n";
                  }).run(request);
    auto seen = server_.seen();
    seen_.assign(seen.begin() + static_cast<std::ptrdiff_t>(first), seen.end());
    return report;
  }

  Paper stored(const std::string& id) {
    auto found = store_->get(id);
    EXPECT_TRUE(found.ok() && found->has_value()) << id;
    return found.ok() && found->has_value() ? (**found).paper : Paper{};
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HttpClient> http_;
  std::vector<std::chrono::milliseconds> waits_;
  std::vector<testing::SeenRequest> seen_;
  std::string log_;
  OaiHarvestRequest last_request_;
  PagedOai* current_ = nullptr;
  testing::ReplayServer server_{
      [this](const httplib::Request& q, httplib::Response& r) { current_->handle(q, r); }};
};

OaiTestRecord record(const std::string& id, const std::string& title) {
  OaiTestRecord r;
  r.id = id;
  r.title = title;
  return r;
}

// Page 2 revises a paper of page 1; page 3 withdraws a paper of page 2.
std::vector<std::vector<OaiTestRecord>> three_pages() {
  OaiTestRecord revised = record("2611.00002", "Graph kernels, revised");
  revised.datestamp = revised.updated = "2026-11-20";
  OaiTestRecord deleted = record("2611.00003", "");
  deleted.datestamp = "2026-11-21";
  deleted.deleted = true;
  return {
      {record("2611.00001", "Sparse attention"), record("2611.00002", "Graph kernels")},
      {record("2611.00003", "Withdrawn soon"), revised},
      {deleted, record("2611.00004", "Last page")},
  };
}

TEST_F(OaiHarvesterTest, FollowsTokensThroughFaultsAndStoresEveryRecordOnceNewestAndWithdrawn) {
  // A known paper, older than the harvest's record of it.
  Paper known = testing::make_paper("2611.00001", "Sparse attention (v1 from an old snapshot)", 1);
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{known}).ok());
  PagedOai oai(three_pages());
  oai.fault(1, 1, Fault::kUnavailable);  // 503 + Retry-After: 1 in the middle
  oai.fault(2, 1, Fault::kTruncated);    // a page cut short, then served whole
  auto report = harvest(oai);
  ASSERT_TRUE(report.ok()) << report.error().message << "\n" << log_;

  EXPECT_EQ(report->pages, 3);
  EXPECT_EQ(report->records, 6);
  EXPECT_EQ(report->inserted, 3);  // 00002, 00003, 00004
  EXPECT_EQ(report->withdrawn, 1);
  EXPECT_EQ(report->retries, 1) << "the 503; the truncated page is fetched again as a new request";
  EXPECT_EQ(store_->stats()->papers, 3);
  EXPECT_EQ(stored("2611.00002").title, "Graph kernels, revised");
  EXPECT_EQ(stored("2611.00002").updated, (Date{2026, 11, 20}));
  EXPECT_EQ(stored("2611.00001").title, "Sparse attention")
      << "the harvested record is newer than the snapshot's";
  EXPECT_FALSE(store_->get("2611.00003")->has_value()) << "withdrawn";
  EXPECT_EQ(stored("2611.00004").authors, std::vector<std::string>{"Ada Lovelace"});

  // How it asked: the first request names the set and format, later ones only the token, the
  // 503'd and the truncated pages were asked again, each after a wait.
  ASSERT_EQ(seen_.size(), 5u);
  EXPECT_EQ(seen_[0].param("verb"), "ListRecords");
  EXPECT_EQ(seen_[0].param("metadataPrefix"), "arXiv");
  EXPECT_EQ(seen_[0].param("set"), "cs");
  EXPECT_EQ(seen_[1].param("resumptionToken"), testing::arxiv_token(1));
  EXPECT_EQ(seen_[2].param("resumptionToken"), testing::arxiv_token(1));
  EXPECT_EQ(seen_[2].params.count("metadataPrefix"), 0u)
      << "a resumed request carries only the token";
  for (const auto& request : seen_)
    EXPECT_EQ(request.user_agent, "paperboy/0.1 (mailto:tests@example.org)");
  // Never two requests without a pause of the policy's 3 s in between (the 503 asked for 1 s).
  ASSERT_EQ(waits_.size(), 4u);
  for (auto wait : waits_) EXPECT_GE(wait, 2900ms);
  EXPECT_NE(log_.find("HTTP 503 (Retry-After 1 s); retrying"), std::string::npos) << log_;
  EXPECT_NE(log_.find("malformed XML"), std::string::npos) << log_;

  // The harvest is complete: its state holds no token, and the newest datestamp it saw.
  auto state = store_->job_state(oai_state_key(last_request_));
  ASSERT_TRUE(state.ok() && state->has_value());
  auto json = nlohmann::json::parse(**state);
  EXPECT_EQ(json["token"], "");
  EXPECT_EQ(json["completed_through"], "2026-11-21");
}

TEST_F(OaiHarvesterTest, APageThatStaysBrokenStopsTheHarvestAndTheRerunResumesThere) {
  PagedOai broken(three_pages());
  for (int attempt = 1; attempt <= 3; ++attempt) broken.fault(2, attempt, Fault::kHtml);
  auto failed = harvest(broken);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("the document is <html>"), std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("resumptionToken="), std::string::npos)
      << "names the request";
  EXPECT_EQ(store_->stats()->papers, 3) << "the two pages before it are stored";

  PagedOai fixed(three_pages());
  auto rerun = harvest(fixed);
  ASSERT_TRUE(rerun.ok()) << rerun.error().message;
  EXPECT_TRUE(rerun->resumed);
  ASSERT_FALSE(seen_.empty());
  EXPECT_EQ(seen_[0].param("resumptionToken"), testing::arxiv_token(2))
      << "resumed at the page it stopped on";
  EXPECT_EQ(fixed.served(0), 0);
  EXPECT_EQ(store_->stats()->papers, 3);
  EXPECT_EQ(store_->stats()->withdrawn, 1);
}

TEST_F(OaiHarvesterTest, AnExpiredTokenRestartsTheHarvestFromItsFromDate) {
  PagedOai broken(three_pages());
  for (int attempt = 1; attempt <= 3; ++attempt) broken.fault(1, attempt, Fault::kTruncated);
  OaiHarvestRequest request;
  request.from = Date{2026, 11, 1};
  ASSERT_FALSE(harvest(broken, request).ok());

  PagedOai expired(three_pages());
  expired.fault(1, 1, Fault::kBadToken);
  auto rerun = harvest(expired, request);
  ASSERT_TRUE(rerun.ok()) << rerun.error().message;
  EXPECT_NE(log_.find("resumption token was refused"), std::string::npos) << log_;
  ASSERT_GE(seen_.size(), 2u);
  EXPECT_EQ(seen_[1].param("from"), "2026-11-01") << "started over from the harvest's own from";
  EXPECT_EQ(store_->stats()->papers, 3);
}

TEST_F(OaiHarvesterTest, RetriesAreCountedPerHarvestWhenAFetcherServesSeveral) {
  PagedOai busy(three_pages());
  busy.fault(0, 1, Fault::kUnavailable);
  current_ = &busy;
  PoliteFetcher fetcher(
      *http_, {}, [](auto) { return true; }, [](const std::string&) {});
  OaiHarvestRequest first;
  first.base_url = server_.url("/oai");
  first.set = "cs";
  OaiHarvestRequest second = first;
  second.set = "math";  // a job of its own, as in a scheduler round
  auto one = OaiHarvester(*store_, fetcher, [](const std::string&) {}).run(first);
  auto two = OaiHarvester(*store_, fetcher, [](const std::string&) {}).run(second);
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->retries, 1);
  EXPECT_EQ(two->retries, 0);
}

TEST_F(OaiHarvesterTest, NoRecordsMatchIsAnEmptyHarvestNotAnError) {
  testing::ReplayServer server([](const httplib::Request&, httplib::Response& r) {
    r.set_content(testing::oai_error(
                      "noRecordsMatch",
                      "The combination of the values of the from, until, set and metadataPrefix "
                      "arguments results in an empty list."),
                  "text/xml");
  });
  OaiHarvestRequest request;
  request.base_url = server.url("/oai");
  PoliteFetcher fetcher(
      *http_, {}, [](auto) { return true; }, [](const std::string&) {});
  auto report = OaiHarvester(*store_, fetcher, [](const std::string&) {}).run(request);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->records, 0);
}

TEST_F(OaiHarvesterTest, OtherOaiErrorsStopWithTheirCodeAndText) {
  PagedOai oai(three_pages());
  oai.fault(0, 1, Fault::kBadArgument);
  auto report = harvest(oai);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("OAI-PMH error badArgument: Illegal argument: from"),
            std::string::npos)
      << report.error().message;
}

TEST_F(OaiHarvesterTest, ARetryAfterLongerThanThePolicyStopsInsteadOfWaiting) {
  PagedOai oai(three_pages());
  oai.fault(1, 1, Fault::kLongRetry);
  auto report = harvest(oai);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("Retry-After 86400 s"), std::string::npos)
      << report.error().message;
  EXPECT_EQ(store_->stats()->papers, 2) << "the first page is kept";
}

TEST_F(OaiHarvesterTest, TheNextHarvestStartsFromTheNewestDatestampOfTheLastCompleteOne) {
  PagedOai oai(three_pages());
  ASSERT_TRUE(harvest(oai).ok());
  PagedOai again(three_pages());
  ASSERT_TRUE(harvest(again).ok());
  ASSERT_FALSE(seen_.empty());
  EXPECT_EQ(seen_[0].param("from"), "2026-11-21");
  EXPECT_EQ(seen_[0].param("until"), "");
}

TEST_F(OaiHarvesterTest, CategoriesNarrowAnArchiveSet) {
  auto pages = three_pages();
  pages[0][1].categories = "cs.CV";
  PagedOai oai(pages);
  OaiHarvestRequest request;
  request.categories = {"cs.LG"};
  auto report = harvest(oai, request);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->filtered, 1);  // 00002 v1 is cs.CV; its revision (page 2) is cs.LG
  EXPECT_EQ(store_->stats()->papers, 3);
}

TEST_F(OaiHarvesterTest, AnUnreachableSourceFailsAfterItsAttemptsNamingTheUrl) {
  OaiHarvestRequest request;
  request.base_url = "http://127.0.0.1:9/oai";  // discard port: nothing listens
  FetchPolicy policy;
  policy.max_attempts = 2;
  PoliteFetcher fetcher(
      *http_, policy, [](auto) { return true; }, [](const std::string&) {});
  auto report = OaiHarvester(*store_, fetcher, [](const std::string&) {}).run(request);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("GET http://127.0.0.1:9/oai?verb=ListRecords"),
            std::string::npos)
      << report.error().message;
  EXPECT_NE(report.error().message.find("gave up after 2 attempts"), std::string::npos)
      << report.error().message;
}

TEST_F(OaiHarvesterTest, AStalledResponseTimesOut) {
  HttpClientOptions options;
  options.timeout = 1s;
  auto impatient = make_curl_client(options);
  testing::ReplayServer server([](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(2500ms);
    r.set_content("late", "text/plain");
  });
  auto response = impatient->get(server.url("/oai"));
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.error().message.find("imed out"), std::string::npos)
      << response.error().message;
}

TEST(RetryAfter, ReadsSecondsAndHttpDates) {
  auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", now), std::chrono::seconds(60));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), std::chrono::seconds(0));
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("-5", now).has_value());
}

}  // namespace
}  // namespace paperboy
