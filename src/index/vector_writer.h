// The write side of the vector index: embeds papers the store changed since the index's last
// update (title and abstract unchanged → not embedded again), drops withdrawn ones, and builds a
// whole new generation beside the live one when the model changes, swapping it in atomically.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/result.h"
#include "embed/embedder.h"
#include "index/vector_generation.h"
#include "store/store.h"

namespace paperboy {

struct VectorIndexOptions {
  // Unset: exact search below 50,000 papers, IVF above (ivf_build.h says why not HNSW).
  std::optional<VectorIndexKind> kind;
  size_t batch = 256;  // papers embedded per call
  // Embedded rows written to disk at a time during a rebuild: what a stopped run can lose.
  size_t rows_per_save = 8'192;
  bool show_progress = false;
  // IVF: the p50 in ms one query's vector search may take; the probes are capped to it
  // (ivf_build.h). 0: kIvfDefaultBudgetMs.
  double search_budget_ms = 0;
};

struct VectorIndexUpdate {
  int64_t embedded = 0;
  int64_t removed = 0;
  int64_t store_seq = 0;
  bool rebuilt = false;  // a new generation (first build, model change, compaction or --rebuild)
};

// Creates the index on first use and rebuilds it, re-embedding everything, when the live one
// was made by another model or dimension. Never mixes two models' vectors.
Result<VectorIndexUpdate> update_vector_index(Store& store, const std::filesystem::path& index_dir,
                                              const Embedder& embedder,
                                              const VectorIndexOptions& options);

// Re-embeds every paper into a new generation, then swaps it in.
Result<VectorIndexUpdate> rebuild_vector_index(Store& store, const std::filesystem::path& index_dir,
                                               const Embedder& embedder,
                                               const VectorIndexOptions& options);

}  // namespace paperboy
