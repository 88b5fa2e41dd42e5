// The IVF index's build-time calibration and its refined search, on vectors made here: families
// of near-copies (the 8-bit codes cannot order them; the stored vectors can) and structureless
// Gaussian vectors (every list is as likely as any other, so no small number of probes reaches
// the recall target and the latency budget must cap them).
#include "index/ivf_build.h"

#include <faiss/IndexIVF.h>
#include <faiss/utils/distances.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "embed/embedder.h"
#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr size_t kDimension = 64;

struct Generation {
  fs::path dir;
  VectorGenerationState state;
  std::vector<float> vectors;
};

Generation write_generation(const fs::path& dir, std::vector<float> vectors) {
  Generation g{dir, {}, std::move(vectors)};
  fs::create_directories(dir);
  g.state.model_id = "test";
  g.state.dimension = kDimension;
  g.state.kind = VectorIndexKind::ivf;
  VectorRows rows;
  rows.vectors = g.vectors;
  for (size_t i = 0; i < g.vectors.size() / kDimension; ++i) {
    rows.doc_ids.push_back(static_cast<int64_t>(i) + 1);
    rows.digests.push_back(i);
  }
  EXPECT_TRUE(append_vector_rows(dir, g.state, rows).ok());
  g.state.rows = static_cast<int64_t>(rows.doc_ids.size());
  return g;
}

// Families of eight copies of a random direction, each a cosine of about 0.9999 from it.
std::vector<float> near_copies(size_t families, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> gaussian;
  std::vector<float> out;
  for (size_t f = 0; f < families; ++f) {
    std::vector<float> centre(kDimension);
    for (float& x : centre) x = gaussian(random);
    for (int copy = 0; copy < 8; ++copy) {
      for (size_t j = 0; j < kDimension; ++j) out.push_back(centre[j] + 0.01f * gaussian(random));
    }
  }
  normalise_rows(out, kDimension);
  return out;
}

std::vector<float> structureless(size_t rows, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> gaussian;
  std::vector<float> out(rows * kDimension);
  for (float& x : out) x = gaussian(random);
  normalise_rows(out, kDimension);
  return out;
}

std::vector<int64_t> exact_top(const std::vector<float>& vectors, std::span<const float> query,
                               size_t k) {
  std::vector<std::pair<float, int64_t>> scored;
  for (size_t r = 0; r < vectors.size() / kDimension; ++r) {
    scored.emplace_back(
        faiss::fvec_inner_product(query.data(), &vectors[r * kDimension], kDimension),
        static_cast<int64_t>(r));
  }
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<int64_t> rows;
  for (size_t i = 0; i < k; ++i) rows.push_back(scored[i].second);
  return rows;
}

TEST(IvfBuild, NearCopiesComeBackInTheOrderOfTheirStoredVectors) {
  testing::TempDir dir;
  auto g = write_generation(dir.path() / "vectors-1", near_copies(300, 7));
  auto built = build_ivf_index(g.dir, g.state, false, 1000.0);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_GE(built->recall, kIvfRecallTarget);
  EXPECT_FALSE(built->capped);
  auto rows = VectorRowFile::open(g.dir, g.state);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const auto& ivf = dynamic_cast<const faiss::IndexIVF&>(*built->index);
  for (int64_t row : {0, 9, 1234, 2399}) {
    std::span<const float> query(&g.vectors[static_cast<size_t>(row) * kDimension], kDimension);
    auto hits = ivf_search_refined(ivf, **rows, query, 8, built->probes, nullptr);
    std::vector<int64_t> found;
    for (const auto& h : hits) found.push_back(h.row);
    // The whole family, best first, exactly as exact search orders it: the codes alone swap
    // copies that differ by less than their 8-bit steps.
    EXPECT_EQ(found, exact_top(g.vectors, query, 8)) << "row " << row;
    for (size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].score, hits[i].score);
  }
}

