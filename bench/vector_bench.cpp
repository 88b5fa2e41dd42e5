// bench/vector: the vector index at N vectors of 384 dimensions (unit length, drawn around 1,000
// Gaussian cluster centres, as document embeddings cluster by topic). Per kind: build time,
// memory (the index's own bytes as FAISS reports them, and RSS growth), p50/p99 latency of 1,000
// single queries (noisy copies of stored vectors, k = 10), recall@10 against exact search.
// usage: bench_vector [N=200000] [kinds=flat,hnsw,hnsw-sq8]
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_set>

#include "embed/embedder.h"
#include <faiss/IndexHNSW.h>

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

std::vector<float> clustered_vectors(size_t n, size_t d, uint32_t seed) {
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

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::stoul(argv[1]) : 200'000;
  std::string kinds_text = argc > 2 ? argv[2] : "flat,hnsw,hnsw-sq8";
  constexpr size_t d = 384, queries = 1000, k = 10;
  std::vector<float> data = clustered_vectors(n, d, 1);
  std::vector<float> query_vectors(queries * d);
  {
    std::mt19937 random(2);
    std::normal_distribution<float> gaussian(0.0f, 0.05f);
    for (size_t q = 0; q < queries; ++q) {
      size_t source = random() % n;
      for (size_t j = 0; j < d; ++j) query_vectors[q * d + j] = data[source * d + j] + gaussian(random);
    }
    normalise_rows(query_vectors, d);
  }
  fmt::print("workload: {} vectors × {} dimensions (1,000 clusters), {} queries, k = {}\n", n, d, queries, k);

  // Exact answers, for recall.
  auto exact = make_faiss_index(VectorIndexKind::flat, d, data);
  std::vector<std::unordered_set<int64_t>> truth(queries);
  {
    std::vector<float> scores(queries * k);
    std::vector<faiss::Index::idx_t> labels(queries * k);
    exact->search(queries, query_vectors.data(), k, scores.data(), labels.data());
    for (size_t q = 0; q < queries; ++q) truth[q].insert(labels.begin() + q * k, labels.begin() + (q + 1) * k);
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
    std::vector<double> latencies;
    size_t found = 0;
    std::vector<float> scores(k);
    std::vector<faiss::Index::idx_t> labels(k);
    for (size_t q = 0; q < queries; ++q) {
      auto t = std::chrono::steady_clock::now();
      if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index.get())) {
        faiss::SearchParametersHNSW params;
        params.efSearch = 128;  // as VectorIndex::search
        hnsw->search(1, query_vectors.data() + q * d, k, scores.data(), labels.data(), &params);
      } else {
        index->search(1, query_vectors.data() + q * d, k, scores.data(), labels.data());
      }
      latencies.push_back(seconds_since(t) * 1000);
      for (auto label : labels) found += truth[q].count(label);
    }
    std::sort(latencies.begin(), latencies.end());
    fmt::print("{:<9} build {:7.1f} s   RSS +{:6.0f} MiB   p50 {:7.3f} ms   p99 {:7.3f} ms   recall@10 {:.4f}\n",
               kind_name, build, rss_growth / 1024.0, latencies[queries / 2], latencies[queries * 99 / 100],
               static_cast<double>(found) / (queries * k));
  }
  return 0;
}
