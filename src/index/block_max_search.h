// Top-k BM25 over a block-max file (block_max_index.h) with MaxScore: the query's terms are
// ordered by the most each can add; once the k-th best score passes what the weakest terms
// together could give, a document only they hold cannot enter, so their lists are only
// consulted for documents the stronger ones find, and a block whose largest wdf and shortest
// document cannot lift a candidate over the k-th score is skipped undecoded.
//
// Scores are Xapian's BM25Weight to the last bit of the formula (k2 = 0, k3 = 1, min_normlen 0.5;
// weighting/bm25weight.cc in Xapian 1.4), with the collection statistics read from the live
// database, so a hit here and one from Xapian (the papers changed since the file was written)
// rank on one scale, and the order is Xapian's: score, then lower document number.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/block_max_index.h"
#include "index/query_builder.h"

namespace paperboy {

// The most papers whose phrase positions a search here reads, to count and to rank together.
// Each read opens the paper's position lists through Xapian's API, a few B-tree lookups (about
// 10 µs at 2.9 M papers); Xapian's own matcher reads them about 20 times cheaper, in docid
// order on lists it keeps open. A phrase of words that are common but rarely together
// ("results models": a phrase two papers hold, among half a million holding both words) took
// 5 s here and 0.2 s in Xapian, so past the budget Xapian ranks the query (and counts it,
// when the count ran out).
inline constexpr int64_t kPositionReadBudget = 10'000;

struct BlockMaxParams {
  double k1 = 1.2;
  double b = 0.75;
  int64_t position_reads = kPositionReadBudget;
};

struct BlockMaxHit {
  double score = 0;
  uint32_t doc = 0;
};

struct BlockMaxResult {
  std::vector<BlockMaxHit> hits;  // best first, at most `depth`
  // Documents matching any term, exact when `count_exact` (up to `count_window` are counted),
  // else an estimate.
  int64_t matches = 0;
  bool count_exact = true;
  // What the live database's term frequencies say of all matches, changed papers included:
  // at least the largest term's, at most the sum (or every paper).
  int64_t at_least = 0;
  int64_t at_most = 0;
  // False when the phrases' positions to read passed params.position_reads: to count (then
  // neither the count nor the hits stand), or to rank (the count stands, the hits do not).
  bool count_complete = true;
  bool complete = true;
};

// Documents set in `skip` (a bitmap by document number; shorter than the index means not set)
// are left out: the papers changed since the file was written, which Xapian ranks instead.
BlockMaxResult block_max_top(const BlockMaxIndex& index, const Xapian::Database& db,
                             std::span<const RankedTerm> terms, BlockMaxParams params, size_t depth,
                             std::span<const uint64_t> skip, size_t count_window);

}  // namespace paperboy
