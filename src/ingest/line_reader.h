// Reads a text file one line at a time, knowing the byte offset after each line, so a job can
// record where it stopped and later start again from exactly there.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

class LineReader {
 public:
  // Lines longer than `max_line_bytes` are still consumed whole, but reported as too long.
  static Result<LineReader> open(const std::string& path, int64_t start_offset = 0,
                                 size_t max_line_bytes = 4 << 20);

  // Reads the next line (without its "\n" or "\r\n"); false at end of file.
  bool next(std::string& line);
  bool last_line_too_long() const { return too_long_; }
  int64_t offset() const { return offset_; }  // byte offset just after the last line read
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  LineReader(std::unique_ptr<FILE, Closer> file, std::string path, int64_t offset, int64_t size,
             size_t max_line_bytes)
      : file_(std::move(file)),
        path_(std::move(path)),
        offset_(offset),
        size_(size),
        max_line_bytes_(max_line_bytes) {}

  std::unique_ptr<FILE, Closer> file_;
  std::string path_;
  int64_t offset_;
  int64_t size_;
  size_t max_line_bytes_;
  bool too_long_ = false;
};

}  // namespace paperboy
