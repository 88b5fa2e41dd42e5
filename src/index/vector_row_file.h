// A generation's rows.bin mapped read-only, so a search can rank its candidates by their stored
// full-precision vectors (the 8-bit codes an IVF index scans cannot order near-duplicates: at
// 8 bits a dimension, two papers a cosine of 0.999 apart swap places) and a paper's own vector
// is read back exactly. Pages come from the page cache; only the candidates' are touched.
//
// Safe because rows.bin is append-only below a published state's `rows`: a writer truncates
// only past its own state's rows, which are never fewer than a reader's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/result.h"
#include "index/vector_generation.h"

namespace paperboy {

class VectorRowFile {
 public:
  // Maps the first state.rows records; an error when the file holds fewer.
  static Result<std::unique_ptr<VectorRowFile>> open(const std::filesystem::path& generation,
                                                     const VectorGenerationState& state);
  ~VectorRowFile();
  VectorRowFile(const VectorRowFile&) = delete;
  VectorRowFile& operator=(const VectorRowFile&) = delete;

  int64_t rows() const { return rows_; }
  // Row `row`'s vector (row < rows()). Records are 16 + 4·dimension bytes from an 8-byte
  // aligned start, so the floats are 4-byte aligned.
  std::span<const float> vector(int64_t row) const;

 private:
  VectorRowFile() = default;
  const char* base_ = nullptr;
  size_t mapped_bytes_ = 0;
  size_t dimension_ = 0;
  int64_t rows_ = 0;
};

}  // namespace paperboy
