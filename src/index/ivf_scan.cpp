#include "index/ivf_scan.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/invlists/InvertedLists.h>

#include <algorithm>

#include "core/simd_clones.h"

namespace paperboy {
namespace {

// out[i] = rows[i] · q for n rows of d floats.
PAPERBOY_CLONES void inner_products(const float* rows, size_t n, size_t d, const float* q,
                                    float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float* row = rows + i * d;
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (size_t j = 0; j < d; ++j) sum += row[j] * q[j];
    out[i] = sum;
  }
}

// out[i] = codes[i] · w for n codes of d bytes.
PAPERBOY_CLONES void code_inner_products(const uint8_t* codes, size_t n, size_t d, const float* w,
                                         float* out) {
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* code = codes + i * d;
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (size_t j = 0; j < d; ++j) sum += static_cast<float>(code[j]) * w[j];
    out[i] = sum;
  }
}

bool better(const RowScore& a, const RowScore& b) {
  return a.score != b.score ? a.score > b.score : a.row < b.row;
}

// The lists to probe: the `probes` centroids with the largest inner product with the query.
std::vector<int64_t> nearest_lists(const faiss::IndexFlat& centroids, const float* query,
                                   size_t probes) {
  const auto lists = static_cast<size_t>(centroids.ntotal);
  const auto d = static_cast<size_t>(centroids.d);
  std::vector<float> scores(lists);
  inner_products(centroids.get_xb(), lists, d, query, scores.data());
  std::vector<RowScore> ranked(lists);
  for (size_t l = 0; l < lists; ++l) ranked[l] = {static_cast<int64_t>(l), scores[l]};
  const size_t keep = std::min(probes, lists);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), better);
  std::vector<int64_t> chosen;
  chosen.reserve(keep);
  for (size_t i = 0; i < keep; ++i) chosen.push_back(ranked[i].row);
  return chosen;
}

// The best `want` candidates seen so far, as a heap whose top is the weakest kept.
class BestRows {
 public:
  explicit BestRows(size_t want) : want_(want) { heap_.reserve(want); }
  // Whether a row scoring `score` would be kept (before asking the selector about it).
  bool would_keep(float score, int64_t row) const {
    return heap_.size() < want_ || better({row, score}, heap_.front());
  }
  void keep(float score, int64_t row) {
    if (heap_.size() == want_) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.pop_back();
    }
    heap_.push_back({row, score});
    std::push_heap(heap_.begin(), heap_.end(), better);
  }
  std::vector<RowScore> best_first() && {
    std::sort(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  size_t want_;
  std::vector<RowScore> heap_;
};

}  // namespace

bool ivf_scan_supported(const faiss::IndexIVF& ivf) {
  const auto* sq = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(&ivf);
  const auto* flat = dynamic_cast<const faiss::IndexFlat*>(ivf.quantizer);
  const auto d = static_cast<size_t>(ivf.d);
  return sq != nullptr && flat != nullptr && ivf.metric_type == faiss::METRIC_INNER_PRODUCT &&
         flat->metric_type == faiss::METRIC_INNER_PRODUCT && flat->d == ivf.d &&
         sq->sq.qtype == faiss::ScalarQuantizer::QT_8bit && sq->sq.code_size == d &&
         sq->code_size == d && sq->sq.trained.size() == 2 * d && ivf.invlists != nullptr &&
         flat->ntotal == static_cast<faiss::Index::idx_t>(ivf.nlist);
}

std::vector<RowScore> ivf_scan(const faiss::IndexIVF& ivf, std::span<const float> query,
                               size_t want, size_t probes, const faiss::IDSelector* select,
                               IvfScanStats* stats) {
  const auto& sq = dynamic_cast<const faiss::IndexIVFScalarQuantizer&>(ivf);
  const auto& centroids = dynamic_cast<const faiss::IndexFlat&>(*ivf.quantizer);
  const auto d = static_cast<size_t>(ivf.d);
  if (want == 0 || query.size() != d) return {};

  // A code's score is `offset` + code · weights (see the header).
  const float* vmin = sq.sq.trained.data();
  const float* vdiff = vmin + d;
  std::vector<float> weights(d);
  float offset = 0;
  for (size_t j = 0; j < d; ++j) {
    weights[j] = query[j] * vdiff[j] / 255.0f;
    offset += query[j] * (vmin[j] + 0.5f * vdiff[j] / 255.0f);
  }

  std::vector<int64_t> lists = nearest_lists(centroids, query.data(), probes);
  std::vector<float> scores;
  BestRows best(want);
  for (int64_t list : lists) {
    const size_t size = ivf.invlists->list_size(static_cast<size_t>(list));
    if (stats != nullptr) {
      stats->lists += 1;
      stats->codes += size;
    }
    if (size == 0) continue;
    // By residual, a code holds the vector less its list's centroid: add the centroid's part.
    const float base =
        offset + (sq.by_residual ? inner_product(centroids.get_xb() + static_cast<size_t>(list) * d,
                                                 query.data(), d)
                                 : 0.0f);
    faiss::InvertedLists::ScopedCodes codes(ivf.invlists, static_cast<size_t>(list));
    faiss::InvertedLists::ScopedIds ids(ivf.invlists, static_cast<size_t>(list));
    scores.resize(size);
    code_inner_products(codes.get(), size, d, weights.data(), scores.data());
    for (size_t i = 0; i < size; ++i) {
      const float score = base + scores[i];
      const int64_t row = ids[i];
      if (!best.would_keep(score, row)) continue;
      if (select != nullptr && !select->is_member(row)) continue;
      best.keep(score, row);
    }
  }
  return std::move(best).best_first();
}

float inner_product(const float* a, const float* b, size_t n) {
  float out = 0;
  inner_products(a, 1, n, b, &out);
  return out;
}

}  // namespace paperboy
