// The vector index for large corpora: FAISS IVF (an inverted file of k-means lists) with 8-bit
// scalar-quantised codes. Unlike HNSW, which inserts vector by vector with a beam search each
// (more than 36 minutes for 1 M of the built-in model's vectors, unfinished), IVF trains its
// lists on a sample and then assigns every vector in one sgemm-shaped pass, streamed from the
// generation's rows.bin. It also takes an IDSelector natively, so dead rows and filters are
// applied inside the search. The lists probed per query are chosen after the build as the
// fewest that reach kIvfRecallTarget against exact search on a sample of the corpus's own rows.
#pragma once

#include <faiss/Index.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/result.h"
#include "index/vector_generation.h"

namespace paperboy {

inline constexpr double kIvfRecallTarget = 0.97;  // recall@10; the floor is 0.95

struct IvfBuild {
  std::unique_ptr<faiss::Index> index;
  int probes = 0;
  double recall = 0;  // recall@10 at `probes`, measured on sample rows
};

// Lists for `rows` vectors: about 4·√rows (1 M → 4,000), so a probe scans a few hundred rows.
size_t ivf_lists_for(int64_t rows);

// An empty IVF index with paperboy's settings (8-bit codes, inner product, seeded k-means of
// few iterations), to be trained on at least `lists` vectors.
std::unique_ptr<faiss::Index> make_ivf(size_t dimension, size_t lists);

// Rows 0, step, 2·step, … (`wanted` of them, or all): a sample spread over the corpus and its
// years, without randomness.
std::vector<int64_t> evenly_spaced(int64_t rows, size_t wanted);

// Vectors to train `lists` lists on: enough for k-means, few enough to train in a minute.
size_t ivf_training_rows(size_t lists);

// Trains on a sample of the generation's rows, adds rows [0, state.rows) in blocks (with a
// progress line when asked) and calibrates the probes.
Result<IvfBuild> build_ivf_index(const std::filesystem::path& generation, const VectorGenerationState& state,
                                 bool show_progress);

}  // namespace paperboy
