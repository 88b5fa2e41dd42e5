// The acronyms the indexed papers define, counted in shard 0's metadata, and the winning
// expansions written there as synonyms both ways ("rlhf" <-> "reinforcement learning from human
// feedback"), with how papers write each chosen acronym (kAcronymWrittenPrefix). Only pairs
// whose winner changed are rewritten. A replaced paper's definitions are
// counted again, as spelling frequencies are; a rebuild starts the counts afresh.
#pragma once

#include <xapian.h>

#include "index/acronyms.h"

namespace paperboy {

void store_acronym_synonyms(Xapian::WritableDatabase& shard, const AcronymCounts& counts);

}  // namespace paperboy
