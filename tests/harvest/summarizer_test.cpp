// Summaries from a chat-completions endpoint (issue 19, item 5), against a stand-in on
// 127.0.0.1 that speaks the protocol: good answers, 429 with Retry-After, a 500, malformed
// JSON, an answer that is not the JSON asked for, a 10 MB body, a stall past the timeout.
#include "harvest/summarizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "net/http_client.h"
#include "replay_server.h"
#include "store/store.h"
#include "test_support.h"

namespace paperboy {
namespace {

using nlohmann::json;

// A chat-completions answer whose message content is `content`.
std::string completion(const std::string& content) {
  return json{{"id", "chatcmpl-1"},
              {"object", "chat.completion"},
              {"choices", json::array({{{"index", 0},
                                        {"message", {{"role", "assistant"}, {"content", content}}},
                                        {"finish_reason", "stop"}}})}}
      .dump();
}

// The title the request asks about ("Title: …" in the user message).
std::string asked_title(const std::string& body) {
  json request = json::parse(body);
  std::string text = request["messages"][1]["content"];
  return text.substr(7, text.find('\n') - 7);
}

class SummarizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_.path() / "store.sqlite").string())).value();
    std::vector<Paper> papers;
    for (int i = 1; i <= 4; ++i) {
      Paper p = testing::make_paper("2601.0000" + std::to_string(i),
                                    "Paper number " + std::to_string(i), 1);
      p.hub_day = Date{2026, 1, 10 + i};
      papers.push_back(p);
    }
    ASSERT_TRUE(store_->upsert(papers).ok());
  }
  SummarizerOptions options(const std::string& url) {
    SummarizerOptions o;
    o.endpoint = {url, "test-model", "secret-key"};
    o.log = [this](const std::string& line) { log_.push_back(line); };
    o.clock = [this] { return clock_; };
    return o;
  }
  int summarised() {
    int n = 0;
    for (int i = 1; i <= 4; ++i)
      n += !(**store_->get("2601.0000" + std::to_string(i))).paper.ai_summary.empty();
    return n;
  }
  bool logged(const std::string& text) const {
    for (const auto& line : log_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> log_;
  int64_t clock_ = 1'800'000'000;
};

TEST_F(SummarizerTest, EachListedPaperIsSummarisedOnceWithTheModelAndVersion) {
  testing::ReplayServer llm([](const httplib::Request& req, httplib::Response& res) {
    const std::string title = asked_title(req.body);
    res.set_content(completion("```json\n{\"summary\": \"" + title +
                               " in one sentence.\", \"keywords\": [\"a\", \"b\", \"a\", \"c\", "
                               "\"d\", \"e\", \"f\", \"g\"]}\n```"),
                    "application/json");
  });
  auto http = make_curl_client({});
  Summarizer summarizer(options(llm.url("/v1/chat/completions")), *http);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(*summarizer.summarize_next(*store_));
  EXPECT_FALSE(*summarizer.summarize_next(*store_));  // nothing left
  EXPECT_EQ(llm.seen().size(), 4u);                   // each paper asked once
  Paper p = (**store_->get("2601.00002")).paper;
  EXPECT_EQ(p.ai_summary, "Paper number 2 in one sentence.");
  EXPECT_EQ(p.ai_keywords,
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));  // at most 6, once each
  EXPECT_EQ(p.ai_model, "test-model");
  EXPECT_EQ(p.ai_version, 1);
  auto seen = llm.seen().front();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.authorization, "Bearer secret-key");
  EXPECT_EQ(json::parse(seen.body)["model"], "test-model");

  // A new version is summarised again; the hub's own summary is never replaced.
  Paper v2 = testing::make_paper("2601.00002", "Paper number 2", 2);
  v2.hub_day = Date{2026, 1, 12};
  Paper hub = testing::make_paper("2601.00005", "Paper number 5", 1);
  hub.hub_day = Date{2026, 1, 15};
  hub.ai_summary = "The hub's summary.";
  hub.ai_model = "hub";
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{v2, hub}).ok());
  ASSERT_TRUE(*summarizer.summarize_next(*store_));
  EXPECT_FALSE(*summarizer.summarize_next(*store_));
  EXPECT_EQ((**store_->get("2601.00002")).paper.ai_version, 2);
  EXPECT_EQ((**store_->get("2601.00005")).paper.ai_summary, "The hub's summary.");
  EXPECT_EQ(llm.seen().size(), 5u);  // version 2 of one paper; never the hub's
}

