// The background round of `serve --llm-url`: papers on the daily lists (newest days first)
// that have no summary, or one this model wrote for an older version, are summarised one at a
// time at the operator's rate, each stored with the model's name and the paper's version in
// the paper's row (so the index searches it after its next catch-up). The stored summary is
// the only record: a server killed mid-request asks again for that one paper and no other.
// Failures are logged with the paper and the reason; a paper is tried `max_tries` times, a
// minute apart and longer, and a 429 pauses the round for as long as the endpoint asks.
// Several servers on one store summarise one at a time: the `summaries` job lock decides which.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "harvest/background_round.h"
#include "harvest/summary_client.h"
#include "store/store.h"
#include "store/store_location.h"

namespace paperboy {

struct SummarizerOptions {
  StoreLocation store;
  std::filesystem::path data_dir;
  LlmEndpoint endpoint;
  double per_minute = 6;  // papers asked about a minute, at most
  int recent_days = 30;   // how many listed days back the round looks
  int max_tries = 3;
  std::function<void(const std::string&)> log;
  std::function<int64_t()> clock;  // unix seconds; the system clock when empty
};

class Summarizer {
 public:
  Summarizer(SummarizerOptions options, HttpClient& http);
  ~Summarizer();  // stops and joins

  void start();
  void stop();

  // Summarises the next paper that needs it. False when none does now (all done, all waiting
  // after a failure, or the endpoint asked to wait); an error only for the store's.
  Result<bool> summarize_next(Store& store);

 private:
  struct Failure {
    int tries = 0;
    int64_t retry_at = 0;
  };
  bool needs_summary(const StoredPaper& stored, int64_t now) const;
  int64_t now() const;
  void log(const std::string& line) const;

  SummarizerOptions options_;
  HttpClient& http_;
  std::map<int64_t, Failure> failures_;  // by doc_id
  int64_t paused_until_ = 0;
  BackgroundRound round_;  // last: stopped before the rest goes
};

}  // namespace paperboy
