#include "harvest/thumbnailer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/arxiv_id.h"

namespace paperboy {

namespace {

constexpr size_t kPageSize = 200;
constexpr int64_t kSourcePause = 600;          // seconds, after arXiv did not answer at all
constexpr int64_t kAfterLastTry = 7 * 86'400;  // a paper that failed every try waits a week

}  // namespace

int wanted_thumbnail_version(const Paper& paper) { return std::max(paper.version, 1); }

Thumbnailer::Thumbnailer(ThumbnailerOptions options, HttpClient& http)
    : options_(std::move(options)),
      round_({"thumbnails", options_.store, options_.data_dir,
              interval_for_rate(options_.per_minute), options_.log},
             [this](Store& store) { return thumbnail_next(store); }),
      fetcher_(
          http, options_.policy,
          [this](std::chrono::milliseconds duration) { return round_.wait(duration); },
          [this](const std::string& line) { log("thumbnails: " + line); }) {}

Thumbnailer::~Thumbnailer() { stop(); }

void Thumbnailer::start() { round_.start(); }

void Thumbnailer::stop() { round_.stop(); }

int64_t Thumbnailer::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Thumbnailer::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Result<std::optional<Thumbnailer::Candidate>> Thumbnailer::next_candidate(Store& store,
                                                                          int64_t at) {
  auto latest = store.latest_hub_day();
  if (!latest.ok()) return latest.error();
  if (latest->empty()) return std::optional<Candidate>();
  HubListing listing;
  listing.days = {date_from_days(days_since_epoch(*latest) - options_.recent_days), *latest};
  listing.limit = kPageSize;
  for (;; listing.offset += kPageSize) {
    auto page = store.list_hub_days(listing);
    if (!page.ok()) return page.error();
    std::vector<Candidate> wanting;
    std::vector<int64_t> doc_ids;
    for (auto& stored : *page) {
      const int version = wanted_thumbnail_version(stored.paper);
      // Only arXiv's papers have a PDF there.
      if (stored.paper.thumbnail_version >= version || !parse_arxiv_id(stored.paper.id).ok()) {
        continue;
      }
      doc_ids.push_back(stored.doc_id);
      wanting.push_back({std::move(stored), version, 0});
    }
    auto attempts = store.thumbnails().thumbnail_attempts(doc_ids);
    if (!attempts.ok()) return attempts.error();
    for (auto& candidate : wanting) {
      auto attempt = std::find_if(attempts->begin(), attempts->end(), [&](const auto& a) {
        return a.doc_id == candidate.stored.doc_id;
      });
      if (attempt != attempts->end() && attempt->failed_version == candidate.version) {
        if (attempt->retry_at > at) continue;
        candidate.earlier_tries = attempt->tries;
      }
      return std::optional<Candidate>(std::move(candidate));
    }
    if (page->size() < kPageSize) return std::optional<Candidate>();
  }
}

Status Thumbnailer::record_failure(Store& store, const Candidate& candidate, const std::string& why,
                                   int64_t at) {
  const int tries = candidate.earlier_tries + 1;
  const bool last = tries >= options_.max_tries;
  const int64_t retry_at =
      last ? at + kAfterLastTry : at + 60 * (int64_t{1} << std::min(tries - 1, 20));
  log(fmt::format("thumbnails: {}v{}: {} (try {} of {}{})", candidate.stored.paper.id,
                  candidate.version, why, tries, options_.max_tries,
                  last ? "; not tried again for a week" : ""));
  return store.thumbnails().record_thumbnail_failure(candidate.stored.doc_id, candidate.version,
                                                     why, retry_at);
}

Result<bool> Thumbnailer::thumbnail_next(Store& store) {
  const int64_t at = now();
  if (paused_until_ > at) return false;
  auto next = next_candidate(store, at);
  if (!next.ok()) return next.error();
  if (!*next) return false;
  const Candidate& candidate = **next;
  const Paper& paper = candidate.stored.paper;
  // A known version is asked for by name, so the image shows what it says it shows.
  const std::string url =
      options_.pdf_url + paper.id + (paper.version > 0 ? "v" + std::to_string(paper.version) : "");
  auto response = fetcher_.get(url);
  if (!response.ok()) {
    if (round_.stopping()) return false;  // cut short by the shutdown: not the paper's fault
    // No answer (or only 5xx) from the source: the paper counts one try and the round rests.
    paused_until_ = at + kSourcePause;
    if (auto s = record_failure(store, candidate, response.error().message, at); !s.ok()) {
      return s.error();
    }
    log(fmt::format("thumbnails: pausing {} s", kSourcePause));
    return false;
  }
  if (response->status != 200) {
    auto s =
        record_failure(store, candidate, fmt::format("GET {}: HTTP {}", url, response->status), at);
    if (!s.ok()) return s.error();
    return true;
  }
  auto png = render_first_page(response->body, options_.render);
  if (!png.ok()) {
    if (auto s = record_failure(store, candidate, png.error().message, at); !s.ok()) {
      return s.error();
    }
    return true;
  }
  if (auto s =
          store.thumbnails().put_thumbnail(candidate.stored.doc_id, candidate.version, *png, at);
      !s.ok()) {
    return s.error();
  }
  return true;
}

}  // namespace paperboy
