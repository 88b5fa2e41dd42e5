#include "harvest/harvest_scheduler.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include "index/index_location.h"
#include "index/index_writer.h"
#include "index/search_indexes.h"

namespace paperboy {
namespace {

// The job state that holds when (unix seconds) the last round any server on the store ran to its
// end finished.
constexpr const char* kLastRoundKey = "harvest:last-round-finished";

// Catch-ups at least this many changes behind are logged with their time.
constexpr int64_t kLoggedCatchUp = 10'000;

constexpr int64_t kDay = 86400;

void add_report(HarvestReport& total, const HarvestReport& r) {
  total.pages += r.pages;
  total.records += r.records;
  total.inserted += r.inserted;
  total.updated += r.updated;
  total.unchanged += r.unchanged;
  total.withdrawn += r.withdrawn;
  total.filtered += r.filtered;
  total.problems += r.problems;
  total.retries += r.retries;
}

}  // namespace

Result<int> parse_utc_time(const std::string& text) {
  int hours = -1, minutes = -1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d:%d%c", &hours, &minutes, &tail) != 2 || hours < 0 ||
      hours > 23 || minutes < 0 || minutes > 59) {
    return Error{"expected HH:MM (UTC), got '" + text + "'"};
  }
  return hours * 60 + minutes;
}

HarvestScheduler::HarvestScheduler(HarvestSchedule schedule) : schedule_(std::move(schedule)) {
  for (const auto& request : schedule_.arxiv) {
    HarvestJobStatus job;
    job.name = "arxiv " + (request.set.empty() ? std::string("(all)") : request.set);
    status_.jobs.push_back(job);
  }
  if (schedule_.hf) {
    HarvestJobStatus job;
    job.name = "hf";
    status_.jobs.push_back(job);
  }
}

HarvestScheduler::~HarvestScheduler() { stop(); }

int64_t HarvestScheduler::now() const {
  if (schedule_.clock) return schedule_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t HarvestScheduler::next_run_after(int64_t t) const {
  int64_t today = t - t % kDay + int64_t{schedule_.at_minute_utc} * 60;
  return today > t ? today : today + kDay;
}

void HarvestScheduler::log(const std::string& line) const {
  fmt::print(stderr, "harvest: {}\n", line);
}

void HarvestScheduler::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    run_requested_ = schedule_.run_at_start;
    status_.next_run = next_run_after(now());
  }
  thread_ = std::thread([this] { loop(); });
}

void HarvestScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HarvestScheduler::run_now() {
  {
    std::lock_guard lock(mutex_);
    run_requested_ = true;
  }
  wake_.notify_all();
}

bool HarvestScheduler::wait(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stopping_; });
  return !stopping_;
}

void HarvestScheduler::loop() {
  auto store = open_store(schedule_.store, schedule_.data_dir);
  if (!store.ok()) {
    log("cannot open the store: " + store.error().message + "; no harvests will run");
    return;
  }
  store_ = std::move(store).value();
  // A server joining a shared store with an empty data directory builds its indexes now, not
  // a check interval later.
  catch_up_index();
  for (;;) {
    bool due = false, fresh = false;
    int64_t asked_at = 0;  // the scheduled time of the round, or when it was asked for
    {
      std::unique_lock lock(mutex_);
      auto until_next = std::chrono::seconds(std::max<int64_t>(0, status_.next_run - now()));
      wake_.wait_for(lock, std::min<std::chrono::seconds>(until_next, schedule_.index_check),
                     [this] { return stopping_ || run_requested_; });
      if (stopping_) break;
      due = run_requested_ || now() >= status_.next_run;
      fresh = run_requested_;
      asked_at = run_requested_ ? now() : status_.next_run;
      run_requested_ = false;
      if (due) status_.next_run = next_run_after(now());
    }
    if (due) {
      run_round(asked_at, fresh);
    } else if (waiting_round_ > 0) {
      run_round(waiting_round_, false);
    }
    catch_up_index();
  }
  store_.reset();
}

