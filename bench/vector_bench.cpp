// bench/vector: the vector index at N vectors of 384 dimensions. Per kind: build time, RSS
// growth, p50/p99 latency of 1,000 single queries (noisy copies of stored vectors, k = 10) and
// recall@10 against exact search; HNSW kinds at several search beams (efSearch).
// Two data sets, both unit length:
//   hard    1,000 Gaussian centres in all 384 dimensions plus heavy isotropic noise: a cluster's
//           members are nearly equidistant from each other, the worst case for a graph index;
//   topics  papers as mixtures of 1,000 topics living in a 48-dimensional subspace, mapped into
//           384 dimensions with light noise — closer to real embeddings, whose intrinsic
//           dimension is far below their width.
//   rows:DIR a vector generation's own rows (DIR/rows.bin, DIR/state.json): a model's real vectors,
//           the first N of them (`bench/scale.py` leaves 1 M of the built-in model's).
// usage: bench_vector [N=200000] [kinds=flat,ivf,hnsw,hnsw-sq8] [data=hard|topics|rows:DIR]
//                     [beams=64,128,256,512] (for ivf: the lists probed)
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_set>

#include "embed/blas_kernels.h"
#include "embed/embedder.h"
#include "index/ivf_build.h"
#include "index/vector_generation.h"
#include "index/vector_index.h"

using namespace paperboy;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long rss_kib() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4;
}

std::vector<float> hard_vectors(size_t n, size_t d, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> gaussian;
  std::vector<float> centres(1000 * d);
  for (float& x : centres) x = gaussian(random);
  std::vector<float> out(n * d);
  for (size_t i = 0; i < n; ++i) {
    const float* c = centres.data() + (random() % 1000) * d;
    for (size_t j = 0; j < d; ++j) out[i * d + j] = c[j] + 0.8f * gaussian(random);
  }
  normalise_rows(out, d);
  return out;
}

std::vector<float> topic_vectors(size_t n, size_t d, uint32_t seed) {
  constexpr size_t latent = 48, topics = 1000;
  std::mt19937 random(seed);
  std::normal_distribution<float> gaussian;
  std::vector<float> basis(latent * d), topic_centres(topics * latent);
  for (float& x : basis) x = gaussian(random);
  for (float& x : topic_centres) x = gaussian(random);
  std::vector<float> out(n * d), z(latent);
  for (size_t i = 0; i < n; ++i) {
    // A paper: mostly one topic, partly a second, plus its own latent variation.
    const float* a = topic_centres.data() + (random() % topics) * latent;
    const float* b = topic_centres.data() + (random() % topics) * latent;
    for (size_t j = 0; j < latent; ++j) z[j] = 0.8f * a[j] + 0.3f * b[j] + 0.4f * gaussian(random);
    for (size_t j = 0; j < d; ++j) {
      float x = 0;
      for (size_t l = 0; l < latent; ++l) x += z[l] * basis[l * d + j];
      out[i * d + j] = x + 0.5f * gaussian(random);
    }
  }
  normalise_rows(out, d);
  return out;
}

std::vector<int> parse_beams(const std::string& text) {
  std::vector<int> beams;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) beams.push_back(std::stoi(item));
  return beams;
}

}  // namespace

