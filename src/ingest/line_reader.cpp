#include "ingest/line_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace paperboy {

Result<LineReader> LineReader::open(const std::string& path, int64_t start_offset,
                                    size_t max_line_bytes) {
  std::unique_ptr<FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  struct stat info {};
  if (fstat(fileno(file.get()), &info) != 0) {
    return Error{"cannot stat " + path + ": " + std::strerror(errno)};
  }
  if (S_ISDIR(info.st_mode)) return Error{path + " is a directory"};
  if (start_offset > 0 && fseeko(file.get(), start_offset, SEEK_SET) != 0) {
    return Error{"cannot seek in " + path + ": " + std::strerror(errno)};
  }
  return LineReader(std::move(file), path, start_offset, info.st_size, max_line_bytes);
}

bool LineReader::next(std::string& line) {
  line.clear();
  too_long_ = false;
  char buffer[1 << 16];
  bool read_any = false;
  while (std::fgets(buffer, sizeof buffer, file_.get())) {
    read_any = true;
    size_t n = std::strlen(buffer);
    offset_ += static_cast<int64_t>(n);
    bool complete = n > 0 && buffer[n - 1] == '\n';
    if (complete) --n;
    if (line.size() + n > max_line_bytes_) {
      too_long_ = true;  // keep reading to the end of the line, but drop its text
      line.clear();
    } else if (!too_long_) {
      line.append(buffer, n);
    }
    if (complete) break;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return read_any;
}

}  // namespace paperboy