void HarvestScheduler::run_round(int64_t asked_at, bool fresh) {
  if (status_.jobs.empty()) return;
  // Of several servers on one store, one harvests at a time; the others' indexes follow what it
  // stores through the change feed. A round that finds the lock taken waits (tried again at
  // every index check) and is dropped once the other server's round finishes; if that server
  // dies mid-round, its lock goes with its connection and the waiting round runs here. The
  // record of the last finished round also keeps a server whose clock is late from running a
  // scheduled round another already ran.
  auto round_lock = store_->try_lock_job("harvest");
  if (!round_lock.ok() || !*round_lock) {
    if (waiting_round_ == 0) {
      log(round_lock.ok() ? "another paperboy on this store is harvesting; this round waits for it"
                          : "harvest round not started: " + round_lock.error().message +
                                "; it will be tried again");
    }
    waiting_round_ = waiting_round_ > 0 ? std::min(waiting_round_, asked_at) : asked_at;
    return;
  }
  const bool waited = waiting_round_ > 0;
  waiting_round_ = 0;
  if (!fresh || waited) {
    auto last = store_->job_state(kLastRoundKey);
    if (last.ok() && last->has_value() && std::strtoll((*last)->c_str(), nullptr, 10) >= asked_at) {
      log("another paperboy on this store harvested since this round was due; skipped");
      return;
    }
  }
  if (waited) log("no round finished since this one was due, and none is running now; it runs");
  auto http = make_curl_client(schedule_.http);
  HarvestLog harvest_log = [this](const std::string& line) { log(line); };
  PoliteFetcher fetcher(
      *http, schedule_.policy, [this](std::chrono::milliseconds d) { return wait(d); },
      harvest_log);
  size_t jobs = status_.jobs.size();
  for (size_t j = 0; j < jobs; ++j) {
    std::string name;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      name = status_.jobs[j].name;
      status_.running = name;
      status_.jobs[j].last_started = now();
    }
    Result<HarvestReport> report = Error{""};
    if (j < schedule_.arxiv.size()) {
      report = OaiHarvester(*store_, fetcher, harvest_log).run(schedule_.arxiv[j]);
    } else {
      report = HfHarvester(*store_, fetcher, harvest_log).run(*schedule_.hf, utc_day(now()));
    }
    std::lock_guard lock(mutex_);
    HarvestJobStatus& job = status_.jobs[j];
    job.last_finished = now();
    status_.running.clear();
    if (report.ok()) {
      job.last_success = job.last_finished;
      job.last_error.clear();
      job.last_report = *report;
      add_report(job.totals, *report);
      ++job.runs_ok;
      log(fmt::format("{}: done: {} records, {} new, {} updated, {} withdrawn, {} problems", name,
                      report->records, report->inserted, report->updated, report->withdrawn,
                      report->problems));
    } else {
      job.last_error = report.error().message;
      ++job.runs_failed;
      log(fmt::format("{}: failed: {}", name, report.error().message));
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // stopped mid-round: not finished, so another server may run it
  }
  if (auto s = store_->set_job_state({kLastRoundKey, std::to_string(now())}); !s.ok())
    log("the finished round was not recorded: " + s.message());
}

