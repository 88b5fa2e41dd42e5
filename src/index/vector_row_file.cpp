#include "index/vector_row_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace paperboy {

Result<std::unique_ptr<VectorRowFile>> VectorRowFile::open(const std::filesystem::path& generation,
                                                           const VectorGenerationState& state) {
  std::unique_ptr<VectorRowFile> file(new VectorRowFile());
  file->dimension_ = state.dimension;
  file->rows_ = state.rows;
  const size_t record = 16 + state.dimension * sizeof(float);
  file->mapped_bytes_ = static_cast<size_t>(state.rows) * record;
  if (file->mapped_bytes_ == 0) return file;
  const auto path = generation / "rows.bin";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno))};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || static_cast<size_t>(info.st_size) < file->mapped_bytes_) {
    ::close(fd);
    return Error{fmt::format(
        "{}: holds fewer than the {} rows its state names (rebuild with `paperboy index "
        "--rebuild`)",
        path.string(), state.rows)};
  }
  void* mapped = ::mmap(nullptr, file->mapped_bytes_, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (mapped == MAP_FAILED)
    return Error{fmt::format("{}: cannot map: {}", path.string(), std::strerror(errno))};
  file->base_ = static_cast<const char*>(mapped);
  return file;
}

VectorRowFile::~VectorRowFile() {
  if (base_ != nullptr) ::munmap(const_cast<char*>(base_), mapped_bytes_);
}

std::span<const float> VectorRowFile::vector(int64_t row) const {
  const size_t record = 16 + dimension_ * sizeof(float);
  const char* at = base_ + static_cast<size_t>(row) * record + 16;
  return {reinterpret_cast<const float*>(at), dimension_};
}

}  // namespace paperboy
