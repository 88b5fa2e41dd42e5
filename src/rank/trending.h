// Trending: votes decayed by age, the Hacker News "gravity" formula
//
//     score = votes / (age_hours + offset_hours) ^ gravity
//
// where votes are the hub's imported upvotes plus the votes cast on this server, and a paper's
// age runs from the start (00:00 UTC) of the day it was listed (its hub day, or its first
// publication if it was never listed) to the ranking's clock. Only papers of the last
// `window_days` days take part. The clock is now, or the end of the newest day the store knows
// of when that is earlier: a server fed an old corpus (the bundled sample) still has a trending
// page, and on a live server the two are the same.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace paperboy {

struct TrendingParams {
  int window_days = 7;
  double gravity = 1.8;       // higher: older papers sink faster
  double offset_hours = 2.0;  // keeps a brand-new paper's score finite
};

struct TrendingPaper {
  int64_t doc_id = 0;
  int64_t votes = 0;
  double score = 0;
};

// The ranking's clock (unix seconds), from the current time and the newest day in the store.
int64_t trending_clock(int64_t now, const Date& newest_day);
// The days whose papers take part, ending on the clock's day.
DateRange trending_window(int64_t clock, const TrendingParams& params);
// Highest score first; ties go to more votes, then to the newer paper.
std::vector<TrendingPaper> rank_trending(std::span<const VotedPaper> papers, int64_t clock,
                                         const TrendingParams& params);

// The store's trending papers, hydrated, best first: the window ends on the newest hub day
// (or today when no paper was ever listed).
struct TrendingEntry {
  StoredPaper stored;
  TrendingPaper rank;
};
// With `window`, a window without votes (a quiet corpus: today's listing is new and unvoted)
// falls back to the last window that had votes, and `window` says which days were ranked and
// whether it fell back; without it, an empty window gives no papers (the digest's "this week").
struct TrendingWindow {
  DateRange days;
  bool fell_back = false;
};
Result<std::vector<TrendingEntry>> trending_papers(Store& store, const TrendingParams& params,
                                                   int64_t now, size_t offset, size_t limit,
                                                   TrendingWindow* window = nullptr);

}  // namespace paperboy
