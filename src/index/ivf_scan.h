// The IVF search itself, over FAISS's trained lists and 8-bit codes. Debian's FAISS 1.7.3 is
// built for baseline x86-64 without its SIMD paths: at 2.9 M papers a query's scan of its lists
// decoded each code one byte at a time (scan_codes, 12 % of the server's CPU in the default
// mode under load) and its choice of lists took the scalar reference inner product over all
// 6,811 centroids (another 9 %). Here both are inner products in kernels built for AVX-512,
// AVX2 and baseline (core/simd_clones.h), and an 8-bit code's product is one multiply-add a
// dimension: with per-dimension range [vmin, vmin + vdiff], a code c decodes to
// vmin + (c + 0.5) / 255 · vdiff, so q · x = Σ q·vmin + Σ q·vdiff·0.5/255 + Σ (q·vdiff/255)·c,
// where only the last sum depends on the code.
//
// Results are FAISS's (the same lists probed, the same scores to float rounding), which
// tests/index/ivf_scan_test.cpp checks against faiss::IndexIVF::search; indexes of another
// shape (another quantiser, codes or metric) are searched by FAISS.
#pragma once

#include <faiss/IndexIVF.h>
#include <faiss/impl/IDSelector.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace paperboy {

struct RowScore {
  int64_t row = -1;
  float score = 0;  // inner product with the query
};

// What one search read: the lists probed (empty ones included) and the codes scored.
struct IvfScanStats {
  size_t lists = 0;
  size_t codes = 0;
};

// Whether ivf_scan can search `ivf`: inner product, a flat quantiser, non-uniform 8-bit codes.
bool ivf_scan_supported(const faiss::IndexIVF& ivf);

// The `want` rows with the best 8-bit-code inner products among the `probes` lists whose
// centroids are nearest `query` (restricted to `select` when given), best first, ties by row.
// Requires ivf_scan_supported(ivf) and query.size() == ivf.d.
std::vector<RowScore> ivf_scan(const faiss::IndexIVF& ivf, std::span<const float> query,
                               size_t want, size_t probes, const faiss::IDSelector* select,
                               IvfScanStats* stats = nullptr);

// a · b over n floats, with the same kernels.
float inner_product(const float* a, const float* b, size_t n);

}  // namespace paperboy
