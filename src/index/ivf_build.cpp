#include "index/ivf_build.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/invlists/DirectMap.h>
#include <faiss/utils/distances.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "core/progress.h"
#include "index/one_thread_query.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBlockRows = 50'000;
constexpr size_t kTrainingPointsPerList =
    24;  // k-means points per list (FAISS asks 39; 24 trains in half the time)
constexpr int kTrainingIterations = 10;
constexpr size_t kCalibrationQueries = 200;
constexpr faiss::Index::idx_t kCalibrationK = 10;

// The vectors of `wanted` rows (sorted), read in one pass over rows.bin.
Result<std::vector<float>> read_rows(const fs::path& generation, const VectorGenerationState& state,
                                     const std::vector<int64_t>& wanted) {
  std::vector<float> out;
  out.reserve(wanted.size() * state.dimension);
  size_t next = 0;
  auto scanned = scan_vector_rows(
      generation, state, 0, kBlockRows, [&](int64_t first, const VectorRows& rows) {
        const auto end = first + static_cast<int64_t>(rows.doc_ids.size());
        for (; next < wanted.size() && wanted[next] < end; ++next) {
          const float* v =
              &rows.vectors[static_cast<size_t>(wanted[next] - first) * state.dimension];
          out.insert(out.end(), v, v + state.dimension);
        }
        return next < wanted.size();
      });
  if (!scanned.ok()) return scanned.error();
  return out;
}

// Probe counts tried, each about 1.5 times the last, ending with every list.
std::vector<int> probe_ladder(size_t lists) {
  std::vector<int> ladder;
  for (double p = 1; p < static_cast<double>(lists); p = std::max(p + 1, std::round(p * 1.5))) {
    ladder.push_back(static_cast<int>(p));
  }
  ladder.push_back(static_cast<int>(lists));
  return ladder;
}

// Chooses the probes: up the ladder until recall@10 (ties within kRecallTieTolerance of the
// exact 10th count as found) reaches the target, or until the next step's p50 would pass the
// budget. Each query is timed alone on one thread, as a request runs it.
void calibrate(const faiss::IndexIVF& ivf, const VectorRowFile& rows,
               const std::vector<float>& queries, const std::vector<float>& best_scores,
               double budget_ms, IvfBuild& build) {
  const size_t d = static_cast<size_t>(ivf.d);
  const size_t nq = queries.size() / d;
  OneThreadForThisQuery one_thread;
  for (int probes : probe_ladder(ivf.nlist)) {
    std::vector<double> times;
    size_t found = 0, total = 0;
    for (size_t q = 0; q < nq; ++q) {
      const auto started = std::chrono::steady_clock::now();
      auto hits = ivf_search_refined(ivf, rows, std::span(queries).subspan(q * d, d),
                                     static_cast<size_t>(kCalibrationK), probes, nullptr);
      times.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count());
      const float* exact = &best_scores[q * kCalibrationK];
      const size_t wanted = static_cast<size_t>(
          std::count_if(exact, exact + kCalibrationK, [](float s) { return s > -1e29f; }));
      if (wanted == 0) continue;
      const float last = exact[wanted - 1];
      total += wanted;
      found += std::min<size_t>(wanted, static_cast<size_t>(std::count_if(
                                            hits.begin(), hits.end(), [&](const RowScore& h) {
                                              return h.score >= last - kRecallTieTolerance;
                                            })));
    }
    std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2),
                     times.end());
    const double p50 = times.empty() ? 0 : times[times.size() / 2];
    if (build.probes > 0 && p50 > budget_ms) {
      build.capped = true;
      return;
    }
    build.probes = probes;
    build.recall = total == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(total);
    build.query_ms = p50;
    if (build.recall >= kIvfRecallTarget) return;
  }
}

// FAISS's own search, for an IVF index ivf_scan does not handle.
std::vector<RowScore> faiss_ivf_search(const faiss::IndexIVF& ivf, std::span<const float> query,
                                       size_t want, size_t lists, const faiss::IDSelector* select) {
  std::vector<float> scores(want);
  std::vector<faiss::Index::idx_t> labels(want);
  faiss::SearchParametersIVF params;
  params.nprobe = lists;
  params.sel = const_cast<faiss::IDSelector*>(select);
  ivf.search(1, query.data(), static_cast<faiss::Index::idx_t>(want), scores.data(), labels.data(),
             &params);
  std::vector<RowScore> hits;
  for (size_t i = 0; i < want && labels[i] >= 0; ++i) hits.push_back({labels[i], scores[i]});
  return hits;
}

}  // namespace

size_t refine_candidates(size_t k, int64_t rows) {
  return std::min<size_t>(std::max<size_t>(k * 4, 40),
                          static_cast<size_t>(std::max<int64_t>(rows, 0)));
}

size_t ivf_probes_for(int probes, size_t want, size_t lists, int64_t rows) {
  // Lists hold rows / lists vectors on average; probe enough to hold twice `want` of them.
  const double fill = rows <= 0 ? 1.0
                                : std::ceil(2.0 * static_cast<double>(want) *
                                            static_cast<double>(lists) / static_cast<double>(rows));
  return std::clamp<size_t>(
      std::max<size_t>(static_cast<size_t>(std::max(1, probes)), static_cast<size_t>(fill)), 1,
      std::max<size_t>(lists, 1));
}

