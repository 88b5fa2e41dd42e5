// bench_vector_recall GENERATION [--queries 200] [--k 10]: a built vector generation's IVF
// search against exact search and against FAISS's own scan, on the corpus's own rows.
//
// The queries are rows spread evenly over the corpus (as the build's calibration takes them).
// Exact: every row's inner product with every query, one pass over rows.bin. Then, query by
// query and one right after the other on one thread: paperboy's search (ivf_search_refined,
// which scans with ivf_scan) and the same search with FAISS's IndexIVF::search in place of
// ivf_scan, both over the state's probes and ranked by the stored vectors. Prints recall@k
// (a hit within 1e-4 of the exact k-th score counts, as in the calibration) and p50 / p99 ms
// of each, with the instruction sets the kernels could use.
#include <faiss/IndexIVF.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "index/ivf_build.h"
#include "index/vector_generation.h"
#include "index/vector_row_file.h"

namespace {

using namespace paperboy;
using Clock = std::chrono::steady_clock;

// FAISS's own scan of the same lists, then the same ranking by stored vectors.
std::vector<RowScore> faiss_refined(const faiss::IndexIVF& ivf, const VectorRowFile& rows,
                                    std::span<const float> query, size_t k, int probes) {
  const size_t want = refine_candidates(k, ivf.ntotal);
  std::vector<float> scores(want);
  std::vector<faiss::Index::idx_t> labels(want);
  faiss::SearchParametersIVF params;
  params.nprobe = ivf_probes_for(probes, want, ivf.nlist, ivf.ntotal);
  ivf.search(1, query.data(), static_cast<faiss::Index::idx_t>(want), scores.data(), labels.data(),
             &params);
  std::vector<RowScore> hits;
  for (size_t i = 0; i < want && labels[i] >= 0; ++i)
    hits.push_back(
        {labels[i], inner_product(query.data(), rows.vector(labels[i]).data(), query.size())});
  std::sort(hits.begin(), hits.end(),
            [](const RowScore& a, const RowScore& b) { return a.score > b.score; });
  if (hits.size() > k) hits.resize(k);
  return hits;
}

struct Figures {
  size_t found = 0;
  std::vector<double> ms;
  void print(const char* name, size_t total) {
    std::sort(ms.begin(), ms.end());
    std::printf("%-32s recall@k %.3f   p50 %.2f ms   p99 %.2f ms\n", name,
                static_cast<double>(found) / static_cast<double>(total), ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]);
  }
};

}  // namespace

// NOLINTNEXTLINE(bugprone-exception-escape): a failed allocation may end a bench
int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_vector_recall GENERATION [--queries N] [--k K]\n");
    return 2;
  }
  const std::filesystem::path generation = argv[1];
  size_t queries = 200, k = 10;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--queries") == 0) queries = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--k") == 0) k = std::strtoul(argv[i + 1], nullptr, 10);
  }
  auto state = read_vector_state(generation);
  if (!state.ok()) {
    std::fprintf(stderr, "%s\n", state.error().message.c_str());
    return 1;
  }
  auto rows = VectorRowFile::open(generation, *state);
  if (!rows.ok()) {
    std::fprintf(stderr, "%s\n", rows.error().message.c_str());
    return 1;
  }
  std::unique_ptr<faiss::Index> index(faiss::read_index((generation / "faiss.index").c_str()));
  const auto* ivf = dynamic_cast<const faiss::IndexIVF*>(index.get());
  if (ivf == nullptr) {
    std::fprintf(stderr, "%s: not an IVF index\n", generation.c_str());
    return 1;
  }
  omp_set_num_threads(1);  // one query is one request thread's work (one_thread_query.h)
  const VectorRowFile& file = **rows;
  const size_t d = state->dimension;
  const int probes = state->search_probes;
  const std::vector<int64_t> sample = evenly_spaced(file.rows(), queries);

  // The exact k-th best score of each query, in one pass over the rows.
  std::vector<std::vector<float>> best(sample.size());
  const auto exact_started = Clock::now();
  for (int64_t r = 0; r < file.rows(); ++r) {
    const float* row = file.vector(r).data();
    for (size_t q = 0; q < sample.size(); ++q) {
      const float s = inner_product(file.vector(sample[q]).data(), row, d);
      auto& heap = best[q];
      if (heap.size() < k) {
        heap.push_back(s);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      } else if (s > heap.front()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        heap.back() = s;
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      }
    }
  }
  const double exact_s = std::chrono::duration<double>(Clock::now() - exact_started).count();

  Figures ours, theirs;
  size_t total = 0;
  auto measure = [&](Figures& f, const std::vector<RowScore>& hits, float last,
                     Clock::time_point t) {
    f.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    f.found += std::min<size_t>(
        k, static_cast<size_t>(std::count_if(hits.begin(), hits.end(), [&](const RowScore& h) {
          return h.score >= last - kRecallTieTolerance;
        })));
  };
  for (size_t q = 0; q < sample.size(); ++q) {
    const float last = *std::min_element(best[q].begin(), best[q].end());
    const auto query = file.vector(sample[q]);
    total += std::min(k, best[q].size());
    auto t = Clock::now();
    auto hits = ivf_search_refined(*ivf, file, query, k, probes, nullptr);
    measure(ours, hits, last, t);
    t = Clock::now();
    hits = faiss_refined(*ivf, file, query, k, probes);
    measure(theirs, hits, last, t);
  }
  std::printf(
      "workload: %s, %lld rows of %zu dimensions, %zu lists, %d probes, %zu queries "
      "(rows spread evenly), k %zu, one thread; exact pass %.0f s\n",
      generation.c_str(), static_cast<long long>(file.rows()), d, ivf->nlist, probes, sample.size(),
      k, exact_s);
  std::printf(
      "kernels: %s (ivf_scan picks the widest of avx512f, avx2, baseline); FAISS %s\n",
      __builtin_cpu_supports("avx512f") ? "avx512f"
      : __builtin_cpu_supports("avx2")  ? "avx2"
                                        : "baseline",
      ivf_scan_supported(*ivf) ? "as Debian builds it" : "(ivf_scan cannot search this index)");
  ours.print("paperboy (ivf_scan, refined)", total);
  theirs.print("FAISS IndexIVF::search, refined", total);
  return 0;
}
