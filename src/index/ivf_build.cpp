#include "index/ivf_build.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVF.h>
#include <faiss/invlists/DirectMap.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/utils/distances.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/progress.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBlockRows = 50'000;
constexpr size_t kTrainingPointsPerList = 24;  // k-means points per list (FAISS asks 39; 24 trains in half the time)
constexpr int kTrainingIterations = 10;
constexpr size_t kCalibrationQueries = 200;
constexpr faiss::Index::idx_t kCalibrationK = 10;

// The vectors of `wanted` rows (sorted), read in one pass over rows.bin.
Result<std::vector<float>> read_rows(const fs::path& generation, const VectorGenerationState& state,
                                     const std::vector<int64_t>& wanted) {
  std::vector<float> out;
  out.reserve(wanted.size() * state.dimension);
  size_t next = 0;
  auto scanned = scan_vector_rows(generation, state, 0, kBlockRows, [&](int64_t first, const VectorRows& rows) {
    const auto end = first + static_cast<int64_t>(rows.doc_ids.size());
    for (; next < wanted.size() && wanted[next] < end; ++next) {
      const float* v = &rows.vectors[static_cast<size_t>(wanted[next] - first) * state.dimension];
      out.insert(out.end(), v, v + state.dimension);
    }
    return next < wanted.size();
  });
  if (!scanned.ok()) return scanned.error();
  return out;
}

}  // namespace

std::vector<int64_t> evenly_spaced(int64_t rows, size_t wanted) {
  std::vector<int64_t> picked;
  const int64_t count = std::min<int64_t>(rows, static_cast<int64_t>(wanted));
  for (int64_t i = 0; i < count; ++i) picked.push_back(i * rows / count);
  return picked;
}

size_t ivf_lists_for(int64_t rows) {
  const auto lists = static_cast<size_t>(4 * std::sqrt(static_cast<double>(std::max<int64_t>(rows, 1))));
  return std::clamp<size_t>(lists, 1, static_cast<size_t>(std::max<int64_t>(1, rows)));
}

