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

#include "index/block_max_format.h"

namespace paperboy {
namespace fs = std::filesystem;
using namespace block_max_format;  // NOLINT(google-build-using-namespace): this file's own layout
namespace {

static_assert(sizeof(BlockMaxIndex::Block) == 16);  // the block table's entries, as written

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

// Whether [offset, offset + size) lies within [0, limit), without overflowing.
bool within(uint64_t offset, uint64_t size, uint64_t limit) {
  return offset <= limit && size <= limit - offset;
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
  out.lengths = lengths_;
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
  // Each of these documents may be scored, which reads its length at a random place in an
  // array too large for the caches: asking for them all now overlaps those misses.
  for (uint32_t i = 0; i < count_; ++i) __builtin_prefetch(term_.lengths + docs_[i]);
}

const BlockMaxIndex::Block* PostingCursor::block_for(uint32_t target) {
  const BlockMaxIndex::Block* end = term_.blocks + term_.block_count;
  // Targets mostly fall in the block last looked at: no search then.
  if (probe_ < term_.block_count && term_.blocks[probe_].last_doc >= target)
    return term_.blocks + probe_;
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
