// What one subscriber's digest holds. Sections, in order: papers for you (the recommender), new
// matches of saved searches with "alert me", recent papers in followed categories and by
// followed authors, new comments in discussions the reader follows or took part in (the last day,
// or week, before `now`; a paper with new comments is named again however often), then trending; a
// paper appears once, and never if this subscriber was sent it before. Reads only, so the digest
// round composes several subscribers' at once, each worker on its own store connection and Xapian
// handle (neither may be shared between threads).
#pragma once

#include <cstddef>
#include <vector>

#include "index/lexical_index.h"
#include "mail/digest_mail.h"
#include "rank/for_you.h"
#include "rank/trending.h"
#include "store/store.h"

namespace paperboy {

// What every subscriber's digest in one round is drawn from: computed once per round.
struct DigestRoundInputs {
  const RecentCorpus& corpus;
  const std::vector<TrendingEntry>& trending;  // most trending first
  size_t per_section = 8;
  TrendingParams trending_params;  // for the recommender's cold start
  int64_t now = 0;                 // unix seconds: the replies section covers the period before it
};

// `lexical` may be null (saved-search alerts are then skipped).
Result<std::vector<DigestSection>> digest_sections(Store& store, LexicalIndex* lexical,
                                                   const Subscription& subscription,
                                                   const DigestRoundInputs& inputs);

}  // namespace paperboy
