// Reads a .safetensors file (8-byte little-endian header length, JSON header, raw tensors),
// memory-mapped, checking every tensor's offsets against the file before any is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct TensorInfo {
  std::string dtype;  // "F32", "F16", "BF16", …
  std::vector<int64_t> shape;
  size_t begin = 0;  // byte offsets into the data section
  size_t end = 0;
  int64_t elements() const;
};

class SafetensorsFile {
 public:
  static Result<SafetensorsFile> open(const std::filesystem::path& file);
  SafetensorsFile(SafetensorsFile&& other) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&&) = delete;
  ~SafetensorsFile();

  const std::map<std::string, TensorInfo>& tensors() const { return tensors_; }
  bool contains(const std::string& name) const { return tensors_.contains(name); }
  // The tensor as F32 (F16 and BF16 widened), after checking it has `shape`. Errors name the
  // file, the tensor and the shape found.
  Result<std::vector<float>> read_f32(const std::string& name,
                                      const std::vector<int64_t>& shape) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  SafetensorsFile() = default;
  std::filesystem::path path_;
  const uint8_t* mapped_ = nullptr;
  size_t mapped_size_ = 0;
  size_t data_start_ = 0;
  std::map<std::string, TensorInfo> tensors_;
};

std::string shape_text(const std::vector<int64_t>& shape);

}  // namespace paperboy
