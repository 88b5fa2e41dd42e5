#include "index/index_writer.h"

#include <fmt/format.h>
#include <xapian.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/progress.h"
#include "index/acronym_synonyms.h"
#include "index/block_max_index.h"
#include "index/bulk_lexical_build.h"
#include "index/index_location.h"
#include "index/per_shard.h"

namespace paperboy {
namespace fs = std::filesystem;
namespace {

// The shards of a generation: listed in its XAPIANDB stub (created with `shards` entries when
// the generation is new), or the generation itself for a single-database index.
Result<std::vector<fs::path>> shard_paths(const fs::path& generation, size_t shards) {
  fs::path stub = generation / "XAPIANDB";
  std::error_code ec;
  bool is_new = !fs::exists(stub, ec) && !fs::exists(generation / "iamglass", ec);
  if (is_new) {
    std::ofstream out(stub);
    for (size_t i = 0; i < shards; ++i) out << "auto shard-" << i << "\n";
    if (!out) return Error{"cannot write " + stub.string()};
  }
  if (!fs::exists(stub, ec)) return std::vector<fs::path>{generation};
  std::vector<fs::path> paths;
  std::ifstream in(stub);
  for (std::string type, name; in >> type >> name;) paths.push_back(generation / name);
  if (paths.empty()) return Error{stub.string() + " lists no shards"};
  return paths;
}

// Writes one chunk of changes into every shard at once, a thread per shard, each ending with
// a commit that records `seq`: after it, every change up to `seq` is in that shard. With a
// block-max file (`block_max_epoch` not empty) each paper written is tagged as changed since it,
// and each deleted one recorded in shard 0, so searches take them from Xapian instead.
Status write_chunk(std::vector<Xapian::WritableDatabase>& shards,
                   const std::vector<StoredPaper>& chunk, int64_t seq,
                   const DocumentOptions& document, const std::string& block_max_epoch) {
  const size_t n = shards.size();
  return on_every_shard(n, [&](size_t s) -> std::string {
    try {
      Xapian::TermGenerator generator = make_indexing_generator(shards[s]);
      for (const StoredPaper& paper : chunk) {
        if (s == 0 && !paper.withdrawn.empty() && !block_max_epoch.empty()) {
          shards[0].set_metadata(
              fmt::format("{}{}.{}", kGoneKeyPrefix, block_max_epoch, paper.doc_id), "1");
        }
        if (shard_of(paper.doc_id, n) != s) continue;
        Xapian::docid local = local_document(paper.doc_id, n);
        if (!paper.withdrawn.empty()) {
          try {
            shards[s].delete_document(local);
          } catch (const Xapian::DocNotFoundError&) {
            // withdrawn before this generation ever held it
          }
          continue;
        }
        Xapian::Document doc = make_paper_document(paper, generator, document);
        if (!block_max_epoch.empty()) doc.add_boolean_term(kStaleTermPrefix + block_max_epoch);
        shards[s].replace_document(local, doc);
      }
      shards[s].set_metadata(kStoreSeqKey, std::to_string(seq));
      shards[s].commit();
      return "";
    } catch (const Xapian::Error& e) {
      return e.get_description();
    }
  });
}

// The layout a generation's first shard was written with; "" when it holds no documents.
std::string layout_of(const fs::path& generation) {
  try {
    Xapian::Database db((generation / "XAPIANDB").string());
    return db.get_doccount() > 0 ? db.get_metadata(kLayoutKey) : std::string();
  } catch (const Xapian::Error&) {
    return {};  // catch_up names what is wrong
  }
}

Result<IndexUpdate> catch_up(Store& store, const fs::path& generation, const IndexOptions& options,
                             const char* label) {
  auto paths = shard_paths(generation, std::max<size_t>(1, options.shards));
  if (!paths.ok()) return paths.error();
  try {
    std::vector<Xapian::WritableDatabase> shards;
    IndexUpdate update;
    update.store_seq = INT64_MAX;
    for (const auto& path : *paths) {
      Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
      std::string layout = db.get_metadata(kLayoutKey);
      if (db.get_doccount() > 0 && layout != index_terms::kLayoutVersion) {
        return Error{"the index in " + path.string() + " has layout '" + layout +
                     "', this paperboy writes '" + index_terms::kLayoutVersion +
                     "'; run 'paperboy index --rebuild'"};
      }
      db.set_metadata(kLayoutKey, index_terms::kLayoutVersion);
      // A crash between two shards' commits leaves them at different changes: resume from the
      // oldest; replacing a document already there is harmless.
      std::string saved = db.get_metadata(kStoreSeqKey);
      update.store_seq = std::min<int64_t>(update.store_seq, saved.empty() ? 0 : std::stoll(saved));
      shards.push_back(std::move(db));
    }

    auto newest = store.change_seq();
    if (!newest.ok()) return newest.error();
    Progress progress(label, *newest - update.store_seq, "papers");
    int64_t start_seq = update.store_seq;
    size_t chunk_size =
        static_cast<size_t>(std::max<int64_t>(1, options.commit_every)) * shards.size();
    std::vector<StoredPaper> chunk;
    Status written;
    AcronymCounts acronyms = AcronymCounts::parse(shards[0].get_metadata(kAcronymCountsKey));
    // Read once: a block-max build moves the epoch only while no writer holds the shards.
    const std::string block_max_epoch = shards[0].get_metadata(kBlockMaxEpochKey);
    auto flush = [&]() {
      if (chunk.empty() || !written.ok()) return;
      for (const auto& paper : chunk) {
        if (paper.withdrawn.empty())
          acronyms.add_text(paper.paper.title + ". " + paper.paper.abstract);
      }
      written =
          write_chunk(shards, chunk, chunk.back().change_seq, options.document, block_max_epoch);
      update.store_seq = chunk.back().change_seq;
      update.documents_written += static_cast<int64_t>(chunk.size());
      chunk.clear();
      if (options.show_progress)
        progress.update(update.store_seq - start_seq, update.documents_written);
      if (options.on_progress)
        options.on_progress(update.store_seq - start_seq, *newest - start_seq);
    };
    auto scanned = store.scan_changes(start_seq, [&](const StoredPaper& paper) {
      chunk.push_back(paper);
      if (chunk.size() >= chunk_size) flush();
      return written.ok();
    });
    if (!scanned.ok()) return scanned.error();
    flush();
    if (!written.ok())
      return Error{"indexing into " + generation.string() + " failed: " + written.message()};
    if (update.documents_written == 0) {
      for (auto& db : shards) db.commit();  // records the layout of a new, empty index
    } else {
      store_acronym_synonyms(shards[0], acronyms);
      shards[0].commit();
    }
    if (options.show_progress && update.documents_written > 0)
      progress.finish(update.documents_written);
    return update;
  } catch (const Xapian::Error& e) {
    return Error{"indexing into " + generation.string() + " failed: " + e.get_description()};
  }
}

// Writes the generation's block-max file when it has none or too many of its papers changed
// since the last one. A failure costs speed, not answers: Xapian ranks everything meanwhile.
void refresh_block_max(const fs::path& generation, const IndexOptions& options) {
  if (!BlockMaxIndex::wanted(generation)) return;
  const auto start = std::chrono::steady_clock::now();
  if (options.show_progress) std::fprintf(stderr, "block-max postings: writing\n");
  Status built = BlockMaxIndex::build(generation);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (!built.ok()) {
    std::fprintf(stderr, "block-max postings not written (Xapian ranks every search): %s\n",
                 built.message().c_str());
  } else if (options.show_progress) {
    std::fprintf(stderr, "block-max postings: written in %.1f s\n", took.count());
  }
}

}  // namespace

Result<IndexUpdate> update_lexical_index(Store& store, const fs::path& index_dir,
                                         const IndexOptions& options) {
  IndexLocation location(index_dir, kLexicalIndexName);
  if (auto live = location.live()) {
    std::error_code ec;
    fs::path generation = fs::canonical(*live, ec);
    if (ec) return Error{"cannot resolve " + live->string() + ": " + ec.message()};
    // An index another paperboy laid out lacks terms this one searches (has:code, org:): it is
    // rebuilt beside the live one, which serves until the new one is swapped in.
    if (std::string layout = layout_of(generation);
        !layout.empty() && layout != index_terms::kLayoutVersion) {
      std::fprintf(stderr, "index: layout %s is older than this paperboy's %s; rebuilding it\n",
                   layout.c_str(), index_terms::kLayoutVersion);
      return rebuild_lexical_index(store, index_dir, options);
    }
    auto update = catch_up(store, generation, options, "index");
    if (update.ok()) refresh_block_max(generation, options);
    return update;
  }
  return rebuild_lexical_index(store, index_dir, options);
}

Result<IndexUpdate> rebuild_lexical_index(Store& store, const fs::path& index_dir,
                                          const IndexOptions& options) {
  IndexLocation location(index_dir, kLexicalIndexName);
  // A build stopped part-way (kill -9, a crash) left its generation behind: carry on with it.
  std::optional<fs::path> generation = location.unfinished_generation(kBulkBuildDir);
  if (!generation) {
    auto created = location.new_generation();
    if (!created.ok()) return created.error();
    generation = *created;
  }
  // The bulk pass reads everything up to the store's change at its start; the catch-up passes
  // pick up what changed during it.
  auto built = bulk_build_lexical(store, *generation, options);
  if (built.ok()) {
    auto rest = catch_up(store, *generation, options, "index (catch up)");
    if (!rest.ok()) {
      built = rest.error();
    } else {
      built->documents_written += rest->documents_written;
      built->store_seq = rest->store_seq;
    }
  }
  if (built.ok()) refresh_block_max(*generation, options);
  Status published = built.ok() ? location.publish(*generation) : Status(built.error());
  if (published.ok()) return built;
  std::error_code ec;
  if (fs::exists(*generation / kBulkBuildDir, ec)) {
    // The bulk pass did not finish: its finished parts are kept, as after a kill -9, so the
    // next run carries on from them (at 2.9 M papers they are over half an hour of work).
    return Error{fmt::format("{} (the build's finished parts are kept in {}; `paperboy index` "
                             "carries on from them)",
                             published.message(), generation->string()),
                 published.error().code, true};
  }
  fs::remove_all(*generation, ec);  // finished but not published: nothing to carry on from
  return published.error();
}

}  // namespace paperboy
