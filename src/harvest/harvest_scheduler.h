// The harvests `paperboy serve --harvest` runs by itself: once a day at a set UTC time (after
// arXiv's announcement), on its own thread with its own store connection, so requests never wait
// on it. After each round it brings the lexical index up to date; between rounds it also catches
// the index up with changes made through the server (submissions fetched from arXiv).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "embed/embedder.h"
#include "harvest/hf_harvester.h"
#include "harvest/oai_harvester.h"
#include "net/http_client.h"
#include "store/store_location.h"

namespace paperboy {

struct HarvestSchedule {
  std::filesystem::path data_dir;
  StoreLocation store;                   // default: the data directory's store.sqlite
  std::vector<OaiHarvestRequest> arxiv;  // one job per set
  std::optional<HfHarvestRequest> hf;
  int at_minute_utc = 2 * 60;  // arXiv announces at 20:00 US Eastern, 00:00–01:00 UTC
  bool run_at_start = false;
  std::chrono::seconds index_check{60};
  // The model vectors are made with; null: the data directory's active model, loaded (or the
  // built-in one trained) when papers change.
  const Embedder* embedder = nullptr;  // how often the index is caught up between rounds
  HttpClientOptions http;
  FetchPolicy policy;
  std::function<int64_t()> clock;  // unix seconds; the system clock when empty
};

// What /admin/harvest and /metrics show, per job.
struct HarvestJobStatus {
  std::string name;          // "arxiv cs", "hf"
  int64_t last_started = 0;  // unix seconds; 0 = never
  int64_t last_finished = 0;
  int64_t last_success = 0;
  std::string last_error;  // empty after a successful run
  HarvestReport last_report;
  int64_t runs_ok = 0;
  int64_t runs_failed = 0;
  HarvestReport totals;  // summed over this process's runs
};

struct HarvestStatus {
  std::vector<HarvestJobStatus> jobs;
  std::string running;   // the job under way, if any
  int64_t next_run = 0;  // unix seconds
  int64_t index_updates = 0;
  std::string index_error;
  // A first build of this server's index, while it runs: how far it has come (done of total
  // papers; total 0 until the build knows it). Searches wait for it; /healthz says so.
  bool index_building = false;
  int64_t index_done = 0, index_total = 0;
};

class HarvestScheduler {
 public:
  explicit HarvestScheduler(HarvestSchedule schedule);
  ~HarvestScheduler();  // stops and joins

  void start();
  // Interrupts a wait between requests; a harvest stopped so resumes at its page next time.
  void stop();
  // Runs a round now (after the one under way, if any).
  void run_now();

  HarvestStatus status() const;
  // Prometheus text: runs, records by kind, last success per job.
  std::string prometheus_text() const;

 private:
  void loop();
  // Runs the round asked for at `asked_at` unless another server is harvesting (then it waits
  // for that one) or a round finished since it was asked for. `fresh`: asked for just now by
  // an operator, so no earlier round can stand in for it.
  void run_round(int64_t asked_at, bool fresh);
  void catch_up_index();
  bool wait(std::chrono::milliseconds duration);  // false when stopping
  int64_t now() const;
  int64_t next_run_after(int64_t t) const;
  void log(const std::string& line) const;

  HarvestSchedule schedule_;
  std::unique_ptr<Store> store_;
  int64_t indexed_seq_ = -1;  // the store change the index was last brought to
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool run_requested_ = false;
  // When the round that found another server harvesting was asked for; 0 when none waits. It
  // runs after that server's round unless that round finishes: a server killed mid-round so
  // hands its round to another.
  int64_t waiting_round_ = 0;
  HarvestStatus status_;
  std::thread thread_;
};

// "02:00" → 120.
Result<int> parse_utc_time(const std::string& text);

}  // namespace paperboy
