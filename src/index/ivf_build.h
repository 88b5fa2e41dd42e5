// The vector index for large corpora: FAISS IVF (an inverted file of k-means lists) with 8-bit
// scalar-quantised codes. Unlike HNSW, which inserts vector by vector with a beam search each
// (more than 36 minutes for 1 M of the built-in model's vectors, unfinished), IVF trains its
// lists on a sample and then assigns every vector in one sgemm-shaped pass, streamed from the
// generation's rows.bin. It also takes an IDSelector natively, so dead rows and filters are
// applied inside the search.
//
// A search takes several times k candidates from the 8-bit codes and ranks them by their stored
// full-precision vectors (ivf_search_refined). The lists probed per query are chosen after the
// build as the fewest that reach kIvfRecallTarget against exact search on a sample of the
// corpus's own rows, unless the search would then take longer than the latency budget: the
// probes are then capped at the most the budget allows and the state says so, with the recall
// they reach, which `paperboy index`, `model status` and the search API report. A corpus whose
// vectors cluster badly never makes every query scan half the index.
#pragma once

#include <faiss/Index.h>
#include <faiss/IndexIVF.h>
#include <faiss/impl/IDSelector.h>

#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "index/ivf_scan.h"
#include "index/vector_generation.h"
#include "index/vector_row_file.h"

namespace paperboy {

inline constexpr double kIvfRecallTarget = 0.97;  // recall@10; the floor is 0.95
// The p50 a query's vector search may take at calibration, one thread, in milliseconds: what
// is left of a 15 ms semantic search once the query is embedded and its page built.
inline constexpr double kIvfDefaultBudgetMs = 8.0;
// Scores within this of the exact 10th best count as found: papers with the same text have the
// same vector, and which of a tie comes back is no loss.
inline constexpr float kRecallTieTolerance = 1e-4f;

struct IvfBuild {
  std::unique_ptr<faiss::Index> index;
  int probes = 0;
  double recall = 0;    // recall@10 at `probes`, measured on sample rows
  double query_ms = 0;  // p50 of one query at `probes`, one thread, at calibration
  bool capped = false;  // the budget stopped the probes before the recall target
};

// Candidates taken from the codes for k results, to be ranked by full-precision vectors.
size_t refine_candidates(size_t k, int64_t rows);

// The lists a search for `want` candidates probes: `probes`, or more when so few lists would
// not hold `want` vectors (twice over, on average), so a page fills on a small index; at 1 M
// papers (250 a list) any probe count holds a page of 100.
size_t ivf_probes_for(int probes, size_t want, size_t lists, int64_t rows);

// The k best rows for `query`: refine_candidates(k) from the IVF codes over `probes` lists
// (restricted to `select` when given; ivf_scan, or FAISS for an index it cannot search),
// ranked by their vectors in `rows` (RowScore::score their inner product), best first.
// Rows the index holds past rows.rows() keep their approximate score. `stats`, when given,
// adds what the scan read (for FAISS's search, the lists it was asked to probe).
std::vector<RowScore> ivf_search_refined(const faiss::IndexIVF& ivf, const VectorRowFile& rows,
                                         std::span<const float> query, size_t k, int probes,
                                         const faiss::IDSelector* select,
                                         IvfScanStats* stats = nullptr);

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
// progress line when asked) and calibrates the probes within `budget_ms` (kIvfDefaultBudgetMs).
Result<IvfBuild> build_ivf_index(const std::filesystem::path& generation,
                                 const VectorGenerationState& state, bool show_progress,
                                 double budget_ms);

}  // namespace paperboy
