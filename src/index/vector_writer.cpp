#include "index/vector_writer.h"

#include <faiss/index_io.h>
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "core/progress.h"
#include "index/index_location.h"
#include "index/vector_index.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kExactSearchLimit = 50'000;

VectorIndexKind choose_kind(const VectorIndexOptions& options, int64_t vectors) {
  if (options.kind) return *options.kind;
  return vectors < kExactSearchLimit ? VectorIndexKind::flat : VectorIndexKind::hnsw;
}

// Papers waiting to be embedded, a batch at a time.
class PendingRows {
 public:
  PendingRows(const Embedder& embedder, size_t batch) : embedder_(embedder), batch_(batch) {}
  void add(const StoredPaper& stored, uint64_t digest) {
    titles_.push_back(stored.paper.title);
    abstracts_.push_back(stored.paper.abstract);
    rows_.doc_ids.push_back(stored.doc_id);
    rows_.digests.push_back(digest);
  }
  bool full() const { return titles_.size() >= batch_; }
  size_t size() const { return titles_.size(); }
  // Embeds what is waiting and hands the rows over.
  VectorRows take() {
    std::vector<DocumentText> docs;
    for (size_t i = 0; i < titles_.size(); ++i) docs.push_back({titles_[i], abstracts_[i]});
    rows_.vectors = embedder_.embed_documents(docs);
    titles_.clear();
    abstracts_.clear();
    return std::exchange(rows_, {});
  }

 private:
  const Embedder& embedder_;
  size_t batch_;
  std::vector<std::string> titles_, abstracts_;
  VectorRows rows_;
};

Status save_faiss(const fs::path& generation, const faiss::Index& index) {
  const fs::path temporary = generation / "faiss.index.tmp";
  try {
    faiss::write_index(&index, temporary.c_str());
  } catch (const std::exception& e) {
    return Error{fmt::format("{}: {}", temporary.string(), e.what())};
  }
  std::error_code ec;
  fs::rename(temporary, generation / "faiss.index", ec);
  if (ec) return Error{fmt::format("{}: {}", (generation / "faiss.index").string(), ec.message())};
  return {};
}

// Writes a new generation holding `rows` (already embedded) and publishes it.
Status publish_generation(const fs::path& index_dir, VectorGenerationState state, const VectorRows& rows) {
  IndexLocation location(index_dir, kVectorIndexName);
  auto generation = location.new_generation();
  if (!generation) return generation.error();
  state.rows = 0;
  state.dead_rows.clear();
  if (auto appended = append_vector_rows(*generation, state, rows); !appended.ok()) return appended;
  state.rows = static_cast<int64_t>(rows.doc_ids.size());
  if (state.kind != VectorIndexKind::flat) {
    auto index = make_faiss_index(state.kind, state.dimension, rows.vectors);
    if (auto saved = save_faiss(*generation, *index); !saved.ok()) return saved;
  }
  if (auto written = write_vector_state(*generation, state); !written.ok()) return written;
  return location.publish(*generation);
}

Result<VectorIndexUpdate> rebuild(Store& store, const fs::path& index_dir, const Embedder& embedder,
                                  const VectorIndexOptions& options) {
  auto seq = store.change_seq();
  if (!seq) return seq.error();
  auto papers = store.paper_count();
  if (!papers) return papers.error();
  Progress progress(fmt::format("embedding papers ({})", embedder.info().description), *papers, "papers");
  PendingRows pending(embedder, options.batch);
  VectorRows all;
  VectorIndexUpdate update;
  auto flush = [&] {
    VectorRows batch = pending.take();
    all.doc_ids.insert(all.doc_ids.end(), batch.doc_ids.begin(), batch.doc_ids.end());
    all.digests.insert(all.digests.end(), batch.digests.begin(), batch.digests.end());
    all.vectors.insert(all.vectors.end(), batch.vectors.begin(), batch.vectors.end());
    update.embedded += static_cast<int64_t>(batch.doc_ids.size());
    if (options.show_progress) progress.update(update.embedded, update.embedded);
  };
  // Newest change of each paper only: scan_changes visits each paper once, withdrawn ones too.
  auto scanned = store.scan_changes(0, [&](const StoredPaper& stored) {
    if (stored.change_seq > *seq) return false;
    if (!stored.withdrawn.empty()) return true;
    pending.add(stored, text_digest(stored.paper.title, stored.paper.abstract));
    if (pending.full()) flush();
    return true;
  });
  if (!scanned.ok()) return Error{scanned.message()};
  if (pending.size() > 0) flush();
  if (options.show_progress) progress.finish(update.embedded);
  VectorGenerationState state;
  state.model_id = embedder.info().id;
  state.dimension = embedder.info().dimension;
  state.kind = choose_kind(options, update.embedded);
  state.store_seq = *seq;
  if (auto published = publish_generation(index_dir, state, all); !published.ok()) return Error{published.message()};
  update.rebuilt = true;
  update.store_seq = *seq;
  return update;
}

