#include "index/vector_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/index_io.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "index/index_location.h"
#include "index/ivf_build.h"
#include "index/one_thread_query.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

// HNSW with 32 links per node, built with a beam of 80; searched with kHnswSearchBeam
// (vector_index.h, where the measured recall is stated).
constexpr int kHnswLinks = 32;
constexpr int kHnswBuildBeam = 80;

// The rows a search may return: live ones of the loaded state (a writer may have appended rows
// to the file since, and replaced papers leave dead rows until compaction).
struct LiveRows final : faiss::IDSelector {
  explicit LiveRows(const std::vector<bool>& live) : live(live) {}
  bool is_member(faiss::Index::idx_t row) const override {
    return row >= 0 && row < static_cast<faiss::Index::idx_t>(live.size()) &&
           live[static_cast<size_t>(row)];
  }
  const std::vector<bool>& live;
};

}  // namespace

std::unique_ptr<faiss::Index> make_faiss_index(VectorIndexKind kind, size_t dimension,
                                               std::span<const float> vectors) {
  const auto d = static_cast<faiss::Index::idx_t>(dimension);
  const auto n = static_cast<faiss::Index::idx_t>(vectors.size() / dimension);
  std::unique_ptr<faiss::Index> index;
  if (kind == VectorIndexKind::flat) {
    index = std::make_unique<faiss::IndexFlatIP>(d);
  } else if (kind == VectorIndexKind::hnsw) {
    auto hnsw = std::make_unique<faiss::IndexHNSWFlat>(d, kHnswLinks, faiss::METRIC_INNER_PRODUCT);
    hnsw->hnsw.efConstruction = kHnswBuildBeam;
    index = std::move(hnsw);
  } else if (kind == VectorIndexKind::ivf) {
    const size_t lists = ivf_lists_for(n);
    index = make_ivf(dimension, lists);
    std::vector<float> sample;
    for (int64_t row : evenly_spaced(n, ivf_training_rows(lists))) {
      sample.insert(sample.end(), vectors.begin() + row * d, vectors.begin() + (row + 1) * d);
    }
    if (n > 0) index->train(static_cast<faiss::Index::idx_t>(sample.size()) / d, sample.data());
  } else {
    auto hnsw = std::make_unique<faiss::IndexHNSWSQ>(d, faiss::ScalarQuantizer::QT_8bit, kHnswLinks,
                                                     faiss::METRIC_INNER_PRODUCT);
    hnsw->hnsw.efConstruction = kHnswBuildBeam;
    // The quantiser learns each dimension's range from (a sample of) the vectors.
    const faiss::Index::idx_t sample = std::min<faiss::Index::idx_t>(n, 100'000);
    if (sample > 0) hnsw->train(sample, vectors.data());
    index = std::move(hnsw);
  }
  if (n > 0) index->add(n, vectors.data());
  use_search_beam(*index);
  return index;
}

int VectorIndex::search_beam() const {
  auto* hnsw = dynamic_cast<const faiss::IndexHNSW*>(index_.get());
  return hnsw != nullptr ? hnsw->hnsw.efSearch : 0;
}

std::optional<double> VectorIndex::approximate_recall() const {
  if (state_.kind != VectorIndexKind::ivf || state_.search_probes <= 0) return std::nullopt;
  return state_.measured_recall;
}

void use_search_beam(faiss::Index& index) {
  if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(&index)) hnsw->hnsw.efSearch = kHnswSearchBeam;
}

bool VectorIndex::exists(const fs::path& index_dir) {
  return IndexLocation(index_dir, kVectorIndexName).live().has_value();
}

