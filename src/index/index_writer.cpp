#include "index/index_writer.h"

#include <xapian.h>

#include "index/index_location.h"
#include "core/progress.h"

namespace paperboy {
namespace fs = std::filesystem;
namespace {

Result<IndexUpdate> catch_up(Store& store, const fs::path& generation, const IndexOptions& options,
                             const char* label) {
  try {
    Xapian::WritableDatabase db(generation.string(), Xapian::DB_CREATE_OR_OPEN);
    std::string layout = db.get_metadata(kLayoutKey);
    if (db.get_doccount() > 0 && layout != index_terms::kLayoutVersion) {
      return Error{"the index in " + generation.string() + " has layout '" + layout +
                   "', this paperboy writes '" + index_terms::kLayoutVersion +
                   "'; run 'paperboy index --rebuild'"};
    }
    db.set_metadata(kLayoutKey, index_terms::kLayoutVersion);
    std::string saved = db.get_metadata(kStoreSeqKey);
    IndexUpdate update;
    update.store_seq = saved.empty() ? 0 : std::stoll(saved);

    auto stats = store.stats();
    if (!stats.ok()) return stats.error();
    Progress progress(label, stats->change_seq - update.store_seq, "papers");
    Xapian::TermGenerator generator = make_term_generator();
    int64_t start_seq = update.store_seq;
    auto scanned = store.scan_changes(start_seq, [&](const StoredPaper& paper) {
      db.replace_document(static_cast<Xapian::docid>(paper.doc_id),
                          make_paper_document(paper, generator, options.document));
      update.store_seq = paper.change_seq;
      if (++update.documents_written % options.commit_every == 0) {
        db.set_metadata(kStoreSeqKey, std::to_string(update.store_seq));
        db.commit();
      }
      if (options.show_progress) progress.update(update.store_seq - start_seq, update.documents_written);
      return true;
    });
    if (!scanned.ok()) return Error{scanned.message()};
    db.set_metadata(kStoreSeqKey, std::to_string(update.store_seq));
    db.commit();
    if (options.show_progress && update.documents_written > 0) progress.finish(update.documents_written);
    return update;
  } catch (const Xapian::Error& e) {
    return Error{"indexing into " + generation.string() + " failed: " + e.get_description()};
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
    return catch_up(store, generation, options, "index");
  }
  return rebuild_lexical_index(store, index_dir, options);
}

Result<IndexUpdate> rebuild_lexical_index(Store& store, const fs::path& index_dir,
                                          const IndexOptions& options) {
  IndexLocation location(index_dir, kLexicalIndexName);
  auto generation = location.new_generation();
  if (!generation.ok()) return generation.error();
  // The first pass reads everything; the second picks up what changed during the first.
  auto built = catch_up(store, *generation, options, "index (rebuild)");
  if (built.ok()) {
    auto rest = catch_up(store, *generation, options, "index (catch up)");
    if (!rest.ok()) {
      built = rest.error();
    } else {
      built->documents_written += rest->documents_written;
      built->store_seq = rest->store_seq;
    }
  }
  Status published = built.ok() ? location.publish(*generation) : Status(built.error());
  if (!published.ok()) {
    std::error_code ec;
    fs::remove_all(*generation, ec);
    return Error{published.message()};
  }
  return built;
}

}  // namespace paperboy