TEST(IvfBuild, ABudgetTooSmallCapsTheProbesAndReportsTheRecallReached) {
  testing::TempDir dir;
  auto g = write_generation(dir.path() / "vectors-1", structureless(4000, 3));
  auto generous = build_ivf_index(g.dir, g.state, false, 1e6);
  ASSERT_TRUE(generous.ok()) << generous.error().message;
  EXPECT_FALSE(generous->capped);
  EXPECT_GE(generous->recall, kIvfRecallTarget)
      << "an unlimited budget probes until the target is met";
  EXPECT_GT(generous->probes, 1);

  auto capped = build_ivf_index(g.dir, g.state, false, 1e-9);  // no probe count fits
  ASSERT_TRUE(capped.ok()) << capped.error().message;
  EXPECT_TRUE(capped->capped);
  EXPECT_EQ(capped->probes, 1) << "the cheapest search is kept when none fits the budget";
  EXPECT_LT(capped->recall, kIvfRecallTarget);
  EXPECT_GT(capped->recall, 0.0) << "the recall reached is measured, not left out";
  EXPECT_GT(capped->query_ms, 0.0);

  // A search with the capped probes visits no more lists than it takes to fill its candidates.
  auto rows = VectorRowFile::open(g.dir, g.state);
  ASSERT_TRUE(rows.ok());
  const auto& ivf = dynamic_cast<const faiss::IndexIVF&>(*capped->index);
  const size_t allowed =
      ivf_probes_for(capped->probes, refine_candidates(10, 4000), ivf.nlist, 4000);
  EXPECT_LT(allowed, ivf.nlist / 10);
  IvfScanStats read;
  auto hits = ivf_search_refined(ivf, **rows, std::span<const float>(g.vectors.data(), kDimension),
                                 10, capped->probes, nullptr, &read);
  EXPECT_LE(read.lists, allowed);
  EXPECT_GE(read.lists, 1u);
  EXPECT_GE(read.codes, refine_candidates(10, 4000)) << "the lists probed fill the candidates";
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].row, 0) << "a stored vector finds itself in its own list";
}

TEST(IvfBuild, ASmallIndexProbesEnoughListsToFillThePage) {
  EXPECT_EQ(ivf_probes_for(8, 400, 4000, 1'000'000), 8u)
      << "at 250 a list, the calibrated probes stand";
  EXPECT_EQ(ivf_probes_for(1, 40, 80, 400), 16u) << "5 a list: 16 lists hold 80 for 40 wanted";
  EXPECT_EQ(ivf_probes_for(1, 400, 80, 400), 80u) << "never more than every list";
  EXPECT_EQ(ivf_probes_for(0, 10, 100, 1'000'000), 1u);
}

TEST(VectorRowFile, ReadsEachRowExactlyAndRefusesAFileShorterThanItsState) {
  testing::TempDir dir;
  auto g = write_generation(dir.path() / "vectors-1", structureless(50, 11));
  auto rows = VectorRowFile::open(g.dir, g.state);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ((*rows)->rows(), 50);
  for (int64_t row : {0, 17, 49}) {
    auto stored = (*rows)->vector(row);
    ASSERT_EQ(stored.size(), kDimension);
    EXPECT_TRUE(std::equal(stored.begin(), stored.end(),
                           g.vectors.begin() + row * static_cast<int64_t>(kDimension)));
  }
  VectorGenerationState claims_more = g.state;
  claims_more.rows = 51;  // a state past what a crash left on disk
  auto short_file = VectorRowFile::open(g.dir, claims_more);
  ASSERT_FALSE(short_file.ok());
  EXPECT_NE(short_file.error().message.find("rows.bin: holds fewer than the 51 rows"),
            std::string::npos)
      << short_file.error().message;
  EXPECT_NE(short_file.error().message.find("paperboy index --rebuild"), std::string::npos);
  EXPECT_FALSE(VectorRowFile::open(dir.path() / "missing", g.state).ok());
}

TEST(IvfBuild, RefinedSearchAsksTheCodesForSeveralTimesK) {
  EXPECT_EQ(refine_candidates(10, 1'000'000), 40u);
  EXPECT_EQ(refine_candidates(100, 1'000'000), 400u);
  EXPECT_EQ(refine_candidates(10, 25), 25u) << "never more than the index holds";
  EXPECT_EQ(refine_candidates(10, 0), 0u);
}

}  // namespace
}  // namespace paperboy
