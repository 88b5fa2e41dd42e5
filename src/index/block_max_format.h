// The layout of block_max.bin that its writer (block_max_writer.cpp) and its reader
// (block_max_index.cpp) share; block_max_index.h describes the file. Internal to those two.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace paperboy::block_max_format {

inline constexpr std::array<char, 8> kMagic = {'P', 'B', 'B', 'L', 'K', 'M', 'X', '1'};

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

// What Xapian opens to read the whole generation: its stub, or the one database.
inline std::string readable(const std::filesystem::path& generation) {
  std::error_code ec;
  return (std::filesystem::exists(generation / "XAPIANDB", ec) ? generation / "XAPIANDB"
                                                               : generation)
      .string();
}

inline uint64_t parse_epoch(const std::string& text) {
  return text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
}

}  // namespace paperboy::block_max_format