TEST_F(SummarizerTest, ARateLimitPausesTheRoundForAsLongAsTheEndpointAsks) {
  std::atomic<int> calls = 0;
  testing::ReplayServer llm([&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "30");
      res.set_content(R"({"error": {"message": "slow down"}})", "application/json");
      return;
    }
    res.set_content(completion(R"({"summary": "Fine.", "keywords": []})"), "application/json");
  });
  auto http = make_curl_client({});
  Summarizer summarizer(options(llm.url("/v1/chat/completions")), *http);
  EXPECT_FALSE(*summarizer.summarize_next(*store_));
  EXPECT_TRUE(logged("rate limiting (429); pausing 30 s"));
  clock_ += 10;
  EXPECT_FALSE(*summarizer.summarize_next(*store_));  // still paused: not asked
  EXPECT_EQ(calls, 1);
  clock_ += 30;
  EXPECT_TRUE(*summarizer.summarize_next(*store_));
  EXPECT_EQ(summarised(), 1);
}

TEST_F(SummarizerTest, AMisbehavingEndpointIsLoggedAndNothingIsStored) {
  std::atomic<int> calls = 0;
  testing::ReplayServer llm([&](const httplib::Request&, httplib::Response& res) {
    switch (calls++ % 5) {
      case 0:
        res.status = 500;
        res.set_content("model crashed", "text/plain");
        break;
      case 1:
        res.set_content("{\"choices\": [", "application/json");  // malformed
        break;
      case 2:
        res.set_content(completion("Sure! Here is a summary: it is good."), "application/json");
        break;
      case 3:
        res.set_content(std::string(10u << 20, 'x'), "application/json");  // 10 MB
        break;
      default:
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past the 1 s timeout
        res.set_content(completion(R"({"summary": "Too late."})"), "application/json");
    }
  });
  HttpClientOptions http_options;
  http_options.timeout = std::chrono::seconds(1);
  http_options.max_body_bytes = 1u << 20;
  auto http = make_curl_client(http_options);
  Summarizer summarizer(options(llm.url("/v1/chat/completions")), *http);
  for (int i = 0; i < 5; ++i) {
    auto step = summarizer.summarize_next(*store_);
    ASSERT_TRUE(step.ok());
    clock_ += 61;  // past each failure's first wait, so the fifth ask is a retry
  }
  EXPECT_EQ(summarised(), 0);
  EXPECT_TRUE(logged("answered HTTP 500: model crashed"));
  EXPECT_TRUE(logged("answer is not JSON"));
  EXPECT_TRUE(logged("did not answer with the JSON asked for: Sure!"));
  EXPECT_TRUE(logged("response larger than 1048576 bytes"));
  EXPECT_TRUE(logged("timed out")) << ::testing::PrintToString(log_);  // curl's words
  EXPECT_TRUE(logged("(try 1 of 3)"));
}

TEST_F(SummarizerTest, APaperThatKeepsFailingIsLeftAloneAfterItsTries) {
  std::atomic<int> calls = 0;
  testing::ReplayServer llm([&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content(completion("no json here"), "application/json");
  });
  auto http = make_curl_client({});
  SummarizerOptions o = options(llm.url("/v1/chat/completions"));
  Summarizer summarizer(o, *http);
  // Four papers, three tries each, backing off 1, 2 minutes: twelve asks, then none.
  for (int round = 0; round < 40; ++round) {
    ASSERT_TRUE(summarizer.summarize_next(*store_).ok());
    clock_ += 30;
  }
  EXPECT_EQ(calls, 12);
  EXPECT_TRUE(logged("(try 3 of 3; not asked again until the server restarts)"));
}

}  // namespace
}  // namespace paperboy
