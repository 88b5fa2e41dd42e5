#include "index/block_max_count.h"

#include <algorithm>
#include <cmath>

namespace paperboy::block_max {
namespace {

// Phrase checks at each stride before the next doubles it: the first 128 documents only a
// phrase may match are all checked, so a query with fewer is counted as before sampling.
constexpr int64_t kChecksPerStride = 128;
// How far past the window, in standard errors of the sampled part, the count must be to stop.
constexpr double kStandardErrors = 5.0;

// Past the window, the matches found up to document `last` stand for the share of document
// numbers walked.
int64_t extrapolated(double matches, uint32_t last, const BlockMaxIndex& index) {
  const double walked = static_cast<double>(last) / std::max<double>(1, index.max_doc());
  return static_cast<int64_t>(matches / std::max(walked, 1e-9));
}

// Every document checked: exact when the union ends before the window fills.
MatchCount count_every_match(const BlockMaxIndex& index, const Xapian::Database& db,
                             std::vector<List> lists, std::span<const uint64_t> skip, size_t window,
                             int64_t budget, int64_t& checks) {
  for (auto& list : lists) list.start();
  int64_t counted = 0;
  uint32_t last = 0;
  for (;;) {
    uint32_t doc = BlockMaxIndex::kEndOfList;
    for (const auto& list : lists) doc = std::min(doc, list.doc());
    if (doc == BlockMaxIndex::kEndOfList) return {counted, true};
    if (counted >= static_cast<int64_t>(window)) break;
    // A word alone matches; a phrase only where its words stand together.
    bool matched = false;
    for (auto& list : lists) {
      if (list.doc() != doc) continue;
      if (!matched && !skipped(skip, doc)) {
        if (!list.matched_by_word() && ++checks > budget) return {0, false, checks, false};
        matched = list.matches(db);
      }
      list.next();
    }
    if (matched) ++counted;
    last = doc;
  }
  return {extrapolated(static_cast<double>(counted), last, index), false};
}

// Whether the sample at `stride` (a power of two) holds `doc`: about one document in `stride`,
// by a hash of its number rather than every stride-th, since document numbers can follow a
// pattern (papers ingested in pairs, versions alternating) that a fixed step would fall in
// with. The same documents on every page, so the count is too.
bool sampled(uint32_t doc, int64_t stride) {
  uint64_t h = doc + 0x9e3779b97f4a7c15ULL;  // splitmix64's finaliser
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return (h & static_cast<uint64_t>(stride - 1)) == 0;
}

// What the sampled walk found: a count it could decide (exact, or past the window), or the
// sample's estimate with how many documents only a phrase may match.
struct SampledCount {
  MatchCount count;
  bool decided = true;
  int64_t uncertain = 0;
};

SampledCount count_past_window(const BlockMaxIndex& index, const Xapian::Database& db,
                               std::vector<List> lists, std::span<const uint64_t> skip,
                               size_t window, int64_t budget, int64_t& checks) {
  for (auto& list : lists) list.start();
  // Matched by a word, or by a phrase checked while every one was.
  int64_t known = 0;
  // Phrase-only matches past that, each check standing for `stride` (Horvitz-Thompson).
  double estimated = 0;
  double stride_squares = 0;  // sum of the strides squared: the estimate's variance, per p(1-p)
  int64_t held = 0;
  int64_t stride = 1;
  int64_t uncertain = 0;
  uint32_t last = 0;
  auto past_window = [&] {
    // The rate a phrase holds at, kept off 0 and 1 so that few checks never look certain.
    const double rate = (static_cast<double>(held) + 1) / (static_cast<double>(checks) + 2);
    const double error = std::sqrt(stride_squares * rate * (1 - rate));
    return static_cast<double>(known) + estimated - kStandardErrors * error >=
           static_cast<double>(window);
  };
  for (;;) {
    uint32_t doc = BlockMaxIndex::kEndOfList;
    for (const auto& list : lists) doc = std::min(doc, list.doc());
    if (doc == BlockMaxIndex::kEndOfList) {
      const auto estimate = static_cast<int64_t>(static_cast<double>(known) + estimated);
      if (stride == 1) return {{known, true}};
      return {{estimate, false}, past_window(), uncertain};
    }
    if (known >= static_cast<int64_t>(window) || (stride > 1 && past_window())) break;
    if (!skipped(skip, doc)) {
      const bool by_word = std::any_of(lists.begin(), lists.end(), [&](const List& list) {
        return list.doc() == doc && list.matched_by_word();
      });
      if (by_word) {
        ++known;
      } else if (++uncertain; sampled(doc, stride)) {
        const bool matched = std::any_of(lists.begin(), lists.end(), [&](const List& list) {
          return list.doc() == doc && list.matches(db);
        });
        if (++checks > budget) return {{0, false, checks, false}};
        held += matched ? 1 : 0;
        if (stride == 1) {
          known += matched ? 1 : 0;
        } else {
          estimated += matched ? static_cast<double>(stride) : 0;
          stride_squares += static_cast<double>(stride * stride);
        }
        if (checks % kChecksPerStride == 0) stride *= 2;
      }
    }
    for (auto& list : lists) {
      if (list.doc() == doc) list.next();
    }
    last = doc;
  }
  return {{extrapolated(static_cast<double>(known) + estimated, last, index), false}};
}

}  // namespace

MatchCount count_matches(const BlockMaxIndex& index, const Xapian::Database& db,
                         const std::vector<List>& lists, std::span<const uint64_t> skip,
                         size_t window, int64_t budget) {
  const bool phrases =
      std::any_of(lists.begin(), lists.end(), [](const List& list) { return list.has_phrase(); });
  int64_t checks = 0;
  MatchCount count;
  if (phrases) {
    const SampledCount sampled = count_past_window(index, db, lists, skip, window, budget, checks);
    if (sampled.decided || sampled.uncertain > budget - checks) {
      count = sampled.count;
      count.complete = count.complete && sampled.decided;
      count.position_checks = checks;
      return count;
    }
  }
  count = count_every_match(index, db, lists, skip, window, budget, checks);
  count.position_checks = checks;
  return count;
}

}  // namespace paperboy::block_max