Result<std::shared_ptr<const VectorIndex>> VectorIndex::open(const fs::path& index_dir) {
  auto live = IndexLocation(index_dir, kVectorIndexName).live();
  if (!live) {
    return Error{fmt::format(
        "{}: no vector index yet (run `paperboy index`, which trains the built-in model "
        "when no other is installed)",
        (index_dir / kVectorIndexName).string())};
  }
  std::shared_ptr<VectorIndex> index(new VectorIndex());
  std::error_code ec;
  index->generation_ = fs::canonical(*live, ec);
  if (ec) return Error{fmt::format("{}: {}", live->string(), ec.message())};
  auto state = read_vector_state(index->generation_);
  if (!state) return state.error();
  index->state_ = std::move(*state);
  const bool exact = index->state_.kind == VectorIndexKind::flat;
  auto rows = read_vector_rows(index->generation_, index->state_, exact);
  if (!rows) return rows.error();
  if (exact) {
    index->index_ = make_faiss_index(VectorIndexKind::flat, index->state_.dimension, rows->vectors);
  } else {
    const fs::path file = index->generation_ / "faiss.index";
    try {
      index->index_.reset(faiss::read_index(file.c_str()));
      use_search_beam(*index->index_);
    } catch (const std::exception& e) {
      return Error{
          fmt::format("{}: {} (rebuild with `paperboy index --rebuild`)", file.string(), e.what())};
    }
    if (index->index_->ntotal < index->state_.indexed_rows ||
        index->index_->ntotal > index->state_.rows) {
      return Error{fmt::format(
          "{}: holds {} vectors, the state says {} (rebuild with `paperboy index --rebuild`)",
          file.string(), index->index_->ntotal, index->state_.indexed_rows)};
    }
    // Rows appended by updates since the file was written: added here, in memory.
    auto tail =
        scan_vector_rows(index->generation_, index->state_, index->index_->ntotal, 50'000,
                         [&](int64_t, const VectorRows& rows) {
                           index->index_->add(static_cast<faiss::Index::idx_t>(rows.doc_ids.size()),
                                              rows.vectors.data());
                           return true;
                         });
    if (!tail.ok()) return tail.error();
  }
  auto row_file = VectorRowFile::open(index->generation_, index->state_);
  if (!row_file) return row_file.error();
  index->row_file_ = std::move(*row_file);
  index->doc_ids_ = std::move(rows->doc_ids);
  index->live_rows_.assign(static_cast<size_t>(index->state_.rows), true);
  for (int64_t r : index->state_.dead_rows) {
    if (r >= 0 && r < index->state_.rows) index->live_rows_[static_cast<size_t>(r)] = false;
  }
  for (int64_t r = 0; r < index->state_.rows; ++r) {
    if (index->live_rows_[static_cast<size_t>(r)])
      index->row_of_[index->doc_ids_[static_cast<size_t>(r)]] = r;
  }
  return std::shared_ptr<const VectorIndex>(std::move(index));
}

std::vector<VectorHit> VectorIndex::search(std::span<const float> query, size_t k) const {
  std::vector<VectorHit> hits;
  if (k == 0 || row_of_.empty() || query.size() != state_.dimension) return hits;
  OneThreadForThisQuery inline_query;
  const auto want = static_cast<faiss::Index::idx_t>(std::min<size_t>(k, row_of_.size()));
  std::vector<float> scores(static_cast<size_t>(want));
  std::vector<faiss::Index::idx_t> labels(static_cast<size_t>(want));
  LiveRows live(live_rows_);
  if (auto* hnsw = dynamic_cast<const faiss::IndexHNSW*>(index_.get())) {
    // FAISS before 1.8 sizes the beam from the index's own efSearch (use_search_beam) and
    // ignores this one; later versions take it from here.
    faiss::SearchParametersHNSW params;
    params.efSearch = std::max<int>(kHnswSearchBeam, static_cast<int>(want));
    params.sel = &live;
    hnsw->search(1, query.data(), want, scores.data(), labels.data(), &params);
  } else if (auto* ivf = dynamic_cast<const faiss::IndexIVF*>(index_.get())) {
    const int probes = state_.search_probes > 0 ? state_.search_probes : kIvfDefaultProbes;
    auto refined =
        ivf_search_refined(*ivf, *row_file_, query, static_cast<size_t>(want), probes, &live);
    for (const RowScore& hit : refined)
      hits.push_back({doc_ids_[static_cast<size_t>(hit.row)], hit.score});
    return hits;
  } else {
    faiss::SearchParameters params;
    params.sel = &live;
    index_->search(1, query.data(), want, scores.data(), labels.data(), &params);
  }
  for (faiss::Index::idx_t i = 0; i < want; ++i) {
    const faiss::Index::idx_t row = labels[static_cast<size_t>(i)];
    if (!live.is_member(row)) continue;  // -1: fewer than k found
    hits.push_back({doc_ids_[static_cast<size_t>(row)], scores[static_cast<size_t>(i)]});
  }
  return hits;
}

