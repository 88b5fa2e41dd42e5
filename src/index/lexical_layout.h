// What a lexical index generation is made of and how it is written: the names and metadata keys
// every writer and reader agree on, the writers' options, and what an update reports. Apart from
// index_writer.h so that the parts of a build (bulk_lexical_build, acronym_synonyms) can share it
// without including the writer that calls them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <thread>

#include "index/paper_document.h"

namespace paperboy {

inline constexpr const char* kLexicalIndexName = "lexical";
inline constexpr const char* kStoreSeqKey = "paperboy.store_seq";
inline constexpr const char* kLayoutKey = "paperboy.layout";
// Shard 0: acronym definitions counted over the indexed papers, and the expansions chosen.
inline constexpr const char* kAcronymCountsKey = "paperboy.acronym_counts";
inline constexpr const char* kAcronymWinnersKey = "paperboy.acronym_winners";
// Followed by a chosen acronym in lower case: how papers most often write it ("DiT").
inline constexpr const char* kAcronymWrittenPrefix = "paperboy.acronym_written.";

struct IndexOptions {
  DocumentOptions document;
  // Shards of a new generation, each written by its own thread. Xapian searches them as one
  // database (a stub file lists them) and interleaves their document numbers, so the store's
  // doc_id d lives in shard (d - 1) % n as local number (d - 1) / n + 1 and keeps its number.
  size_t shards = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  bool show_progress = false;
  // Told how far a build has come (done of total papers, or store changes for an update), as
  // often as the progress line: a server's /healthz reports it while it builds its first index.
  std::function<void(int64_t done, int64_t total)> on_progress = nullptr;
  // Documents per Xapian commit (per shard). Small batches are faster as well as leaner: on 50,000
  // generated papers, 1,000 per commit indexed 1,230 papers/s in 46 MiB, Xapian's own default
  // of 10,000 did 793 papers/s in 317 MiB (see bench/README.md).
  int64_t commit_every = 1000;
  // Papers per part of a bulk build (bulk_lexical_build.h), all shards together: small enough
  // that a part's B-trees stay cheap to update, large enough that compaction merges few parts.
  // Also the most work a stopped build loses.
  int64_t bulk_part_papers = 250'000;
};

struct IndexUpdate {
  int64_t documents_written = 0;
  int64_t store_seq = 0;  // the store change the index is now at
};

// Adds or replaces every paper changed since the index's last update; creates and publishes
// the first generation when there is none.

}  // namespace paperboy
