// The write side of the lexical index: catching up with the store after an ingest, and
// rebuilding from scratch beside the live index. The store's change numbers drive both, so an
// index never misses a change, however an ingest was interrupted.
#pragma once

#include <filesystem>

#include "core/result.h"
#include "index/lexical_layout.h"
#include "store/store.h"

namespace paperboy {

Result<IndexUpdate> update_lexical_index(Store& store, const std::filesystem::path& index_dir,
                                         const IndexOptions& options);

// Builds a whole new generation from the store, catches it up with changes made meanwhile,
// and swaps it in atomically. The live index serves searches until the swap.
Result<IndexUpdate> rebuild_lexical_index(Store& store, const std::filesystem::path& index_dir,
                                          const IndexOptions& options);

}  // namespace paperboy
