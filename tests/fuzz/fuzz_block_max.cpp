// libFuzzer: any bytes as a generation's block_max.bin (index/block_max_index.h). A damaged file
// must be refused when it is opened; every posting of a file that opens must be readable, by
// walking and by seeking, without reading outside the file (AddressSanitizer watches the
// mapping's end).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "index/block_max_index.h"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fuzz-block-max-XXXXXX").string();
    return std::filesystem::path(::mkdtemp(pattern.data()));
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using paperboy::BlockMaxIndex;
  using paperboy::PostingCursor;
  const auto path = scratch() / paperboy::kBlockMaxFileName;
  std::filesystem::remove(path);  // a new file each time: readers tell files apart by identity
  if (FILE* out = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, out);
    std::fclose(out);
  }
  auto index = BlockMaxIndex::open(scratch());
  if (!index.ok() || *index == nullptr) return 0;
  const BlockMaxIndex& file = **index;
  uint64_t sum = 0;
  for (uint32_t t = 0; t < file.term_count(); ++t) {
    (void)file.find(file.term_name(t));
    PostingCursor walk(file.term(t));
    for (uint32_t n = 0; walk.doc() != BlockMaxIndex::kEndOfList && n < 100000; ++n) {
      sum += walk.wdf() + file.length(walk.doc());
      walk.next();
    }
    PostingCursor jump(file.term(t));
    for (uint32_t target = 1; jump.doc() != BlockMaxIndex::kEndOfList; target = jump.doc() + 7) {
      (void)jump.block_for(target);
      jump.seek(target);
    }
  }
  return static_cast<int>(sum & 0);
}
