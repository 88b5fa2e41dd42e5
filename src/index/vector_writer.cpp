#include "index/vector_writer.h"

#include <faiss/index_io.h>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/progress.h"
#include "index/index_location.h"
#include "index/ivf_build.h"
#include "index/vector_index.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kExactSearchLimit = 50'000;
// In a generation still being embedded: the model, and where a stopped run resumes.
constexpr const char* kEmbeddingMarker = "embedding.json";

VectorIndexKind choose_kind(const VectorIndexOptions& options, int64_t vectors) {
  if (options.kind) return *options.kind;
  return vectors < kExactSearchLimit ? VectorIndexKind::flat : VectorIndexKind::ivf;
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
  // Embeds what is waiting and hands the rows over; on failure they stay waiting.
  Result<VectorRows> take() {
    std::vector<DocumentText> docs;
    for (size_t i = 0; i < titles_.size(); ++i) docs.push_back({titles_[i], abstracts_[i]});
    auto vectors = embedder_.embed_documents(docs);
    if (!vectors) return vectors.error();
    rows_.vectors = std::move(*vectors);
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

void append_to(VectorRows& into, VectorRows&& rows) {
  into.doc_ids.insert(into.doc_ids.end(), rows.doc_ids.begin(), rows.doc_ids.end());
  into.digests.insert(into.digests.end(), rows.digests.begin(), rows.digests.end());
  into.vectors.insert(into.vectors.end(), rows.vectors.begin(), rows.vectors.end());
}

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

// Builds faiss.index over every row of the generation (exact search needs none) and writes
// the state; the generation is not published.
Status index_generation(const fs::path& generation, VectorGenerationState& state,
                        bool show_progress, double budget_ms) {
  state.indexed_rows = 0;
  if (state.kind == VectorIndexKind::ivf) {
    if (budget_ms <= 0) budget_ms = kIvfDefaultBudgetMs;
    auto built = build_ivf_index(generation, state, show_progress, budget_ms);
    if (!built) return built.error();
    if (auto saved = save_faiss(generation, *built->index); !saved.ok()) return saved;
    state.indexed_rows = state.rows;
    state.search_probes = built->probes;
    state.measured_recall = built->recall;
    state.calibrated_ms = built->query_ms;
    state.search_budget_ms = budget_ms;
    state.probes_capped = built->capped;
  } else if (state.kind != VectorIndexKind::flat) {
    auto rows = read_vector_rows(generation, state, true);
    if (!rows) return rows.error();
    if (show_progress) {
      fmt::print(stderr, "vector index ({}): inserting {} vectors (no progress until done)\n",
                 to_string(state.kind), state.rows);
    }
    auto index = make_faiss_index(state.kind, state.dimension, rows->vectors);
    if (auto saved = save_faiss(generation, *index); !saved.ok()) return saved;
    state.indexed_rows = state.rows;
  }
  return write_vector_state(generation, state);
}

// Writes a new generation holding `rows` (already embedded) and publishes it.
Status publish_generation(const fs::path& index_dir, VectorGenerationState state,
                          const VectorRows& rows) {
  IndexLocation location(index_dir, kVectorIndexName);
  auto generation = location.new_generation();
  if (!generation) return generation.error();
  state.rows = 0;
  state.dead_rows.clear();
  if (auto appended = append_vector_rows(*generation, state, rows); !appended.ok()) return appended;
  state.rows = static_cast<int64_t>(rows.doc_ids.size());
  if (auto indexed = index_generation(*generation, state, false, state.search_budget_ms);
      !indexed.ok())
    return indexed;
  return location.publish(*generation);
}

// The marker of a generation being embedded: which model, from which store change, and the
// change of the last paper whose row is on disk (where a stopped run resumes its scan) with the
// row count it goes with. state.json is written before the marker, so a run stopped between the
// two leaves more rows in the state than here: those are dropped and embedded again, not kept
// twice.
struct EmbeddingMarker {
  std::string model_id;
  size_t dimension = 0;
  int64_t store_seq = 0;
  int64_t resume_after_seq = 0;
  int64_t rows = 0;
};

Status write_marker(const fs::path& generation, const EmbeddingMarker& marker) {
  nlohmann::json doc = {{"model_id", marker.model_id},
                        {"dimension", marker.dimension},
                        {"store_seq", marker.store_seq},
                        {"resume_after_seq", marker.resume_after_seq},
                        {"rows", marker.rows}};
  const fs::path temporary = generation / (std::string(kEmbeddingMarker) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << doc.dump() << '\n';
    if (!out.flush()) return Error{fmt::format("{}: write failed", temporary.string())};
  }
  std::error_code ec;
  fs::rename(temporary, generation / kEmbeddingMarker, ec);
  if (ec)
    return Error{fmt::format("{}: {}", (generation / kEmbeddingMarker).string(), ec.message())};
  return {};
}

std::optional<EmbeddingMarker> read_marker(const fs::path& generation) {
  std::ifstream in(generation / kEmbeddingMarker);
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  try {
    return EmbeddingMarker{doc.at("model_id"), doc.at("dimension"), doc.at("store_seq"),
                           doc.at("resume_after_seq"), doc.at("rows")};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// A generation to embed into: the one a stopped run of the same model left, or a new one.
Result<fs::path> embedding_generation(const fs::path& index_dir, const Embedder& embedder,
                                      int64_t store_seq, EmbeddingMarker& marker,
                                      VectorGenerationState& state, bool show_progress) {
  IndexLocation location(index_dir, kVectorIndexName);
  if (auto stopped = location.unfinished_generation(kEmbeddingMarker)) {
    auto found = read_marker(*stopped);
    auto saved = read_vector_state(*stopped);
    if (found && saved && found->model_id == embedder.info().id &&
        found->dimension == embedder.info().dimension) {
      marker = *found;
      state = *saved;
      if (state.rows > marker.rows) {
        state.rows = marker.rows;
        if (auto s = write_vector_state(*stopped, state); !s.ok()) return s.error();
      }
      if (show_progress && state.rows > 0) {
        fmt::print(stderr, "embedding: resuming a stopped run, {} papers already embedded\n",
                   state.rows);
      }
      return *stopped;
    }
    std::error_code ec;
    fs::remove_all(*stopped, ec);  // another model's vectors: of no use
  }
  auto generation = location.new_generation();
  if (!generation) return generation.error();
  marker = {embedder.info().id, embedder.info().dimension, store_seq, 0};
  state = {};
  state.model_id = marker.model_id;
  state.dimension = marker.dimension;
  state.store_seq = store_seq;
  if (auto s = write_vector_state(*generation, state); !s.ok()) return s.error();
  if (auto s = write_marker(*generation, marker); !s.ok()) return s.error();
  return *generation;
}

// Embeds every listed paper into a new generation and publishes it. Rows reach the disk every
// few thousand papers, so a stopped run (kill -9, a crash, a reboot) resumes after the last of
// them instead of embedding from zero: with a transformer that is hours of work kept.
Result<VectorIndexUpdate> rebuild(Store& store, const fs::path& index_dir, const Embedder& embedder,
                                  const VectorIndexOptions& options) {
  auto seq = store.change_seq();
  if (!seq) return seq.error();
  EmbeddingMarker marker;
  VectorGenerationState state;
  auto generation =
      embedding_generation(index_dir, embedder, *seq, marker, state, options.show_progress);
  if (!generation) return generation.error();
  auto papers = store.paper_count();
  if (!papers) return papers.error();
  Progress progress(fmt::format("embedding papers ({})", embedder.info().description), *papers,
                    "papers");
  PendingRows pending(embedder, options.batch);
  VectorRows unsaved;
  int64_t unsaved_last_seq = 0;
  std::vector<int64_t> seq_of_pending;
  VectorIndexUpdate update;
  Status status;
  auto save = [&]() {
    if (unsaved.doc_ids.empty() || !status.ok()) return;
    status = append_vector_rows(*generation, state, unsaved);
    if (!status.ok()) return;
    state.rows += static_cast<int64_t>(unsaved.doc_ids.size());
    status = write_vector_state(*generation, state);
    marker.resume_after_seq = unsaved_last_seq;
    marker.rows = state.rows;
    if (status.ok()) status = write_marker(*generation, marker);
    unsaved = {};
  };
  auto flush = [&] {
    if (!status.ok()) return;
    auto taken = pending.take();
    if (!taken) {
      save();  // what was embedded before the failure is kept for the next run
      status = taken.error();
      return;
    }
    update.embedded += static_cast<int64_t>(taken->doc_ids.size());
    append_to(unsaved, std::move(*taken));
    unsaved_last_seq = seq_of_pending.back();
    seq_of_pending.clear();
    if (options.show_progress)
      progress.update(state.rows + static_cast<int64_t>(unsaved.doc_ids.size()), update.embedded);
    if (unsaved.doc_ids.size() >= options.rows_per_save) save();
  };
  // Newest change of each paper only: scan_changes visits each paper once, withdrawn ones too.
  auto scanned = store.scan_changes(marker.resume_after_seq, [&](const StoredPaper& stored) {
    if (stored.change_seq > marker.store_seq) return false;
    if (!stored.withdrawn.empty()) return true;
    pending.add(stored, text_digest(stored.paper.title, stored.paper.abstract));
    seq_of_pending.push_back(stored.change_seq);
    if (pending.full()) flush();
    return status.ok();
  });
  if (!scanned.ok()) return scanned.error();
  if (pending.size() > 0) flush();
  save();
  if (!status.ok()) return status.error();
  if (options.show_progress) progress.finish(update.embedded);

  state.kind = choose_kind(options, state.rows);
  if (auto indexed =
          index_generation(*generation, state, options.show_progress, options.search_budget_ms);
      !indexed.ok()) {
    return indexed.error();
  }
  std::error_code ec;
  fs::remove(*generation / kEmbeddingMarker, ec);
  if (auto published = IndexLocation(index_dir, kVectorIndexName).publish(*generation);
      !published.ok()) {
    return published.error();
  }
  update.rebuilt = true;
  update.store_seq = marker.store_seq;
  return update;
}

// Adds the rows after the index file's to it and saves it.
Status fold_tail_into_index(const fs::path& generation, VectorGenerationState& state) {
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::read_index((generation / "faiss.index").c_str()));
  } catch (const std::exception& e) {
    return Error{fmt::format("{}: {}", (generation / "faiss.index").string(), e.what())};
  }
  // A stop between saving the file and the state leaves the file ahead of indexed_rows.
  if (index->ntotal < state.indexed_rows || index->ntotal > state.rows) {
    return Error{fmt::format("{}: holds {} vectors, the state says {}",
                             (generation / "faiss.index").string(), index->ntotal,
                             state.indexed_rows)};
  }
  auto scanned = scan_vector_rows(
      generation, state, index->ntotal, 50'000, [&](int64_t, const VectorRows& rows) {
        index->add(static_cast<faiss::Index::idx_t>(rows.doc_ids.size()), rows.vectors.data());
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (auto saved = save_faiss(generation, *index); !saved.ok()) return saved;
  state.indexed_rows = state.rows;
  return {};
}

// Copies the live rows (no embedding) into a new generation, leaving dead rows behind.
Status compact(const fs::path& generation, const fs::path& index_dir,
               const VectorGenerationState& state) {
  auto rows = read_vector_rows(generation, state, true);
  if (!rows) return rows.error();
  std::unordered_set<int64_t> dead(state.dead_rows.begin(), state.dead_rows.end());
  VectorRows live;
  for (size_t r = 0; r < rows->doc_ids.size(); ++r) {
    if (dead.contains(static_cast<int64_t>(r))) continue;
    live.doc_ids.push_back(rows->doc_ids[r]);
    live.digests.push_back(rows->digests[r]);
    live.vectors.insert(
        live.vectors.end(),
        rows->vectors.begin() + static_cast<std::ptrdiff_t>(r * state.dimension),
        rows->vectors.begin() + static_cast<std::ptrdiff_t>((r + 1) * state.dimension));
  }
  return publish_generation(index_dir, state, live);
}

}  // namespace

Result<VectorIndexUpdate> rebuild_vector_index(Store& store, const fs::path& index_dir,
                                               const Embedder& embedder,
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

Result<VectorIndexUpdate> update_vector_index(Store& store, const fs::path& index_dir,
                                              const Embedder& embedder,
                                              const VectorIndexOptions& options) {
  auto live = IndexLocation(index_dir, kVectorIndexName).live();
  std::error_code ec;
  const fs::path generation = live ? fs::canonical(*live, ec) : fs::path();
  auto state = live ? read_vector_state(generation) : Result<VectorGenerationState>(Error{"none"});
  if (!live || !state || state->model_id != embedder.info().id ||
      state->dimension != embedder.info().dimension ||
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
  Status embedded;
  auto flush = [&] {
    if (!embedded.ok()) return;
    auto taken = pending.take();
    if (!taken) {
      embedded = taken.error();
      return;
    }
    append_to(added, std::move(*taken));
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
    if (found != row_of.end() && known->digests[static_cast<size_t>(found->second)] == digest)
      return true;
    kill(stored.doc_id);  // replaced by the row added below
    pending.add(stored, digest);
    if (pending.full()) flush();
    return embedded.ok();
  });
  if (!scanned.ok()) return scanned.error();
  if (pending.size() > 0) flush();
  if (!embedded.ok()) return embedded.error();
  update.embedded = static_cast<int64_t>(added.doc_ids.size());

  if (!added.doc_ids.empty()) {
    if (auto appended = append_vector_rows(generation, *state, added); !appended.ok())
      return appended.error();
  }
  state->rows += static_cast<int64_t>(added.doc_ids.size());
  // Rows past the index file are added by readers when they load it, so an update writes only
  // its rows. Once they are a tenth of the file's, they are folded into the file: a rewrite
  // amortised over many updates, not one per harvest page.
  const int64_t tail = state->rows - state->indexed_rows;
  if (state->kind != VectorIndexKind::flat && tail > 0 &&
      tail * 10 > std::max<int64_t>(state->indexed_rows, 10'000)) {
    auto folded = fold_tail_into_index(generation, *state);
    if (!folded.ok())
      return rebuild_vector_index(store, index_dir, embedder, options);  // a damaged file
  }
  state->store_seq = *seq;
  update.store_seq = *seq;
  // Many dead rows slow searches (they are skipped) and waste memory: copy the live ones out.
  if (state->dead_rows.size() > 1000 &&
      state->dead_rows.size() * 4 > static_cast<size_t>(state->rows)) {
    if (auto written = compact(generation, index_dir, *state); !written.ok())
      return written.error();
    update.rebuilt = true;
    return update;
  }
  if (auto written = write_vector_state(generation, *state); !written.ok()) return written.error();
  return update;
}

}  // namespace paperboy