void HarvestScheduler::catch_up_index() {
  auto seq = store_->change_seq();
  if (!seq.ok() || *seq == indexed_seq_) return;
  // A long catch-up (a new server, or one back after a while) says so, with progress lines:
  // it may take minutes. A new server's first build (no index yet) takes every core, as
  // `paperboy index` does; a routine catch-up writes a few papers and leaves the cores to
  // requests (the shard count applies only to a new generation).
  const int64_t behind = *seq - indexed_seq_;
  const bool long_catch_up = indexed_seq_ < 0 || behind >= kLoggedCatchUp;
  const bool first_build = !IndexLocation(schedule_.data_dir / "index", kLexicalIndexName).live();
  IndexOptions options;
  if (!first_build) options.shards = 1;
  options.show_progress = long_catch_up;
  if (first_build) {
    std::lock_guard lock(mutex_);
    status_.index_building = true;
    status_.index_done = status_.index_total = 0;
    options.on_progress = [this](int64_t done, int64_t total) {
      std::lock_guard progress_lock(mutex_);
      status_.index_done = done;
      status_.index_total = total;
    };
  }
  VectorIndexOptions vector_options;
  vector_options.show_progress = long_catch_up;
  const auto started = std::chrono::steady_clock::now();
  // The index's lines are the index's, not the harvest's: the catch-up runs with no harvest.
  auto index_log = [](const std::string& line) { fmt::print(stderr, "index: {}\n", line); };
  if (long_catch_up) index_log(fmt::format("catching up with the store (change {})", *seq));
  auto update = update_search_indexes(*store_, schedule_.data_dir, options, vector_options,
                                      schedule_.embedder);
  if (long_catch_up && update.ok()) {
    index_log(fmt::format(
        "{} papers written in {:.1f} s; up to date at change {}", update->lexical.documents_written,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        update->lexical.store_seq));
  }
  std::lock_guard lock(mutex_);
  status_.index_building = false;
  if (!update.ok()) {
    // A CLI ingest holding the index's write lock is the usual cause: the next check retries.
    status_.index_error = update.error().message;
    return;
  }
  status_.index_error.clear();
  indexed_seq_ = update->lexical.store_seq;
  if (update->lexical.documents_written > 0) ++status_.index_updates;
}

HarvestStatus HarvestScheduler::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::string HarvestScheduler::prometheus_text() const {
  HarvestStatus s = status();
  std::string out;
  out += "# HELP paperboy_harvest_runs_total Scheduled harvest runs by job and result.\n";
  out += "# TYPE paperboy_harvest_runs_total counter\n";
  for (const auto& job : s.jobs) {
    out += fmt::format("paperboy_harvest_runs_total{{job=\"{}\",result=\"ok\"}} {}\n", job.name,
                       job.runs_ok);
    out += fmt::format("paperboy_harvest_runs_total{{job=\"{}\",result=\"error\"}} {}\n", job.name,
                       job.runs_failed);
  }
  out +=
      "# HELP paperboy_harvest_records_total Records harvested by job and what they did to the "
      "store.\n";
  out += "# TYPE paperboy_harvest_records_total counter\n";
  for (const auto& job : s.jobs) {
    const HarvestReport& t = job.totals;
    for (auto [kind, n] : {std::pair{"added", t.inserted},
                           {"updated", t.updated},
                           {"unchanged", t.unchanged},
                           {"withdrawn", t.withdrawn},
                           {"problems", t.problems}}) {
      out += fmt::format("paperboy_harvest_records_total{{job=\"{}\",change=\"{}\"}} {}\n",
                         job.name, kind, n);
    }
  }
  out +=
      "# HELP paperboy_harvest_last_success_timestamp_seconds When each job last finished without "
      "error.\n";
  out += "# TYPE paperboy_harvest_last_success_timestamp_seconds gauge\n";
  for (const auto& job : s.jobs) {
    out += fmt::format("paperboy_harvest_last_success_timestamp_seconds{{job=\"{}\"}} {}\n",
                       job.name, job.last_success);
  }
  out += "# HELP paperboy_harvest_last_run_failed 1 when the job's last run ended in an error.\n";
  out += "# TYPE paperboy_harvest_last_run_failed gauge\n";
  for (const auto& job : s.jobs) {
    out += fmt::format("paperboy_harvest_last_run_failed{{job=\"{}\"}} {}\n", job.name,
                       job.last_error.empty() ? 0 : 1);
  }
  return out;
}

}  // namespace paperboy
