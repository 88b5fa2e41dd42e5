// How many papers a block-max search matches (block_max_search.cpp): exact up to a window of
// matches, estimated past it. Internal to the search.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <span>
#include <vector>

#include "index/block_max_index.h"
#include "index/block_max_lists.h"

namespace paperboy::block_max {

struct MatchCount {
  int64_t matches = 0;
  bool exact = true;            // false: more than the window match, and `matches` is an estimate
  int64_t position_checks = 0;  // documents whose phrase positions were read
  bool complete = true;         // false: it would have read more than its budget
};

// Walks the union of `lists` in document order until `window` matches are found. A document
// only a phrase may match needs its positions read; when many do, the count checks a thinning
// sample of them (every one at first, then one in two, one in four, …, picked by a hash of
// the document number) and stops once the matches it knows and those it estimates are past
// the window by five standard errors. Where the sample cannot show that, it counts again,
// checking every document, so a count below the window is exact. It gives up (`complete`
// false) rather than read the positions of more than `budget` documents.
MatchCount count_matches(const BlockMaxIndex& index, const Xapian::Database& db,
                         const std::vector<List>& lists, std::span<const uint64_t> skip,
                         size_t window, int64_t budget);

}  // namespace paperboy::block_max
