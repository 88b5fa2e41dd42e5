// The background round of `serve --thumbnails`: for papers on the daily lists (newest days
// first; listed papers only, never all of arXiv) whose first page is not stored for their
// latest version, fetches the PDF from arXiv politely (one at a time, at the operator's rate,
// Retry-After honoured) and stores page 1 drawn small (harvest/first_page_renderer.h) with the
// version it shows. Failures are stored too (store/thumbnails.h): a paper is tried `max_tries`
// times, a minute apart and longer, then left for a week, and a restart remembers all of it.
// The stored image is the only record of success, so a server killed mid-fetch fetches that
// one paper again and no other. Of several servers on one store, the holder of the
// `thumbnails` job lock fetches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "harvest/background_round.h"
#include "harvest/first_page_renderer.h"
#include "harvest/polite_fetcher.h"
#include "store/store.h"
#include "store/store_location.h"

namespace paperboy {

inline constexpr const char* kArxivPdfUrl = "https://arxiv.org/pdf/";

struct ThumbnailerOptions {
  StoreLocation store;
  std::filesystem::path data_dir;
  std::string pdf_url = kArxivPdfUrl;  // + "2410.14649v2"
  double per_minute = 4;               // PDFs fetched a minute, at most
  int recent_days = 30;                // how many listed days back the round looks
  int max_tries = 3;
  RenderLimits render;
  FetchPolicy policy;
  std::function<void(const std::string&)> log;
  std::function<int64_t()> clock;  // unix seconds; the system clock when empty
};

class Thumbnailer {
 public:
  Thumbnailer(ThumbnailerOptions options, HttpClient& http);
  ~Thumbnailer();  // stops and joins

  void start();
  void stop();

  // Fetches and draws the next paper that needs it. False when none does now (all done, all
  // waiting after failures, or the round is paused); an error only for the store's.
  Result<bool> thumbnail_next(Store& store);

 private:
  struct Candidate {
    StoredPaper stored;
    int version = 0;        // the version to draw
    int earlier_tries = 0;  // failures for that version so far
  };
  Result<std::optional<Candidate>> next_candidate(Store& store, int64_t now);
  Status record_failure(Store& store, const Candidate& candidate, const std::string& why,
                        int64_t now);
  int64_t now() const;
  void log(const std::string& line) const;

  ThumbnailerOptions options_;
  int64_t paused_until_ = 0;
  BackgroundRound round_;  // stopped before the fetcher goes
  PoliteFetcher fetcher_;  // waits through round_, so a stopping server is not held up
};

// The version a paper's thumbnail should show: its latest known, or 1 when the source never
// said (the PDF fetched is then arXiv's latest, and a later known version is drawn again).
int wanted_thumbnail_version(const Paper& paper);

}  // namespace paperboy
