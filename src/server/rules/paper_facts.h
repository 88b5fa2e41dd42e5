// The community's facts about a page of papers (hf_json's PaperCommunityFacts), read with two
// queries for the whole page rather than two per paper.
#pragma once

#include <span>
#include <vector>

#include "server/formats/hf_json.h"
#include "store/store.h"

namespace paperboy {

// One entry per paper, in the order given.
Result<std::vector<PaperCommunityFacts>> community_facts(Store& store,
                                                         std::span<const StoredPaper> papers);

}  // namespace paperboy
