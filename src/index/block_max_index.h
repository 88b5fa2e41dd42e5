// A second copy of a lexical generation's ranked postings, laid out for top-k search: each
// term's documents in blocks of 128 with the block's largest wdf and shortest document, all in
// one file mapped read-only (`block_max.bin` in the generation). Xapian 1.4's matcher has no
// block-max bounds and reads its B-tree through pread, which made a three-word search at
// 2.9 M papers cost tens of milliseconds; with these bounds a search skips most blocks
// undecoded (block_max_search.h). Xapian stays the index of record: phrases, filters, sorting,
// excerpts and the papers changed since this file was written are searched there.
//
// The file is a snapshot: it knows the generation's papers as they were at its epoch. Every
// paper an index writer changes later is tagged with the boolean term `XU<epoch>` and every
// paper it deletes is recorded in the metadata key `paperboy.gone.<epoch>.<doc>` (shard 0), so
// a reader knows which of the file's postings are out of date (stale_documents).
//
// Layout (little-endian, the machine's own: the file never leaves the machine that built it):
//   header | document lengths (u32 per docid, 0..max_docid) | per term: block table, postings |
//   term table (sorted by term) | term names
// A block table entry holds the block's last docid, largest wdf, shortest document and the
// offset of its postings; postings are varint docid gaps and varint wdfs.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

inline constexpr const char* kBlockMaxFileName = "block_max.bin";
// Shard 0's metadata: the epoch papers written now are tagged with (one more than the newest
// block-max file's, or that file's own while it is being written).
inline constexpr const char* kBlockMaxEpochKey = "paperboy.block_max_epoch";
inline constexpr const char* kStaleTermPrefix = "XU";
inline constexpr const char* kGoneKeyPrefix = "paperboy.gone.";

// The terms a block-max file holds: the ranked ones (words, stems, title words, authors' words,
// name keys). Boolean terms (ids, categories, has:, org:) are left to Xapian.
bool is_block_max_term(std::string_view term);

class BlockMaxIndex {
 public:
  static constexpr uint32_t kBlockSize = 128;
  static constexpr uint32_t kEndOfList = UINT32_MAX;

  struct Block {
    uint32_t last_doc;
    uint32_t max_wdf;
    uint32_t min_length;
    uint32_t offset;  // of the block's postings, from the term's first posting byte
  };
  // One term's postings: blocks.size() blocks of up to kBlockSize documents.
  struct Term {
    const Block* blocks = nullptr;
    uint32_t block_count = 0;
    uint32_t documents = 0;
    uint32_t max_wdf = 0;
    uint32_t min_length = 0;
    const uint8_t* postings = nullptr;
    const uint8_t* postings_end = nullptr;  // where the next term's table starts
    const uint32_t* lengths = nullptr;      // the file's document lengths
  };

  // Writes `generation`'s block-max file for what the generation holds now, under a new epoch:
  // the epoch is raised in shard 0 first (waiting for a writer's lock to be free), so every
  // paper written after the snapshot is tagged stale. Replaces the previous file atomically.
  static Status build(const std::filesystem::path& generation);
  // Whether `generation` should get a fresh file: none yet, or more than `stale_share` of its
  // papers changed since the last one.
  static bool wanted(const std::filesystem::path& generation, double stale_share = 0.05);

  // Which file `generation` holds now (0: none), as file_id() names it.
  static uint64_t current_file(const std::filesystem::path& generation);
  // Maps `generation`'s file; nullptr when it has none; an error when it is damaged.
  static Result<std::shared_ptr<const BlockMaxIndex>> open(const std::filesystem::path& generation);
  ~BlockMaxIndex();
  BlockMaxIndex(const BlockMaxIndex&) = delete;
  BlockMaxIndex& operator=(const BlockMaxIndex&) = delete;

  uint64_t epoch() const { return epoch_; }
  uint32_t max_doc() const { return max_doc_; }
  // The document's length (Xapian's: the sum of its wdfs) when the file was written; 0 for a
  // document it does not hold.
  uint32_t length(uint32_t doc) const { return doc <= max_doc_ ? lengths_[doc] : 0; }
  std::optional<Term> find(std::string_view term) const;
  // The terms in order (the file's term table): term_count() of them.
  uint32_t term_count() const { return term_count_; }
  std::string_view term_name(uint32_t i) const;
  Term term(uint32_t i) const;
  // Identifies the file mapped (a rebuilt one is a new file).
  uint64_t file_id() const { return file_id_; }

 private:
  BlockMaxIndex() = default;
  static Result<std::shared_ptr<const BlockMaxIndex>> map_file(
      const std::filesystem::path& generation);
  // Every term's table and blocks lie inside the file, in order: a damaged file is refused at
  // open rather than read out of bounds in a search.
  bool consistent(uint64_t postings_end) const;
  const uint8_t* base_ = nullptr;
  size_t bytes_ = 0;
  uint64_t epoch_ = 0;
  uint32_t max_doc_ = 0;
  uint32_t term_count_ = 0;
  const uint32_t* lengths_ = nullptr;
  const uint8_t* term_table_ = nullptr;
  const char* names_ = nullptr;
  uint64_t names_bytes_ = 0;
  uint64_t postings_end_ = 0;
  uint64_t file_id_ = 0;
};

// The documents of `db` the file of `epoch` no longer describes: changed or deleted since.
// Sorted, without repeats.
std::vector<uint32_t> stale_documents(const Xapian::Database& db, uint64_t epoch);

// Walks one term's postings in docid order, decoding a block only when a document in it is
// asked for.
class PostingCursor {
 public:
  explicit PostingCursor(const BlockMaxIndex::Term& term) : term_(term) { load(0); }
  uint32_t doc() const { return doc_; }
  uint32_t wdf() const { return wdfs_[at_]; }
  // The shortest document in the block `doc()` is in.
  uint32_t block_min_length() const { return term_.blocks[block_].min_length; }
  void next() {
    if (++at_ < count_) {
      doc_ = docs_[at_];
    } else {
      load(block_ + 1);
    }
  }
  // Moves to the first posting at or after `target`.
  void seek(uint32_t target);
  // The block that would hold `target` (without decoding it), or nullptr past the last.
  const BlockMaxIndex::Block* block_for(uint32_t target);

 private:
  void load(uint32_t block);

  BlockMaxIndex::Term term_;
  uint32_t block_ = 0;  // the block decoded
  uint32_t probe_ = 0;  // where block_for last looked (never behind block_)
  uint32_t at_ = 0;
  uint32_t count_ = 0;
  uint32_t doc_ = BlockMaxIndex::kEndOfList;
  std::array<uint32_t, BlockMaxIndex::kBlockSize> docs_{};
  std::array<uint32_t, BlockMaxIndex::kBlockSize> wdfs_{};
};

}  // namespace paperboy
