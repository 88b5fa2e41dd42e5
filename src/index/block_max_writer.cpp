// Writing a generation's block_max.bin (block_max_index.h); mapping and reading it is
// block_max_index.cpp, the layout both follow block_max_format.h.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "index/block_max_format.h"
#include "index/block_max_index.h"

namespace paperboy {
namespace fs = std::filesystem;
using namespace block_max_format;  // NOLINT(google-build-using-namespace): this file's own layout
namespace {

void put_varint(std::vector<uint8_t>& out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

// The first shard of a generation (its XAPIANDB stub lists them), or the generation itself.
fs::path first_shard(const fs::path& generation) {
  std::ifstream stub(generation / "XAPIANDB");
  std::string type, name;
  if (stub >> type >> name) return generation / name;
  return generation;
}

// Writes the file's sections in order, counting the bytes.
class Output {
 public:
  explicit Output(FILE* file) : file_(file) {}
  bool write(const void* data, size_t bytes) {
    offset_ += bytes;
    return bytes == 0 || std::fwrite(data, 1, bytes, file_) == bytes;
  }
  bool align(size_t to) {
    static constexpr std::array<uint8_t, 8> kZeros{};
    return write(kZeros.data(), (to - offset_ % to) % to);
  }
  uint64_t offset() const { return offset_; }

 private:
  FILE* file_;
  uint64_t offset_ = 0;
};

Status write_file(const Xapian::Database& db, uint64_t epoch, const fs::path& path) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr)
    return Error{fmt::format("cannot write {}: {}", path.string(), std::strerror(errno))};
  std::unique_ptr<FILE, int (*)(FILE*)> closer(file, std::fclose);
  std::vector<char> buffer(1 << 20);
  std::setvbuf(file, buffer.data(), _IOFBF, buffer.size());
  Output out(file);

  Header header{};
  header.magic = kMagic;
  header.epoch = epoch;
  header.max_doc = db.get_lastdocid();
  bool ok = out.write(&header, sizeof header);

  std::vector<uint32_t> lengths(static_cast<size_t>(header.max_doc) + 1, 0);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
    lengths[*it] = static_cast<uint32_t>(it.get_doclength());
  header.lengths_offset = out.offset();
  ok = ok && out.write(lengths.data(), lengths.size() * sizeof(uint32_t));

  std::vector<TermEntry> entries;
  std::string names;
  std::vector<BlockMaxIndex::Block> table;
  std::vector<uint8_t> postings;
  for (auto term = db.allterms_begin(); ok && term != db.allterms_end(); ++term) {
    const std::string name = *term;
    if (!is_block_max_term(name)) continue;
    table.clear();
    postings.clear();
    TermEntry entry{};
    entry.min_length = UINT32_MAX;
    uint32_t previous = 0, in_block = 0;
    BlockMaxIndex::Block block{0, 0, UINT32_MAX, 0};
    for (auto it = db.postlist_begin(name); it != db.postlist_end(name); ++it) {
      const uint32_t doc = *it;
      const auto wdf = static_cast<uint32_t>(it.get_wdf());
      put_varint(postings, doc - previous);
      put_varint(postings, wdf);
      previous = doc;
      block.last_doc = doc;
      block.max_wdf = std::max(block.max_wdf, wdf);
      block.min_length = std::min(block.min_length, lengths[doc]);
      if (++in_block == BlockMaxIndex::kBlockSize) {
        table.push_back(block);
        block = {0, 0, UINT32_MAX, static_cast<uint32_t>(postings.size())};
        in_block = 0;
      }
      ++entry.documents;
    }
    if (in_block > 0) table.push_back(block);
    if (entry.documents == 0) continue;
    for (const auto& b : table) {
      entry.max_wdf = std::max(entry.max_wdf, b.max_wdf);
      entry.min_length = std::min(entry.min_length, b.min_length);
    }
    ok = out.align(4);
    entry.table_offset = out.offset();
    entry.block_count = static_cast<uint32_t>(table.size());
    entry.name_offset = names.size();
    entry.name_length = static_cast<uint32_t>(name.size());
    names += name;
    entries.push_back(entry);
    ok = ok && out.write(table.data(), table.size() * sizeof(BlockMaxIndex::Block)) &&
         out.write(postings.data(), postings.size());
  }
  ok = ok && out.align(8);
  header.term_table_offset = out.offset();
  header.term_count = static_cast<uint32_t>(entries.size());
  ok = ok && out.write(entries.data(), entries.size() * sizeof(TermEntry));
  header.names_offset = out.offset();
  header.names_bytes = names.size();
  ok = ok && out.write(names.data(), names.size());
  header.file_bytes = out.offset();
  ok = ok && std::fflush(file) == 0 && std::fseek(file, 0, SEEK_SET) == 0 &&
       std::fwrite(&header, sizeof header, 1, file) == 1 && std::fflush(file) == 0 &&
       ::fsync(fileno(file)) == 0;
  if (!ok) return Error{fmt::format("cannot write {}: {}", path.string(), std::strerror(errno))};
  return Status::Ok();
}

// Deletion records (`paperboy.gone.<epoch>.<doc>`) are read only by readers of a file at that
// epoch or before. A reader of the file just replaced (epoch - 1) may still be open until it
// refreshes, so only the records of older epochs go: one pass per rewrite keeps them from
// accumulating with every withdrawn paper.
void forget_old_deletions(Xapian::WritableDatabase& shard, uint64_t epoch) {
  std::vector<std::string> old;
  const std::string prefix = kGoneKeyPrefix;
  for (auto key = shard.metadata_keys_begin(prefix); key != shard.metadata_keys_end(prefix);
       ++key) {
    const std::string name = *key;
    const size_t dot = name.find('.', prefix.size());
    if (dot == std::string::npos) continue;
    const uint64_t of = parse_epoch(name.substr(prefix.size(), dot - prefix.size()));
    if (of + 1 < epoch) old.push_back(name);
  }
  for (const auto& name : old) shard.set_metadata(name, "");  // empty removes the entry
}

}  // namespace

Status BlockMaxIndex::build(const fs::path& generation) {
  uint64_t epoch = 0;
  try {
    // The writer's lock: no update runs while the epoch moves, and every update after it tags
    // the papers it writes with the new epoch, which the snapshot below may or may not hold.
    Xapian::WritableDatabase shard(first_shard(generation).string(),
                                   Xapian::DB_OPEN | Xapian::DB_RETRY_LOCK);
    epoch = parse_epoch(shard.get_metadata(kBlockMaxEpochKey)) + 1;
    shard.set_metadata(kBlockMaxEpochKey, std::to_string(epoch));
    forget_old_deletions(shard, epoch);
    shard.commit();
    shard.close();
    Xapian::Database db(readable(generation));
    fs::path staging = generation / (std::string(kBlockMaxFileName) + ".new");
    if (auto written = write_file(db, epoch, staging); !written.ok()) {
      std::error_code ec;
      fs::remove(staging, ec);
      return written;
    }
    std::error_code ec;
    fs::rename(staging, generation / kBlockMaxFileName, ec);
    if (ec) return Error{fmt::format("cannot write {}: {}", generation.string(), ec.message())};
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Error{
        fmt::format("block-max index of {}: {}", generation.string(), e.get_description())};
  }
}

}  // namespace paperboy