size_t ivf_training_rows(size_t lists) { return std::max<size_t>(lists * kTrainingPointsPerList, 10'000); }

std::unique_ptr<faiss::Index> make_ivf(size_t dimension, size_t lists) {
  const auto d = static_cast<faiss::Index::idx_t>(dimension);
  auto quantizer = std::make_unique<faiss::IndexFlatIP>(d);
  auto ivf = std::make_unique<faiss::IndexIVFScalarQuantizer>(quantizer.get(), d, lists, faiss::ScalarQuantizer::QT_8bit,
                                                              faiss::METRIC_INNER_PRODUCT);
  ivf->own_fields = true;
  quantizer.release();
  ivf->cp.niter = kTrainingIterations;
  ivf->cp.min_points_per_centroid = static_cast<int>(kTrainingPointsPerList);
  ivf->cp.seed = 1234;
  // Row number → list position, so a paper's own vector can be read back (similar papers, and
  // exact ranking of a selective filter's papers): 8 bytes a row.
  ivf->set_direct_map_type(faiss::DirectMap::Array);
  return ivf;
}

Result<IvfBuild> build_ivf_index(const fs::path& generation, const VectorGenerationState& state, bool show_progress) {
  const size_t lists = ivf_lists_for(state.rows);
  IvfBuild build;
  try {
    std::unique_ptr<faiss::Index> ivf = make_ivf(state.dimension, lists);
    const auto sample_rows = evenly_spaced(state.rows, ivf_training_rows(lists));
    auto sample = read_rows(generation, state, sample_rows);
    if (!sample) return sample.error();
    if (show_progress) {
      fmt::print(stderr, "vector index (ivf): training {} lists on {} of {} vectors\n", lists, sample_rows.size(),
                 state.rows);
    }
    ivf->train(static_cast<faiss::Index::idx_t>(sample_rows.size()), sample->data());

    // Exact top 10 of the calibration queries, gathered block by block as rows are added.
    const auto query_rows = evenly_spaced(state.rows, kCalibrationQueries);
    auto queries = read_rows(generation, state, query_rows);
    if (!queries) return queries.error();
    const size_t nq = query_rows.size();
    std::vector<float> best_scores(nq * kCalibrationK, -1e30f);
    std::vector<faiss::Index::idx_t> best_rows(nq * kCalibrationK, -1);

    Progress progress("vector index (ivf)", state.rows, "vectors");
    int64_t added = 0;
    auto scanned = scan_vector_rows(generation, state, 0, kBlockRows, [&](int64_t first, const VectorRows& rows) {
      const auto n = static_cast<faiss::Index::idx_t>(rows.doc_ids.size());
      ivf->add(n, rows.vectors.data());
      std::vector<float> scores(nq * kCalibrationK);
      std::vector<faiss::Index::idx_t> labels(nq * kCalibrationK);
      faiss::knn_inner_product(queries->data(), rows.vectors.data(), state.dimension, nq, static_cast<size_t>(n),
                               static_cast<size_t>(kCalibrationK), scores.data(), labels.data());
      for (size_t q = 0; q < nq; ++q) {
        // Merge this block's 10 with the best so far.
        std::vector<std::pair<float, faiss::Index::idx_t>> merged;
        for (faiss::Index::idx_t j = 0; j < kCalibrationK; ++j) {
          const size_t at = q * kCalibrationK + static_cast<size_t>(j);
          if (best_rows[at] >= 0) merged.emplace_back(best_scores[at], best_rows[at]);
          if (labels[at] >= 0) merged.emplace_back(scores[at], labels[at] + first);
        }
        std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (faiss::Index::idx_t j = 0; j < kCalibrationK; ++j) {
          const size_t at = q * kCalibrationK + static_cast<size_t>(j);
          best_scores[at] = static_cast<size_t>(j) < merged.size() ? merged[static_cast<size_t>(j)].first : -1e30f;
          best_rows[at] = static_cast<size_t>(j) < merged.size() ? merged[static_cast<size_t>(j)].second : -1;
        }
      }
      added += n;
      if (show_progress) progress.update(added, added);
      return true;
    });
    if (!scanned.ok()) return scanned.error();
    if (show_progress) progress.finish(added);

    // The fewest probes whose recall@10 reaches the target.
    std::vector<float> scores(nq * kCalibrationK);
    std::vector<faiss::Index::idx_t> labels(nq * kCalibrationK);
    for (size_t probes = 1; probes <= lists; probes *= 2) {
      faiss::SearchParametersIVF params;
      params.nprobe = probes;  // NOLINT(readability-identifier-naming)
      ivf->search(static_cast<faiss::Index::idx_t>(nq), queries->data(), kCalibrationK, scores.data(), labels.data(),
                  &params);
      size_t found = 0, total = 0;
      for (size_t q = 0; q < nq; ++q) {
        std::unordered_set<faiss::Index::idx_t> exact;
        for (faiss::Index::idx_t j = 0; j < kCalibrationK; ++j) {
          if (best_rows[q * kCalibrationK + static_cast<size_t>(j)] >= 0) exact.insert(best_rows[q * kCalibrationK + static_cast<size_t>(j)]);
        }
        total += exact.size();
        for (faiss::Index::idx_t j = 0; j < kCalibrationK; ++j) found += exact.contains(labels[q * kCalibrationK + static_cast<size_t>(j)]);
      }
      build.probes = static_cast<int>(probes);
      build.recall = total == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(total);
      if (build.recall >= kIvfRecallTarget) break;
    }
    if (show_progress) {
      fmt::print(stderr, "vector index (ivf): {} of {} lists probed per query, recall@10 {:.3f} on {} sample rows\n",
                 build.probes, lists, build.recall, nq);
    }
    build.index = std::move(ivf);
  } catch (const std::exception& e) {
    return Error{fmt::format("building the IVF index in {}: {}", generation.string(), e.what())};
  }
  return build;
}

}  // namespace paperboy
