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
    std::string pattern =
        (std::filesystem::temp_directory_path() / "paperboy-test-XXXXXX").string();
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

// Small real fixtures the tests need, kept in the repository (tests/fixtures/README.md says
// where each came from).
inline std::filesystem::path fixture_data(const std::string& relative) {
  return std::filesystem::path(PAPERBOY_SOURCE_DIR) / "tests/fixtures" / relative;
}

// The sample corpus the product ships (sample/ at the repository root).
inline std::filesystem::path sample_data(const std::string& relative) {
  return std::filesystem::path(PAPERBOY_SOURCE_DIR) / "sample" / relative;
}

// Large evaluation sets live outside the repository (../shared/data beside the checkout, or
// PAPERBOY_SHARED_DATA at configure time); tests that need one skip when it is absent.
inline std::filesystem::path shared_data(const std::string& relative) {
  return std::filesystem::path(PAPERBOY_SHARED_DATA) / relative;
}

// Why a test that needs an evaluation set was skipped, and how to get the set.
inline std::string missing_shared_data(const std::string& relative) {
  return shared_data(relative).string() +
         " is absent: this test needs that evaluation set (BEIR format; " +
         "SciFact is published with the BEIR benchmark). Put it there or configure with " +
         "-DPAPERBOY_SHARED_DATA=DIR to run it.";
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
