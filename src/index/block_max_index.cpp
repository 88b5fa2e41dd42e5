#include "index/block_max_index.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <unordered_map>

namespace paperboy {
namespace fs = std::filesystem;
namespace {

constexpr std::array<char, 8> kMagic = {'P', 'B', 'B', 'L', 'K', 'M', 'X', '1'};

struct Header {
  std::array<char, 8> magic;
  uint64_t epoch;
  uint32_t max_doc;
  uint32_t term_count;
  uint64_t lengths_offset;
  uint64_t term_table_offset;
  uint64_t names_offset;
  uint64_t names_bytes;
  uint64_t file_bytes;
};
static_assert(sizeof(Header) == 64);

struct TermEntry {
  uint64_t name_offset;
  uint64_t table_offset;
  uint32_t name_length;
  uint32_t block_count;
  uint32_t documents;
  uint32_t max_wdf;
  uint32_t min_length;
  uint32_t unused;
};
static_assert(sizeof(TermEntry) == 40);
static_assert(sizeof(BlockMaxIndex::Block) == 16);

void put_varint(std::vector<uint8_t>& out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

// At most five bytes and never at or past `end`: a damaged block reads as ending early.
bool get_varint(const uint8_t*& p, const uint8_t* end, uint32_t& value) {
  value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (p >= end) return false;
    const uint8_t byte = *p++;
    value |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return true;
}

// The first shard of a generation (its XAPIANDB stub lists them), or the generation itself.
fs::path first_shard(const fs::path& generation) {
  std::ifstream stub(generation / "XAPIANDB");
  std::string type, name;
  if (stub >> type >> name) return generation / name;
  return generation;
}

// What Xapian opens to read the whole generation: its stub, or the one database.
std::string readable(const fs::path& generation) {
  std::error_code ec;
  return (fs::exists(generation / "XAPIANDB", ec) ? generation / "XAPIANDB" : generation).string();
}

// Whether [offset, offset + size) lies within [0, limit), without overflowing.
bool within(uint64_t offset, uint64_t size, uint64_t limit) {
  return offset <= limit && size <= limit - offset;
}

uint64_t parse_epoch(const std::string& text) {
  return text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
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

uint64_t identity(const struct stat& info) {
  return static_cast<uint64_t>(info.st_ino) * 1'000'003 ^
         static_cast<uint64_t>(info.st_mtim.tv_sec) * 1'000'000'000 ^
         static_cast<uint64_t>(info.st_mtim.tv_nsec) ^ static_cast<uint64_t>(info.st_size);
}

}  // namespace

uint64_t BlockMaxIndex::current_file(const fs::path& generation) {
  struct stat info {};
  if (::stat((generation / kBlockMaxFileName).c_str(), &info) != 0) return 0;
  return identity(info);
}

bool is_block_max_term(std::string_view term) {
  if (term.empty()) return false;
  if (term[0] < 'A' || term[0] > 'Z') return true;  // a word as written
  if (term.starts_with("XN")) return true;          // a name key
  return term[0] == 'Z' || term[0] == 'S' || term[0] == 'A';
}

Status BlockMaxIndex::build(const fs::path& generation) {
  uint64_t epoch = 0;
  try {
    // The writer's lock: no update runs while the epoch moves, and every update after it tags
    // the papers it writes with the new epoch, which the snapshot below may or may not hold.
    Xapian::WritableDatabase shard(first_shard(generation).string(),
                                   Xapian::DB_OPEN | Xapian::DB_RETRY_LOCK);
    epoch = parse_epoch(shard.get_metadata(kBlockMaxEpochKey)) + 1;
    shard.set_metadata(kBlockMaxEpochKey, std::to_string(epoch));
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

std::vector<uint32_t> stale_documents(const Xapian::Database& db, uint64_t epoch) {
  std::vector<uint32_t> docs;
  const uint64_t newest = std::max(epoch, parse_epoch(db.get_metadata(kBlockMaxEpochKey)));
  for (uint64_t e = epoch; e <= newest; ++e) {
    const std::string tag = kStaleTermPrefix + std::to_string(e);
    for (auto it = db.postlist_begin(tag); it != db.postlist_end(tag); ++it) docs.push_back(*it);
    const std::string gone = kGoneKeyPrefix + std::to_string(e) + ".";
    for (auto key = db.metadata_keys_begin(gone); key != db.metadata_keys_end(gone); ++key)
      docs.push_back(
          static_cast<uint32_t>(std::strtoul((*key).c_str() + gone.size(), nullptr, 10)));
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  return docs;
}

bool BlockMaxIndex::wanted(const fs::path& generation, double stale_share) {
  try {
    auto index = open(generation);
    Xapian::Database db(readable(generation));
    if (!index.ok() || *index == nullptr) return db.get_doccount() > 0;
    const auto stale = stale_documents(db, (*index)->epoch()).size();
    return static_cast<double>(stale) > stale_share * static_cast<double>(db.get_doccount());
  } catch (const Xapian::Error&) {
    return false;  // no readable generation: nothing to build from
  }
}

Result<std::shared_ptr<const BlockMaxIndex>> BlockMaxIndex::open(const fs::path& generation) {
  // Every reader of a process (one per worker) shares one mapping of a file, checked once.
  static std::mutex mutex;
  static std::unordered_map<std::string, std::weak_ptr<const BlockMaxIndex>> opened;
  const std::string key = generation.string();
  const uint64_t current = current_file(generation);
  // Held while mapping too: readers that start together must not each map and check the file.
  std::lock_guard lock(mutex);
  auto found = opened.find(key);
  if (found != opened.end()) {
    if (auto shared = found->second.lock(); shared && shared->file_id() == current) return shared;
  }
  auto fresh = map_file(generation);
  if (fresh.ok() && *fresh) opened[key] = *fresh;
  return fresh;
}

Result<std::shared_ptr<const BlockMaxIndex>> BlockMaxIndex::map_file(const fs::path& generation) {
  const fs::path path = generation / kBlockMaxFileName;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::shared_ptr<const BlockMaxIndex>();
    return Error{fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno))};
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || static_cast<size_t>(info.st_size) < sizeof(Header)) {
    ::close(fd);
    return Error{fmt::format("{}: too short to be a block-max index", path.string())};
  }
  const auto bytes = static_cast<size_t>(info.st_size);
  void* mapped = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED)
    return Error{fmt::format("{}: cannot map: {}", path.string(), std::strerror(errno))};
  std::shared_ptr<BlockMaxIndex> index(new BlockMaxIndex());
  index->base_ = static_cast<const uint8_t*>(mapped);
  index->bytes_ = bytes;
  index->file_id_ = identity(info);
  Header header{};
  std::memcpy(&header, mapped, sizeof header);
  if (header.magic != kMagic || header.file_bytes != bytes ||
      !within(header.lengths_offset, (uint64_t{header.max_doc} + 1) * sizeof(uint32_t), bytes) ||
      header.lengths_offset % 4 != 0 || header.term_table_offset % 8 != 0 ||
      !within(header.term_table_offset, uint64_t{header.term_count} * sizeof(TermEntry), bytes) ||
      !within(header.names_offset, header.names_bytes, bytes)) {
    return Error{fmt::format("{}: damaged (rebuild with `paperboy index`)", path.string())};
  }
  index->epoch_ = header.epoch;
  index->max_doc_ = header.max_doc;
  index->term_count_ = header.term_count;
  index->lengths_ = reinterpret_cast<const uint32_t*>(index->base_ + header.lengths_offset);
  index->term_table_ = index->base_ + header.term_table_offset;
  index->names_ = reinterpret_cast<const char*>(index->base_ + header.names_offset);
  index->names_bytes_ = header.names_bytes;
  index->postings_end_ = header.term_table_offset;
  if (!index->consistent(header.term_table_offset))
    return Error{fmt::format("{}: damaged (rebuild with `paperboy index`)", path.string())};
  return std::shared_ptr<const BlockMaxIndex>(std::move(index));
}

bool BlockMaxIndex::consistent(uint64_t postings_end) const {
  const auto* entries = reinterpret_cast<const TermEntry*>(term_table_);
  uint64_t previous_end = 0;
  std::string_view previous_name;
  for (uint32_t t = 0; t < term_count_; ++t) {
    const TermEntry& e = entries[t];
    if (!within(e.name_offset, e.name_length, names_bytes_) ||
        !within(e.table_offset, uint64_t{e.block_count} * sizeof(Block), postings_end))
      return false;
    const uint64_t table_end = e.table_offset + uint64_t{e.block_count} * sizeof(Block);
    if (e.table_offset % 4 != 0 || e.table_offset < previous_end || e.block_count == 0 ||
        e.documents > uint64_t{e.block_count} * kBlockSize ||
        e.documents <= uint64_t{e.block_count - 1} * kBlockSize)
      return false;
    const std::string_view name(names_ + e.name_offset, e.name_length);
    if (t > 0 && !(previous_name < name)) return false;  // find() searches them in order
    previous_name = name;
    const uint64_t next = t + 1 < term_count_ ? entries[t + 1].table_offset : postings_end;
    if (next < table_end || next > postings_end) return false;
    const auto* blocks = reinterpret_cast<const Block*>(base_ + e.table_offset);
    for (uint32_t b = 0; b < e.block_count; ++b) {
      if (blocks[b].last_doc > max_doc_ ||
          (b > 0 && blocks[b].last_doc <= blocks[b - 1].last_doc) ||
          table_end + blocks[b].offset >= next)
        return false;
    }
    previous_end = next;
  }
  return true;
}

BlockMaxIndex::~BlockMaxIndex() {
  if (base_ != nullptr) ::munmap(const_cast<uint8_t*>(base_), bytes_);
}

std::string_view BlockMaxIndex::term_name(uint32_t i) const {
  const auto* e = reinterpret_cast<const TermEntry*>(term_table_) + i;
  return {names_ + e->name_offset, e->name_length};
}

BlockMaxIndex::Term BlockMaxIndex::term(uint32_t i) const {
  const auto* e = reinterpret_cast<const TermEntry*>(term_table_) + i;
  Term out;
  out.blocks = reinterpret_cast<const Block*>(base_ + e->table_offset);
  out.block_count = e->block_count;
  out.documents = e->documents;
  out.max_wdf = e->max_wdf;
  out.min_length = e->min_length;
  out.postings = base_ + e->table_offset + e->block_count * sizeof(Block);
  out.postings_end = base_ + (i + 1 < term_count_ ? e[1].table_offset : postings_end_);
  return out;
}

std::optional<BlockMaxIndex::Term> BlockMaxIndex::find(std::string_view name) const {
  uint32_t low = 0, high = term_count_;
  while (low < high) {
    const uint32_t mid = low + (high - low) / 2;
    if (term_name(mid) < name) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  if (low == term_count_ || term_name(low) != name) return std::nullopt;
  return term(low);
}

void PostingCursor::load(uint32_t block) {
  block_ = block;
  probe_ = std::max(probe_, block);
  at_ = 0;
  if (block >= term_.block_count) {
    count_ = 0;
    doc_ = BlockMaxIndex::kEndOfList;
    return;
  }
  const bool last = block + 1 == term_.block_count;
  count_ = last ? term_.documents - block * BlockMaxIndex::kBlockSize : BlockMaxIndex::kBlockSize;
  uint32_t doc = block == 0 ? 0 : term_.blocks[block - 1].last_doc;
  const uint8_t* p = term_.postings + term_.blocks[block].offset;
  for (uint32_t i = 0; i < count_; ++i) {
    uint32_t gap = 0, wdf = 0;
    if (!get_varint(p, term_.postings_end, gap) || !get_varint(p, term_.postings_end, wdf) ||
        (i > 0 && gap == 0)) {
      count_ = i;  // damaged past here (open() checks the tables, not every posting)
      break;
    }
    doc += gap;
    docs_[i] = doc;
    wdfs_[i] = wdf;
  }
  if (count_ == 0) {
    doc_ = BlockMaxIndex::kEndOfList;
    return;
  }
  doc_ = docs_[0];
}

const BlockMaxIndex::Block* PostingCursor::block_for(uint32_t target) {
  const BlockMaxIndex::Block* end = term_.blocks + term_.block_count;
  const BlockMaxIndex::Block* at = std::lower_bound(
      term_.blocks + probe_, end, target,
      [](const BlockMaxIndex::Block& b, uint32_t doc) { return b.last_doc < doc; });
  probe_ = static_cast<uint32_t>(at - term_.blocks);
  return at == end ? nullptr : at;
}

void PostingCursor::seek(uint32_t target) {
  while (doc_ < target) {
    // The decoded block's own last document, not the table's: a damaged block that decodes
    // short must not send the scan past what it holds.
    if (count_ > 0 && target <= docs_[count_ - 1]) {
      while (docs_[at_] < target) ++at_;
      doc_ = docs_[at_];
      return;
    }
    const BlockMaxIndex::Block* block = block_for(target);
    auto next = block == nullptr ? term_.block_count : static_cast<uint32_t>(block - term_.blocks);
    load(std::max(next, block_ + 1));
  }
}

}  // namespace paperboy