// Copies the live rows (no embedding) into a new generation, leaving dead rows behind.
Status compact(const fs::path& generation, const fs::path& index_dir, const VectorGenerationState& state) {
  auto rows = read_vector_rows(generation, state, true);
  if (!rows) return Error{rows.error().message};
  std::unordered_set<int64_t> dead(state.dead_rows.begin(), state.dead_rows.end());
  VectorRows live;
  for (size_t r = 0; r < rows->doc_ids.size(); ++r) {
    if (dead.contains(static_cast<int64_t>(r))) continue;
    live.doc_ids.push_back(rows->doc_ids[r]);
    live.digests.push_back(rows->digests[r]);
    live.vectors.insert(live.vectors.end(), rows->vectors.begin() + static_cast<std::ptrdiff_t>(r * state.dimension),
                        rows->vectors.begin() + static_cast<std::ptrdiff_t>((r + 1) * state.dimension));
  }
  return publish_generation(index_dir, state, live);
}

}  // namespace

Result<VectorIndexUpdate> rebuild_vector_index(Store& store, const fs::path& index_dir, const Embedder& embedder,
                                               const VectorIndexOptions& options) {
  auto built = rebuild(store, index_dir, embedder, options);
  if (!built) return built;
  // Papers changed while we embedded.
  auto caught_up = update_vector_index(store, index_dir, embedder, options);
  if (!caught_up) return caught_up;
  built->embedded += caught_up->embedded;
  built->removed += caught_up->removed;
  built->store_seq = caught_up->store_seq;
  return built;
}

Result<VectorIndexUpdate> update_vector_index(Store& store, const fs::path& index_dir, const Embedder& embedder,
                                              const VectorIndexOptions& options) {
  auto live = IndexLocation(index_dir, kVectorIndexName).live();
  std::error_code ec;
  const fs::path generation = live ? fs::canonical(*live, ec) : fs::path();
  auto state = live ? read_vector_state(generation) : Result<VectorGenerationState>(Error{"none"});
  if (!live || !state || state->model_id != embedder.info().id || state->dimension != embedder.info().dimension ||
      (options.kind && *options.kind != state->kind)) {
    return rebuild_vector_index(store, index_dir, embedder, options);
  }
  auto seq = store.change_seq();
  if (!seq) return seq.error();
  VectorIndexUpdate update;
  update.store_seq = state->store_seq;
  if (*seq <= state->store_seq) return update;

  auto known = read_vector_rows(generation, *state, false);
  if (!known) return known.error();
  std::unordered_set<int64_t> dead(state->dead_rows.begin(), state->dead_rows.end());
  std::unordered_map<int64_t, int64_t> row_of;
  for (int64_t r = 0; r < state->rows; ++r) {
    if (!dead.contains(r)) row_of[known->doc_ids[static_cast<size_t>(r)]] = r;
  }
  PendingRows pending(embedder, options.batch);
  VectorRows added;
  auto flush = [&] {
    VectorRows batch = pending.take();
    added.doc_ids.insert(added.doc_ids.end(), batch.doc_ids.begin(), batch.doc_ids.end());
    added.digests.insert(added.digests.end(), batch.digests.begin(), batch.digests.end());
    added.vectors.insert(added.vectors.end(), batch.vectors.begin(), batch.vectors.end());
  };
  auto kill = [&](int64_t doc_id) {
    auto found = row_of.find(doc_id);
    if (found == row_of.end()) return false;
    dead.insert(found->second);
    state->dead_rows.push_back(found->second);
    row_of.erase(found);
    return true;
  };
  auto scanned = store.scan_changes(state->store_seq, [&](const StoredPaper& stored) {
    if (stored.change_seq > *seq) return false;
    if (!stored.withdrawn.empty()) {
      if (kill(stored.doc_id)) ++update.removed;
      return true;
    }
    const uint64_t digest = text_digest(stored.paper.title, stored.paper.abstract);
    auto found = row_of.find(stored.doc_id);
    if (found != row_of.end() && known->digests[static_cast<size_t>(found->second)] == digest) return true;
    kill(stored.doc_id);  // replaced by the row added below
    pending.add(stored, digest);
    if (pending.full()) flush();
    return true;
  });
  if (!scanned.ok()) return Error{scanned.message()};
  if (pending.size() > 0) flush();
  update.embedded = static_cast<int64_t>(added.doc_ids.size());

  if (!added.doc_ids.empty()) {
    if (auto appended = append_vector_rows(generation, *state, added); !appended.ok()) return Error{appended.message()};
    if (state->kind != VectorIndexKind::flat) {
      std::unique_ptr<faiss::Index> index;
      try {
        index.reset(faiss::read_index((generation / "faiss.index").c_str()));
      } catch (const std::exception& e) {
        return Error{fmt::format("{}: {} (rebuild with `paperboy index --rebuild`)",
                                 (generation / "faiss.index").string(), e.what())};
      }
      if (index->ntotal > state->rows) {
        // A crash left labels past the valid rows: rebuild the graph from the rows file.
        return rebuild_vector_index(store, index_dir, embedder, options);
      }
      index->add(static_cast<faiss::Index::idx_t>(added.doc_ids.size()), added.vectors.data());
      if (auto saved = save_faiss(generation, *index); !saved.ok()) return Error{saved.message()};
    }
  }
  state->rows += static_cast<int64_t>(added.doc_ids.size());
  state->store_seq = *seq;
  update.store_seq = *seq;
  // Many dead rows slow searches (they are skipped) and waste memory: copy the live ones out.
  if (state->dead_rows.size() > 1000 && state->dead_rows.size() * 4 > static_cast<size_t>(state->rows)) {
    if (auto written = compact(generation, index_dir, *state); !written.ok()) return Error{written.message()};
    update.rebuilt = true;
    return update;
  }
  if (auto written = write_vector_state(generation, *state); !written.ok()) return Error{written.message()};
  return update;
}

}  // namespace paperboy