std::vector<VectorHit> VectorIndex::search_among(std::span<const float> query, size_t k,
                                                 std::span<const int64_t> doc_ids) const {
  std::vector<VectorHit> scored;
  if (k == 0 || query.size() != state_.dimension) return scored;
  scored.reserve(doc_ids.size());
  for (int64_t doc_id : doc_ids) {
    auto found = row_of_.find(doc_id);
    if (found == row_of_.end()) continue;
    scored.push_back({doc_id, inner_product(query.data(), row_file_->vector(found->second).data(),
                                            state_.dimension)});
  }
  auto better = [](const VectorHit& a, const VectorHit& b) {
    return a.score != b.score ? a.score > b.score : a.doc_id < b.doc_id;
  };
  const size_t keep = std::min(k, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                    scored.end(), better);
  scored.resize(keep);
  return scored;
}

std::optional<std::vector<float>> VectorIndex::vector_of(int64_t doc_id) const {
  auto found = row_of_.find(doc_id);
  if (found == row_of_.end()) return std::nullopt;
  auto stored = row_file_->vector(found->second);
  return std::vector<float>(stored.begin(), stored.end());
}

std::vector<VectorHit> VectorIndex::similar(int64_t doc_id, size_t k) const {
  auto vector = vector_of(doc_id);
  if (!vector) return {};
  std::vector<VectorHit> hits = search(*vector, k + 1);
  std::erase_if(hits, [&](const VectorHit& hit) { return hit.doc_id == doc_id; });
  if (hits.size() > k) hits.resize(k);
  return hits;
}

VectorIndexCache::VectorIndexCache(fs::path index_dir) : index_dir_(std::move(index_dir)) {
  // The first load starts now, with the server, rather than in its first semantic request.
  watcher_ = std::thread([this] {
    {
      std::lock_guard lock(load_mutex_);
      reload_if_changed();
    }
    {
      std::lock_guard lock(mutex_);
      first_load_done_ = true;
    }
    first_load_signal_.notify_all();
    watch();
  });
}

VectorIndexCache::~VectorIndexCache() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

std::shared_ptr<const VectorIndex> VectorIndexCache::current() {
  // Requests that arrive while the server's first load runs wait for it; later ones never wait.
  std::unique_lock lock(mutex_);
  first_load_signal_.wait(lock, [this] { return first_load_done_; });
  return index_;
}

void VectorIndexCache::watch() {
  for (;;) {
    {
      std::unique_lock lock(stop_mutex_);
      if (stop_signal_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; }))
        return;
    }
    std::lock_guard lock(load_mutex_);
    reload_if_changed();
  }
}

void VectorIndexCache::reload_if_changed() {
  // The live link's target and the state file's inode and time say whether anything changed.
  std::error_code ec;
  fs::path generation = fs::canonical(index_dir_ / kVectorIndexName, ec);
  if (ec) {
    std::lock_guard lock(mutex_);
    index_ = nullptr;
    loaded_signature_.clear();
    return;
  }
  struct stat info {};
  if (::stat((generation / "state.json").c_str(), &info) != 0) return;
  std::string signature = fmt::format("{}:{}:{}.{}", generation.string(), info.st_ino,
                                      info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
  {
    std::lock_guard lock(mutex_);
    if (index_ && signature == loaded_signature_) return;
  }
  auto opened =
      VectorIndex::open(index_dir_);  // outside mutex_: readers keep the old one meanwhile
  if (!opened) {
    fmt::print(stderr, "vector index: {}\n", opened.error().message);
    return;  // keep serving the last good one
  }
  std::lock_guard lock(mutex_);
  index_ = std::move(*opened);
  loaded_signature_ = std::move(signature);
}

}  // namespace paperboy
