#include "harvest/summarizer.h"

#include <fmt/format.h>

#include <chrono>

namespace paperboy {

namespace {

constexpr int64_t kDefaultRateLimitPause = 60;  // seconds, when a 429 says nothing
constexpr size_t kPageSize = 200;

}  // namespace

Summarizer::Summarizer(SummarizerOptions options, HttpClient& http)
    : options_(std::move(options)),
      http_(http),
      round_({"summaries", options_.store, options_.data_dir,
              interval_for_rate(options_.per_minute), options_.log},
             [this](Store& store) { return summarize_next(store); }) {}

Summarizer::~Summarizer() { stop(); }

void Summarizer::start() { round_.start(); }

void Summarizer::stop() { round_.stop(); }

int64_t Summarizer::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Summarizer::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

bool Summarizer::needs_summary(const StoredPaper& stored, int64_t at) const {
  const Paper& p = stored.paper;
  // The hub's summaries stay; ours are redone for a newer version.
  bool wanted =
      p.ai_summary.empty() || (p.ai_model == options_.endpoint.model && p.ai_version < p.version);
  if (!wanted) return false;
  auto failed = failures_.find(stored.doc_id);
  return failed == failures_.end() || failed->second.retry_at <= at;
}

Result<bool> Summarizer::summarize_next(Store& store) {
  const int64_t at = now();
  if (paused_until_ > at) return false;
  auto latest = store.latest_hub_day();
  if (!latest.ok()) return latest.error();
  if (latest->empty()) return false;
  HubListing listing;
  listing.days = {date_from_days(days_since_epoch(*latest) - options_.recent_days), *latest};
  listing.limit = kPageSize;
  std::optional<StoredPaper> next;
  for (;; listing.offset += kPageSize) {
    auto page = store.list_hub_days(listing);
    if (!page.ok()) return page.error();
    for (auto& stored : *page) {
      if (needs_summary(stored, at)) {
        next = std::move(stored);
        break;
      }
    }
    if (next || page->size() < kPageSize) break;
  }
  if (!next) return false;

  auto answer = request_summary(http_, options_.endpoint, next->paper);
  if (auto* error = std::get_if<SummaryError>(&answer)) {
    if (error->rate_limited) {
      int64_t pause = error->retry_after ? error->retry_after->count() : kDefaultRateLimitPause;
      paused_until_ = at + std::max<int64_t>(1, pause);
      log(fmt::format("summaries: {}: {}; pausing {} s", next->paper.id, error->message, pause));
      return false;
    }
    Failure& failure = failures_[next->doc_id];
    ++failure.tries;
    const bool last = failure.tries >= options_.max_tries;
    failure.retry_at = last ? INT64_MAX : at + 60 * (int64_t{1} << (failure.tries - 1));
    log(fmt::format("summaries: {}: {} (try {} of {}{})", next->paper.id, error->message,
                    failure.tries, options_.max_tries,
                    last ? "; not asked again until the server restarts" : ""));
    return true;  // others may still be asked
  }
  const auto& summary = std::get<PaperSummary>(answer);
  Paper paper = next->paper;
  paper.ai_summary = summary.summary;
  paper.ai_keywords = summary.keywords;
  paper.ai_model = options_.endpoint.model;
  paper.ai_version = paper.version;
  auto written = store.upsert(std::span<const Paper>(&paper, 1));
  if (!written.ok()) return written.error();
  failures_.erase(next->doc_id);
  return true;
}

}  // namespace paperboy
