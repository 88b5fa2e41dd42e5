// Helpers shared by the tests: scratch directories and small paper fixtures.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/paper.h"

namespace paperboy::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "paperboy-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path shared_data(const std::string& relative) {
  return std::filesystem::path(PAPERBOY_SHARED_DATA) / relative;
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline Paper make_paper(const std::string& id, const std::string& title, int version = 1) {
  Paper paper;
  paper.id = id;
  paper.version = version;
  paper.title = title;
  paper.abstract = "An abstract about " + title + ".";
  paper.authors = {"Ada Lovelace", "Alan Turing"};
  paper.categories = {"cs.LG", "stat.ML"};
  paper.published = Date{2024, 10, 18};
  paper.updated = Date{2024, 10, 18};
  return paper;
}

}  // namespace paperboy::testing
