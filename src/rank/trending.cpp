#include "rank/trending.h"

#include <algorithm>
#include <cmath>

namespace paperboy {

int64_t trending_clock(int64_t now, const Date& newest_day) {
  if (newest_day.empty()) return now;
  int64_t end_of_newest = (days_since_epoch(newest_day) + 1) * 86400;
  return std::min(now, end_of_newest);
}

DateRange trending_window(int64_t clock, const TrendingParams& params) {
  // The clock at exactly midnight ends the previous day.
  Date last = utc_day(clock - 1);
  return {add_days(last, -(std::max(params.window_days, 1) - 1)), last};
}

std::vector<TrendingPaper> rank_trending(std::span<const VotedPaper> papers, int64_t clock,
                                         const TrendingParams& params) {
  std::vector<TrendingPaper> ranked;
  ranked.reserve(papers.size());
  for (const auto& paper : papers) {
    const int64_t age_seconds = clock - days_since_epoch(paper.day) * int64_t{86400};
    const double age_hours = static_cast<double>(std::max<int64_t>(0, age_seconds)) / 3600.0;
    const double score = static_cast<double>(paper.votes) /
                         std::pow(age_hours + params.offset_hours, params.gravity);
    ranked.push_back({paper.doc_id, paper.votes, score});
  }
  std::sort(ranked.begin(), ranked.end(), [](const TrendingPaper& a, const TrendingPaper& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.votes != b.votes) return a.votes > b.votes;
    return a.doc_id > b.doc_id;
  });
  return ranked;
}

Result<std::vector<TrendingEntry>> trending_papers(Store& store, const TrendingParams& params,
                                                   int64_t now, size_t offset, size_t limit,
                                                   TrendingWindow* window) {
  auto newest = store.latest_hub_day();
  if (!newest.ok()) return newest.error();
  int64_t clock = trending_clock(now, *newest);
  DateRange days = trending_window(clock, params);
  auto voted = store.community().voted_papers(days);
  if (!voted.ok()) return voted.error();
  if (window != nullptr) {
    window->days = days;
    window->fell_back = false;
  }
  if (window != nullptr && voted->empty()) {
    // The newest day of any voted paper before the window ends the window instead. Reading
    // every voted paper is the price, paid only on a quiet corpus.
    auto earlier = store.community().voted_papers({Date{1, 1, 1}, add_days(days.first, -1)});
    if (!earlier.ok()) return earlier.error();
    Date last_voted;
    for (const auto& paper : *earlier) last_voted = std::max(last_voted, paper.day);
    if (!last_voted.empty()) {
      clock = (days_since_epoch(last_voted) + 1) * 86400;
      days = trending_window(clock, params);
      voted = store.community().voted_papers(days);
      if (!voted.ok()) return voted.error();
      window->days = days;
      window->fell_back = true;
    }
  }
  auto ranked = rank_trending(*voted, clock, params);
  if (offset >= ranked.size()) return std::vector<TrendingEntry>();
  ranked.erase(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(offset));
  if (ranked.size() > limit) ranked.resize(limit);
  std::vector<int64_t> ids;
  ids.reserve(ranked.size());
  for (const auto& r : ranked) ids.push_back(r.doc_id);
  auto papers = store.get_many(ids);
  if (!papers.ok()) return papers.error();
  // get_many keeps the order asked and skips papers deleted since; match them up by id.
  std::vector<TrendingEntry> entries;
  size_t next = 0;
  for (auto& stored : *papers) {
    while (next < ranked.size() && ranked[next].doc_id != stored.doc_id) ++next;
    if (next == ranked.size()) break;
    entries.push_back({std::move(stored), ranked[next++]});
  }
  return entries;
}

}  // namespace paperboy