int main(int argc, char** argv) {
  paperboy::use_best_blas_kernels(argv);  // as paperboy itself does
  size_t n = argc > 1 ? std::stoul(argv[1]) : 200'000;
  std::string kinds_text = argc > 2 ? argv[2] : "flat,hnsw,hnsw-sq8";
  const std::string data_name = argc > 3 ? argv[3] : "hard";
  const std::vector<int> beams = parse_beams(argc > 4 ? argv[4] : "64,128,256,512");
  constexpr size_t queries = 1000, k = 10;
  size_t d = 384;
  std::vector<float> data;
  if (data_name.rfind("rows:", 0) == 0) {
    const std::filesystem::path generation = data_name.substr(5);
    auto state = read_vector_state(generation);
    if (!state) {
      fmt::print(stderr, "{}\n", state.error().message);
      return 2;
    }
    d = state->dimension;
    state->rows = std::min<int64_t>(state->rows, static_cast<int64_t>(n));
    n = static_cast<size_t>(state->rows);
    auto rows = read_vector_rows(generation, *state, true);
    if (!rows) {
      fmt::print(stderr, "{}\n", rows.error().message);
      return 2;
    }
    data = std::move(rows->vectors);
  } else if (data_name == "hard" || data_name == "topics") {
    data = data_name == "hard" ? hard_vectors(n, d, 1) : topic_vectors(n, d, 1);
  } else {
    fmt::print(stderr, "unknown data set '{}': hard, topics or rows:DIR\n", data_name);
    return 2;
  }
  std::vector<float> query_vectors(queries * d);
  {
    std::mt19937 random(2);
    std::normal_distribution<float> gaussian(0.0f, 0.05f);
    for (size_t q = 0; q < queries; ++q) {
      size_t source = random() % n;
      for (size_t j = 0; j < d; ++j)
        query_vectors[q * d + j] = data[source * d + j] + gaussian(random);
    }
    normalise_rows(query_vectors, d);
  }
  fmt::print(
      "workload: {} vectors × {} dimensions ({} data), {} queries, k = {}; product beam {}\n", n, d,
      data_name, queries, k, kHnswSearchBeam);

  // Exact answers, for recall.
  auto exact = make_faiss_index(VectorIndexKind::flat, d, data);
  std::vector<std::unordered_set<int64_t>> truth(queries);
  {
    std::vector<float> scores(queries * k);
    std::vector<faiss::Index::idx_t> labels(queries * k);
    exact->search(queries, query_vectors.data(), k, scores.data(), labels.data());
    for (size_t q = 0; q < queries; ++q)
      truth[q].insert(labels.begin() + q * k, labels.begin() + (q + 1) * k);
  }
  exact.reset();

  std::stringstream kinds(kinds_text);
  for (std::string kind_name; std::getline(kinds, kind_name, ',');) {
    auto kind = parse_vector_index_kind(kind_name);
    if (!kind) {
      fmt::print(stderr, "{}\n", kind.error().message);
      return 2;
    }
    const long rss_before = rss_kib();
    auto start = std::chrono::steady_clock::now();
    auto index = make_faiss_index(*kind, d, data);
    const double build = seconds_since(start);
    const long rss_growth = rss_kib() - rss_before;
    auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index.get());
    auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get());
    const bool is_hnsw = hnsw != nullptr;
    fmt::print("{:<9} build {:7.1f} s   RSS +{:6.0f} MiB\n", kind_name, build, rss_growth / 1024.0);
    for (int beam : is_hnsw || ivf ? beams : std::vector<int>{0}) {
      // FAISS 1.7 reads the beam from the index, not from per-search parameters.
      if (is_hnsw) hnsw->hnsw.efSearch = beam;
      if (ivf) ivf->nprobe = static_cast<size_t>(beam);
      std::vector<double> latencies;
      size_t found = 0;
      std::vector<float> scores(k);
      std::vector<faiss::Index::idx_t> labels(k);
      for (size_t q = 0; q < queries; ++q) {
        auto t = std::chrono::steady_clock::now();
        index->search(1, query_vectors.data() + q * d, k, scores.data(), labels.data());
        latencies.push_back(seconds_since(t) * 1000);
        for (auto label : labels) found += truth[q].count(label);
      }
      std::sort(latencies.begin(), latencies.end());
      fmt::print("  {:<12} p50 {:7.3f} ms   p99 {:7.3f} ms   recall@10 {:.4f}\n",
                 is_hnsw ? fmt::format("beam {}", beam)
                 : ivf   ? fmt::format("probes {}", beam)
                         : std::string("exact"),
                 latencies[queries / 2], latencies[queries * 99 / 100],
                 static_cast<double>(found) / (queries * k));
    }
    std::fflush(stdout);
  }
  return 0;
}
