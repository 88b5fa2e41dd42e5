// The read side of the vector index: nearest papers to a query vector by inner product (the
// vectors are unit length, so cosine), exact for small corpora and IVF (FAISS) beyond, whose
// candidates are ranked by their full-precision vectors (ivf_build.h). A loaded
// index is immutable and safe to search from many threads; VectorIndexCache swaps in a fresh
// one when the writer publishes.
#pragma once

#include <faiss/Index.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "index/vector_generation.h"
#include "index/vector_row_file.h"

namespace paperboy {

struct VectorHit {
  int64_t doc_id = 0;
  float score = 0;  // cosine similarity
};

class VectorIndex {
 public:
  // Loads the live generation; an error when there is none (with what to run) or it is damaged.
  static Result<std::shared_ptr<const VectorIndex>> open(const std::filesystem::path& index_dir);
  static bool exists(const std::filesystem::path& index_dir);

  // The k nearest live papers, best first. Dead rows are skipped inside FAISS's search (an
  // IDSelector), so k live papers come back whatever share of the rows is dead.
  std::vector<VectorHit> search(std::span<const float> query, size_t k) const;
  // The k of `doc_ids` nearest to the query, ranked exactly from their stored vectors: how a
  // query's filters are applied when they match few papers, so a page fills whenever enough
  // papers match (an approximate search followed by filtering returns few or none).
  std::vector<VectorHit> search_among(std::span<const float> query, size_t k,
                                      std::span<const int64_t> doc_ids) const;
  // The k papers nearest to this one, itself never among them; empty when it has no vector.
  std::vector<VectorHit> similar(int64_t doc_id, size_t k) const;
  std::optional<std::vector<float>> vector_of(int64_t doc_id) const;

  const VectorGenerationState& state() const { return state_; }
  size_t size() const { return row_of_.size(); }  // live papers
  const std::filesystem::path& generation() const { return generation_; }
  // HNSW's search beam as loaded (0 for exact search).
  int search_beam() const;
  // recall@10 against exact search measured when the index was built; nullopt for exact search.
  // With the state's probes_capped, the latency budget held it below the target.
  std::optional<double> approximate_recall() const;

 private:
  VectorIndex() = default;
  std::filesystem::path generation_;
  VectorGenerationState state_;
  std::unique_ptr<faiss::Index> index_;
  std::unique_ptr<VectorRowFile> row_file_;      // the exact vectors, by row
  std::vector<int64_t> doc_ids_;                 // per row
  std::unordered_map<int64_t, int64_t> row_of_;  // doc_id → its live row
  std::vector<bool> live_rows_;                  // per row of the state: false for dead rows
};

// The beam (efSearch) HNSW searches with; a search asking for more results than this widens it.
// bench/vector (bench/README.md), 200,000 × 384: recall@10 0.9996 at 0.79 ms p50 on the
// topics set, 0.9988 at 1.36 ms on the hard one (16, FAISS's default, gave 0.96 and 0.70).
constexpr int kHnswSearchBeam = 128;
// IVF lists probed when a generation does not say (ivf_build.h chooses per build).
constexpr int kIvfDefaultProbes = 32;

// Builds the FAISS index of `kind` over `rows` vectors (labels 0…rows-1), set to search with
// kHnswSearchBeam.
std::unique_ptr<faiss::Index> make_faiss_index(VectorIndexKind kind, size_t dimension,
                                               std::span<const float> vectors);
// Sets an HNSW index's search beam to kHnswSearchBeam. FAISS keeps the beam inside the index
// (and its file, as built) and, before 1.8, ignores the one passed with a search.
void use_search_beam(faiss::Index& index);

// Hands out the current index to request threads. A loader thread of its own makes the first
// load when the cache is created (requests arriving meanwhile wait for it), then checks every
// two seconds whether the live generation or its state file changed and loads the new snapshot
// beside the old one before swapping the pointer: after start-up a request never waits for a
// load (at 1 M papers, reading faiss.index and the row ids takes seconds).
class VectorIndexCache {
 public:
  explicit VectorIndexCache(std::filesystem::path index_dir);
  ~VectorIndexCache();
  VectorIndexCache(const VectorIndexCache&) = delete;
  VectorIndexCache& operator=(const VectorIndexCache&) = delete;
  // nullptr when there is no vector index (semantic search is then unavailable).
  std::shared_ptr<const VectorIndex> current();

 private:
  // Loads the live generation when it differs from the one held; false when there is none.
  void reload_if_changed();
  void watch();

  std::filesystem::path index_dir_;
  std::mutex mutex_;  // guards index_ and loaded_signature_ (held only to read or swap them)
  std::shared_ptr<const VectorIndex> index_;
  std::string loaded_signature_;
  std::mutex load_mutex_;         // one load at a time
  bool first_load_done_ = false;  // guarded by mutex_
  std::condition_variable first_load_signal_;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace paperboy