std::vector<RowScore> ivf_search_refined(const faiss::IndexIVF& ivf, const VectorRowFile& rows,
                                         std::span<const float> query, size_t k, int probes,
                                         const faiss::IDSelector* select, IvfScanStats* stats) {
  const size_t want = refine_candidates(k, ivf.ntotal);
  if (want == 0) return {};
  const size_t lists = ivf_probes_for(probes, want, ivf.nlist, ivf.ntotal);
  std::vector<RowScore> hits;
  if (ivf_scan_supported(ivf)) {
    hits = ivf_scan(ivf, query, want, lists, select, stats);
  } else {
    hits = faiss_ivf_search(ivf, query, want, lists, select);
    if (stats != nullptr) stats->lists += lists;
  }
  for (RowScore& hit : hits) {
    if (hit.row < rows.rows()) {
      hit.score = inner_product(query.data(), rows.vector(hit.row).data(), query.size());
    }
  }
  std::sort(hits.begin(), hits.end(), [](const RowScore& a, const RowScore& b) {
    return a.score != b.score ? a.score > b.score : a.row < b.row;
  });
  if (hits.size() > k) hits.resize(k);
  return hits;
}

std::vector<int64_t> evenly_spaced(int64_t rows, size_t wanted) {
  std::vector<int64_t> picked;
  const int64_t count = std::min<int64_t>(rows, static_cast<int64_t>(wanted));
  for (int64_t i = 0; i < count; ++i) picked.push_back(i * rows / count);
  return picked;
}

size_t ivf_lists_for(int64_t rows) {
  const auto lists =
      static_cast<size_t>(4 * std::sqrt(static_cast<double>(std::max<int64_t>(rows, 1))));
  return std::clamp<size_t>(lists, 1, static_cast<size_t>(std::max<int64_t>(1, rows)));
}

size_t ivf_training_rows(size_t lists) {
  return std::max<size_t>(lists * kTrainingPointsPerList, 10'000);
}

std::unique_ptr<faiss::Index> make_ivf(size_t dimension, size_t lists) {
  const auto d = static_cast<faiss::Index::idx_t>(dimension);
  auto quantizer = std::make_unique<faiss::IndexFlatIP>(d);
  auto ivf = std::make_unique<faiss::IndexIVFScalarQuantizer>(
      quantizer.get(), d, lists, faiss::ScalarQuantizer::QT_8bit, faiss::METRIC_INNER_PRODUCT);
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

Result<IvfBuild> build_ivf_index(const fs::path& generation, const VectorGenerationState& state,
                                 bool show_progress, double budget_ms) {
  const size_t lists = ivf_lists_for(state.rows);
  IvfBuild build;
  try {
    std::unique_ptr<faiss::Index> ivf = make_ivf(state.dimension, lists);
    const auto sample_rows = evenly_spaced(state.rows, ivf_training_rows(lists));
    auto sample = read_rows(generation, state, sample_rows);
    if (!sample) return sample.error();
    if (show_progress) {
      fmt::print(stderr, "vector index (ivf): training {} lists on {} of {} vectors\n", lists,
                 sample_rows.size(), state.rows);
    }
    ivf->train(static_cast<faiss::Index::idx_t>(sample_rows.size()), sample->data());

    // The exact 10 best scores of each calibration query, gathered block by block as rows are
    // added (recall compares scores, so ties count: calibrate()).
    const auto query_rows = evenly_spaced(state.rows, kCalibrationQueries);
    auto queries = read_rows(generation, state, query_rows);
    if (!queries) return queries.error();
    const size_t nq = query_rows.size();
    std::vector<float> best_scores(nq * kCalibrationK, -1e30f);

    Progress progress("vector index (ivf)", state.rows, "vectors");
    int64_t added = 0;
    auto scanned =
        scan_vector_rows(generation, state, 0, kBlockRows, [&](int64_t, const VectorRows& rows) {
          const auto n = static_cast<faiss::Index::idx_t>(rows.doc_ids.size());
          ivf->add(n, rows.vectors.data());
          std::vector<float> scores(nq * kCalibrationK);
          std::vector<faiss::Index::idx_t> labels(nq * kCalibrationK);
          faiss::knn_inner_product(queries->data(), rows.vectors.data(), state.dimension, nq,
                                   static_cast<size_t>(n), static_cast<size_t>(kCalibrationK),
                                   scores.data(), labels.data());
          for (size_t q = 0; q < nq; ++q) {
            // Merge this block's 10 with the best so far, best first.
            float* best = &best_scores[q * kCalibrationK];
            std::vector<float> merged(best, best + kCalibrationK);
            for (size_t j = 0; j < static_cast<size_t>(kCalibrationK); ++j) {
              if (labels[q * kCalibrationK + j] >= 0)
                merged.push_back(scores[q * kCalibrationK + j]);
            }
            std::partial_sort(merged.begin(), merged.begin() + kCalibrationK, merged.end(),
                              std::greater<>());
            std::copy(merged.begin(), merged.begin() + kCalibrationK, best);
          }
          added += n;
          if (show_progress) progress.update(added, added);
          return true;
        });
    if (!scanned.ok()) return scanned.error();
    if (show_progress) progress.finish(added);

    auto row_file = VectorRowFile::open(generation, state);
    if (!row_file) return row_file.error();
    calibrate(dynamic_cast<const faiss::IndexIVF&>(*ivf), **row_file, *queries, best_scores,
              budget_ms, build);
    if (show_progress || build.capped) {  // a capped recall is said even to a quiet run
      fmt::print(stderr,
                 "vector index (ivf): {} of {} lists probed per query, recall@10 {:.3f} on {} "
                 "sample rows, "
                 "{:.2f} ms a query{}\n",
                 build.probes, lists, build.recall, nq, build.query_ms,
                 build.capped
                     ? fmt::format(" (capped by the {:g} ms budget below the {:.2f} target)",
                                   budget_ms, kIvfRecallTarget)
                     : "");
    }
    build.index = std::move(ivf);
  } catch (const std::exception& e) {
    return Error{fmt::format("building the IVF index in {}: {}", generation.string(), e.what())};
  }
  return build;
}

}  // namespace paperboy
