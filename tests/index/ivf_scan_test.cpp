// ivf_scan against FAISS's own IVF search on the same trained index: the same lists probed and
// the same rows kept, with scores equal to float rounding; on clustered vectors (the shape real
// embeddings have) and on a dimension no SIMD width divides, by residual and not, with and
// without a selector.
#include "index/ivf_scan.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/IDSelector.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "index/ivf_build.h"

namespace paperboy {
namespace {

// `n` unit vectors around `clusters` random centres.
std::vector<float> clustered(size_t n, size_t d, size_t clusters, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> gaussian;
  std::vector<float> centres(clusters * d);
  for (float& x : centres) x = gaussian(random);
  std::vector<float> out(n * d);
  for (size_t i = 0; i < n; ++i) {
    const float* centre = &centres[(i % clusters) * d];
    float norm = 0;
    for (size_t j = 0; j < d; ++j) {
      out[i * d + j] = centre[j] + 0.6f * gaussian(random);
      norm += out[i * d + j] * out[i * d + j];
    }
    for (size_t j = 0; j < d; ++j) out[i * d + j] /= std::sqrt(norm);
  }
  return out;
}

std::unique_ptr<faiss::IndexIVF> trained_ivf(size_t d, size_t lists, const std::vector<float>& x,
                                             bool by_residual) {
  std::unique_ptr<faiss::IndexIVF> ivf(
      dynamic_cast<faiss::IndexIVF*>(make_ivf(d, lists).release()));
  auto* sq = dynamic_cast<faiss::IndexIVFScalarQuantizer*>(ivf.get());
  sq->by_residual = by_residual;
  const auto n = static_cast<faiss::Index::idx_t>(x.size() / d);
  ivf->train(n, x.data());
  ivf->add(n, x.data());
  return ivf;
}

std::vector<RowScore> faiss_search(const faiss::IndexIVF& ivf, const float* query, size_t want,
                                   size_t probes, const faiss::IDSelector* select) {
  std::vector<float> scores(want);
  std::vector<faiss::Index::idx_t> labels(want);
  faiss::SearchParametersIVF params;
  params.nprobe = probes;
  params.sel = const_cast<faiss::IDSelector*>(select);
  ivf.search(1, query, static_cast<faiss::Index::idx_t>(want), scores.data(), labels.data(),
             &params);
  std::vector<RowScore> out;
  for (size_t i = 0; i < want && labels[i] >= 0; ++i) out.push_back({labels[i], scores[i]});
  return out;
}

// Scores rank by rank within rounding, and the rows the same but for near-ties at the cut.
void expect_same_results(const std::vector<RowScore>& ours, const std::vector<RowScore>& theirs,
                         const std::string& where) {
  ASSERT_EQ(ours.size(), theirs.size()) << where;
  std::set<int64_t> their_rows;
  for (const auto& hit : theirs) their_rows.insert(hit.row);
  size_t shared = 0;
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_NEAR(ours[i].score, theirs[i].score, 2e-5f) << where << " rank " << i;
    if (i > 0) {
      EXPECT_GE(ours[i - 1].score, ours[i].score) << where << " rank " << i;
    }
    shared += their_rows.count(ours[i].row);
  }
  EXPECT_GE(shared + 1, ours.size()) << where;
}

struct Shape {
  size_t d;
  size_t lists;
  bool by_residual;
  friend std::ostream& operator<<(std::ostream& out, const Shape& s) {
    return out << "d " << s.d << ", " << s.lists << " lists"
               << (s.by_residual ? ", by residual" : "");
  }
};

class IvfScanMatchesFaiss : public ::testing::TestWithParam<Shape> {};

TEST_P(IvfScanMatchesFaiss, OnTheSameListsRowsAndScores) {
  const Shape shape = GetParam();
  const std::vector<float> x = clustered(6000, shape.d, 40, 7);
  auto ivf = trained_ivf(shape.d, shape.lists, x, shape.by_residual);
  ASSERT_TRUE(ivf_scan_supported(*ivf));
  const std::vector<float> queries = clustered(40, shape.d, 40, 99);
  for (size_t q = 0; q < 40; ++q) {
    const float* query = &queries[q * shape.d];
    for (size_t probes : {size_t{1}, size_t{3}, shape.lists}) {
      for (size_t want : {size_t{10}, size_t{160}}) {
        const auto where = "query " + std::to_string(q) + ", probes " + std::to_string(probes) +
                           ", want " + std::to_string(want);
        expect_same_results(ivf_scan(*ivf, std::span(query, shape.d), want, probes, nullptr),
                            faiss_search(*ivf, query, want, probes, nullptr), where);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, IvfScanMatchesFaiss,
                         ::testing::Values(Shape{64, 32, true}, Shape{37, 20, true},
                                           Shape{64, 32, false}, Shape{384, 16, true}));

TEST(IvfScan, KeepsOnlyWhatTheSelectorAdmits) {
  const size_t d = 48;
  const std::vector<float> x = clustered(5000, d, 30, 3);
  auto ivf = trained_ivf(d, 24, x, true);
  // Every third row: rows a filter or a dead-row list leaves out are never returned, and the
  // rows kept are still the best of those admitted.
  std::vector<faiss::Index::idx_t> admitted;
  for (faiss::Index::idx_t row = 0; row < 5000; row += 3) admitted.push_back(row);
  faiss::IDSelectorArray select(admitted.size(), admitted.data());
  const std::vector<float> queries = clustered(20, d, 30, 11);
  for (size_t q = 0; q < 20; ++q) {
    const float* query = &queries[q * d];
    auto ours = ivf_scan(*ivf, std::span(query, d), 50, 4, &select);
    for (const auto& hit : ours) EXPECT_EQ(hit.row % 3, 0) << "query " << q;
    expect_same_results(ours, faiss_search(*ivf, query, 50, 4, &select),
                        "query " + std::to_string(q));
  }
}

TEST(IvfScan, ReturnsWhatTheProbedListsHoldWhenFewerThanWanted) {
  const size_t d = 32;
  const std::vector<float> x = clustered(2000, d, 10, 5);
  auto ivf = trained_ivf(d, 40, x, true);
  const std::vector<float> queries = clustered(5, d, 10, 13);
  for (size_t q = 0; q < 5; ++q) {
    const float* query = &queries[q * d];
    auto ours = ivf_scan(*ivf, std::span(query, d), 1500, 1, nullptr);
    EXPECT_LT(ours.size(), 1500u);
    expect_same_results(ours, faiss_search(*ivf, query, 1500, 1, nullptr),
                        "query " + std::to_string(q));
  }
}

TEST(IvfScan, LeavesOtherIndexShapesToFaiss) {
  faiss::IndexFlatIP quantizer(16);
  faiss::IndexIVFFlat flat_codes(&quantizer, 16, 4, faiss::METRIC_INNER_PRODUCT);
  EXPECT_FALSE(ivf_scan_supported(flat_codes));
  faiss::IndexFlatIP quantizer2(16);
  faiss::IndexIVFScalarQuantizer four_bit(&quantizer2, 16, 4, faiss::ScalarQuantizer::QT_4bit,
                                          faiss::METRIC_INNER_PRODUCT);
  EXPECT_FALSE(ivf_scan_supported(four_bit));
  faiss::IndexFlatL2 quantizer3(16);
  faiss::IndexIVFScalarQuantizer l2(&quantizer3, 16, 4, faiss::ScalarQuantizer::QT_8bit,
                                    faiss::METRIC_L2);
  EXPECT_FALSE(ivf_scan_supported(l2));
}

TEST(IvfScan, InnerProductMatchesAPlainSumOnEveryLength) {
  std::mt19937 random(1);
  std::normal_distribution<float> gaussian;
  for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{17}, size_t{384}}) {
    std::vector<float> a(n), b(n);
    double expected = 0;
    for (size_t i = 0; i < n; ++i) {
      a[i] = gaussian(random);
      b[i] = gaussian(random);
      expected += static_cast<double>(a[i]) * b[i];
    }
    EXPECT_NEAR(inner_product(a.data(), b.data(), n), expected, 1e-4) << n;
  }
}

}  // namespace
}  // namespace paperboy
