// A whole lexical generation built the way Xapian builds large databases quickly. Papers are
// read in store-number order into fresh "part" databases of bounded size, written without
// fsync (a part is not live: a crash costs at most that part), and each shard's parts are then
// merged by Xapian::Database::compact into one compact database. Updating one large B-tree
// after every commit is what made the old single-pass build slow down as it grew (2,320
// papers/s at the start of 1 M papers, 1,415 at the end) and left half-empty blocks on disk.
//
// Resumable: the build keeps its state in `<generation>/bulk/`. Each finished part is recorded
// (with the last store number it covers and the acronym counts so far); a build stopped by a
// crash or kill -9 resumes after the last finished part, and one stopped while compacting
// compacts again. A build that fails (a full disk, a store gone away) keeps that state too, so
// the next run carries on from it instead of starting over.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/result.h"
#include "index/lexical_layout.h"
#include "store/store.h"

namespace paperboy {

// The directory inside a generation that marks an unfinished bulk build.
inline constexpr const char* kBulkBuildDir = "bulk";

// Fills `generation` (new, or holding an unfinished bulk build) with every listed paper up to
// the store's change number at the start of the build; the result's store_seq is that number,
// so catching up from it picks up whatever changed meanwhile.
Result<IndexUpdate> bulk_build_lexical(Store& store, const std::filesystem::path& generation,
                                       const IndexOptions& options);

// Before the parts are merged: the merge writes each shard beside its parts, so it needs about
// as much free space as the parts take. An error says how much is needed and free, and where.
Status check_room_to_merge(uint64_t parts_bytes, uint64_t free_bytes,
                           const std::filesystem::path& where);

}  // namespace paperboy
