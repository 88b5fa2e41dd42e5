#include "index/bulk_lexical_build.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include <fstream>
#include <future>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "core/progress.h"
#include "index/acronym_synonyms.h"
#include "index/acronyms.h"
#include "index/paper_document.h"
#include "index/per_shard.h"

namespace paperboy {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `text` so that a reader finds the whole file or none. The parts are written without
// fsync, so before a record vouches for them the file system is synced: a record on disk means
// its part is on disk too, even after a power cut.
Status write_record(const fs::path& path, const std::string& text) {
  fs::path staging = path;
  staging += ".new";
  {
    std::ofstream out(staging, std::ios::trunc);
    out << text;
    if (!out.flush()) return Error{"cannot write " + staging.string()};
  }
  if (int fd = ::open(staging.c_str(), O_RDONLY); fd >= 0) {
    ::syncfs(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(staging, path, ec);
  if (ec) return Error{fmt::format("cannot write {}: {}", path.string(), ec.message())};
  return Status::Ok();
}

// What the parts written so far cover: the last store number, the papers, the acronym counts.
struct Coverage {
  int64_t last_doc_id = 0;
  int64_t papers = 0;
  AcronymCounts acronyms;

  std::string serialise() const {
    return fmt::format("{} {}\n", last_doc_id, papers) + acronyms.serialise();
  }
  static std::optional<Coverage> parse(const std::string& text) {
    Coverage coverage;
    std::istringstream in(text);
    std::string first;
    if (!std::getline(in, first) ||
        std::sscanf(first.c_str(), "%ld %ld", &coverage.last_doc_id, &coverage.papers) != 2) {
      return std::nullopt;
    }
    coverage.acronyms = AcronymCounts::parse(std::string_view(text).substr(first.size() + 1));
    return coverage;
  }
};

fs::path part_record(const fs::path& bulk, int part) {
  return bulk / fmt::format("part-{:04}.done", part);
}
fs::path shard_parts(const fs::path& bulk, size_t shard) {
  return bulk / fmt::format("shard-{}", shard);
}
fs::path part_path(const fs::path& bulk, size_t shard, int part) {
  return shard_parts(bulk, shard) / fmt::format("part-{:04}", part);
}

// The generation's shards as its XAPIANDB stub lists them, writing the stub for a new one.
Result<size_t> shard_count(const fs::path& generation, size_t wanted) {
  fs::path stub = generation / "XAPIANDB";
  if (auto text = read_text(stub)) {
    std::istringstream in(*text);
    size_t count = 0;
    for (std::string type, name; in >> type >> name;) ++count;
    if (count == 0) return Error{stub.string() + " lists no shards"};
    return count;
  }
  std::string lines;
  for (size_t s = 0; s < wanted; ++s) lines += fmt::format("auto shard-{}\n", s);
  if (auto s = write_record(stub, lines); !s.ok()) return s.error();
  return wanted;
}

// The open part of every shard. Chunks of papers (in store-number order) are written into
// them a thread per shard, each building its own documents.
class PartWriter {
 public:
  PartWriter(fs::path bulk, size_t shards, const IndexOptions& options)
      : bulk_(std::move(bulk)), shards_(shards), options_(options) {}

  void open(int part) {
    databases_.clear();
    for (size_t s = 0; s < shards_; ++s) {
      fs::create_directories(shard_parts(bulk_, s));
      databases_.emplace_back(part_path(bulk_, s, part).string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                                      Xapian::DB_NO_SYNC |
                                                                      Xapian::DB_BACKEND_GLASS);
    }
  }

  void close() {
    for (auto& db : databases_) db.close();
    databases_.clear();
  }

  Status write(const std::vector<StoredPaper>& chunk) {
    return on_every_shard(shards_, [&](size_t s) -> std::string {
      try {
        Xapian::TermGenerator generator = make_indexing_generator(databases_[s]);
        for (const StoredPaper& paper : chunk) {
          if (shard_of(paper.doc_id, shards_) != s) continue;
          databases_[s].replace_document(local_document(paper.doc_id, shards_),
                                         make_paper_document(paper, generator, options_.document));
        }
        databases_[s].commit();
        return "";
      } catch (const Xapian::Error& e) {
        return e.get_description();
      }
    });
  }

 private:
  fs::path bulk_;
  size_t shards_;
  const IndexOptions& options_;
  std::vector<Xapian::WritableDatabase> databases_;
};

// Reads the store from just after `coverage` and writes parts from `first_part` on; returns
// what all the parts together cover.
Result<Coverage> write_parts(Store& store, const fs::path& bulk, size_t shards, int first_part,
                             Coverage coverage, const IndexOptions& options) {
  const int64_t part_papers = std::max<int64_t>(1, options.bulk_part_papers);
  auto papers = store.paper_count();
  const int64_t total = papers.ok() ? *papers : 0;
  Progress progress("index (bulk)", total, "papers");
  PartWriter writer(bulk, shards, options);
  int part = first_part;
  int64_t in_part = 0;
  writer.open(part);

  const size_t chunk_size =
      static_cast<size_t>(std::max<int64_t>(1, options.commit_every)) * shards;
  std::vector<StoredPaper> chunk, writing;
  std::future<Status> pending;  // the chunk being written while the next one is read
  Status status;
  auto wait_for_writer = [&]() {
    if (pending.valid()) {
      Status done = pending.get();
      if (status.ok()) status = done;
    }
  };
  auto submit = [&]() {
    wait_for_writer();
    if (!status.ok() || chunk.empty()) return;
    writing.swap(chunk);
    chunk.clear();
    pending = std::async(std::launch::async, [&]() -> Status {
      std::thread count_acronyms([&] {
        for (const auto& paper : writing)
          coverage.acronyms.add_text(paper.paper.title + ". " + paper.paper.abstract);
      });
      Status written = writer.write(writing);
      count_acronyms.join();
      if (!written.ok()) return written;
      coverage.last_doc_id = writing.back().doc_id;
      coverage.papers += static_cast<int64_t>(writing.size());
      in_part += static_cast<int64_t>(writing.size());
      if (options.show_progress) progress.update(coverage.papers, coverage.papers);
      if (options.on_progress) options.on_progress(coverage.papers, total);
      if (in_part >= part_papers) {
        writer.close();
        if (auto s = write_record(part_record(bulk, part), coverage.serialise()); !s.ok()) return s;
        writer.open(++part);
        in_part = 0;
      }
      return Status::Ok();
    });
  };
  try {
    auto scanned = store.scan_by_doc_id(coverage.last_doc_id, [&](const StoredPaper& paper) {
      chunk.push_back(paper);
      if (chunk.size() >= chunk_size) submit();
      return status.ok();
    });
    submit();
    wait_for_writer();
    if (!scanned.ok()) return scanned.error();
    if (!status.ok()) return status.error();
    writer.close();
    if (in_part > 0) {
      if (auto s = write_record(part_record(bulk, part), coverage.serialise()); !s.ok())
        return s.error();
    } else {
      for (size_t s = 0; s < shards; ++s) fs::remove_all(part_path(bulk, s, part));
    }
  } catch (const Xapian::Error& e) {
    wait_for_writer();
    return Error{e.get_description()};
  }
  if (options.show_progress && coverage.papers > 0) progress.finish(coverage.papers);
  return coverage;
}

uint64_t bytes_under(const fs::path& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) bytes += it->file_size(ec);
  }
  return bytes;
}

// Merges each shard's parts into `<generation>/shard-N`, a thread per shard. A shard whose
// parts are gone was compacted before a stop and is left as it is.
Status compact_shards(const fs::path& generation, const fs::path& bulk, size_t shards, int parts) {
  Status compacted = on_every_shard(shards, [&](size_t s) -> std::string {
    const fs::path out = generation / fmt::format("shard-{}", s);
    fs::path staging = out;
    staging += ".compacting";
    std::error_code ec;
    if (!fs::exists(shard_parts(bulk, s), ec) && fs::exists(out, ec)) return "";
    try {
      fs::remove_all(staging);
      fs::remove_all(out);
      Xapian::Database merged;
      int added = 0;
      for (int part = 0; part < parts; ++part) {
        if (!fs::exists(part_path(bulk, s, part))) continue;
        merged.add_database(Xapian::Database(part_path(bulk, s, part).string()));
        ++added;
      }
      if (added == 0) {
        Xapian::WritableDatabase(out.string(),
                                 Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS)
            .commit();
      } else {
        // Parts hold ascending, disjoint ranges of document numbers, so they keep them.
        merged.compact(staging.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
        fs::rename(staging, out);
      }
      fs::remove_all(shard_parts(bulk, s));
      return "";
    } catch (const Xapian::Error& e) {
      return e.get_description();
    } catch (const fs::filesystem_error& e) {
      return e.what();
    }
  });
  if (!compacted.ok()) return Error{"compacting the index: " + compacted.message()};
  return Status::Ok();
}

}  // namespace

Status check_room_to_merge(uint64_t parts_bytes, uint64_t free_bytes, const fs::path& where) {
  if (free_bytes >= parts_bytes) return Status::Ok();
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  return Error{fmt::format("merging the index's parts needs about {:.1f} GiB free in {}, and "
                           "{:.1f} GiB are free: free some space (the parts are kept) and run "
                           "`paperboy index` again",
                           static_cast<double>(parts_bytes) / kGiB, where.string(),
                           static_cast<double>(free_bytes) / kGiB),
               ErrorCode::kUnavailable};
}

Result<IndexUpdate> bulk_build_lexical(Store& store, const fs::path& generation,
                                       const IndexOptions& options) {
  const fs::path bulk = generation / kBulkBuildDir;
  std::error_code ec;
  fs::create_directories(bulk, ec);
  if (ec) return Error{fmt::format("cannot create {}: {}", bulk.string(), ec.message())};
  auto shards = shard_count(generation, std::max<size_t>(1, options.shards));
  if (!shards.ok()) return shards.error();

  // The store change the build starts from: whatever changes after it, catch-up applies.
  int64_t start_seq = 0;
  if (auto text = read_text(bulk / "start_seq")) {
    start_seq = std::stoll(*text);
  } else {
    auto seq = store.change_seq();
    if (!seq.ok()) return seq.error();
    start_seq = *seq;
    if (auto s = write_record(bulk / "start_seq", std::to_string(start_seq)); !s.ok())
      return s.error();
  }

  // Finished parts are kept; a part that was being written when the build stopped is not.
  int parts = 0;
  Coverage coverage;
  while (auto text = read_text(part_record(bulk, parts))) {
    auto parsed = Coverage::parse(*text);
    if (!parsed)
      return Error{part_record(bulk, parts).string() + " is damaged; remove " +
                   generation.string()};
    coverage = std::move(*parsed);
    ++parts;
  }
  auto scanned_text = read_text(bulk / "scanned");
  if (!scanned_text) {
    for (size_t s = 0; s < *shards; ++s) {
      for (int part = parts; fs::exists(part_path(bulk, s, part), ec); ++part)
        fs::remove_all(part_path(bulk, s, part), ec);
    }
    if (parts > 0 && options.show_progress) {
      fmt::print(
          stderr,
          "index: resuming a stopped build after {} papers (up to number {}), {} part(s) kept\n",
          coverage.papers, coverage.last_doc_id, parts);
    }
    auto written = write_parts(store, bulk, *shards, parts, std::move(coverage), options);
    if (!written.ok())
      return Error{"indexing into " + generation.string() + " failed: " + written.error().message};
    coverage = std::move(*written);
    while (fs::exists(part_record(bulk, parts), ec)) ++parts;
    if (auto s = write_record(bulk / "scanned", coverage.serialise()); !s.ok()) return s.error();
  } else {
    auto parsed = Coverage::parse(*scanned_text);
    if (!parsed)
      return Error{(bulk / "scanned").string() + " is damaged; remove " + generation.string()};
    coverage = std::move(*parsed);
  }

  // A merge that runs out of space fails after its longest step; say so before it starts.
  if (auto space = fs::space(generation, ec); !ec) {
    if (auto s = check_room_to_merge(bytes_under(bulk), space.available, generation); !s.ok())
      return s.error();
  }
  if (auto s = compact_shards(generation, bulk, *shards, parts); !s.ok()) return s.error();
  try {
    for (size_t s = 0; s < *shards; ++s) {
      Xapian::WritableDatabase db((generation / fmt::format("shard-{}", s)).string(),
                                  Xapian::DB_OPEN);
      db.set_metadata(kLayoutKey, index_terms::kLayoutVersion);
      db.set_metadata(kStoreSeqKey, std::to_string(start_seq));
      if (s == 0) store_acronym_synonyms(db, coverage.acronyms);
      db.commit();
    }
  } catch (const Xapian::Error& e) {
    return Error{"finishing the index in " + generation.string() + ": " + e.get_description()};
  }
  fs::remove_all(bulk, ec);
  return IndexUpdate{coverage.papers, start_seq};
}

}  // namespace paperboy
