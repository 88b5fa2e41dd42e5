#include "index/index_location.h"

#include <cstdio>
#include <string>

namespace paperboy {
namespace fs = std::filesystem;
namespace {

// "lexical-12" → 12 for an index named "lexical"; -1 for anything else.
long generation_number(const std::string& entry, const std::string& name) {
  std::string prefix = name + "-";
  if (entry.rfind(prefix, 0) != 0 || entry.size() == prefix.size()) return -1;
  std::string digits = entry.substr(prefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stol(digits);
}

}  // namespace

IndexLocation::IndexLocation(fs::path index_dir, std::string name)
    : dir_(std::move(index_dir)), name_(std::move(name)) {}

std::optional<fs::path> IndexLocation::live() const {
  std::error_code ec;
  fs::path link = dir_ / name_;
  if (!fs::is_symlink(link, ec) || !fs::exists(link, ec)) return std::nullopt;
  return link;
}

Result<fs::path> IndexLocation::new_generation() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Error{"cannot create " + dir_.string() + ": " + ec.message()};
  long newest = 0;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    newest = std::max(newest, generation_number(entry.path().filename().string(), name_));
  }
  fs::path generation = dir_ / (name_ + "-" + std::to_string(newest + 1));
  fs::create_directory(generation, ec);
  if (ec) return Error{"cannot create " + generation.string() + ": " + ec.message()};
  return generation;
}

std::optional<fs::path> IndexLocation::unfinished_generation(const std::string& marker) const {
  std::error_code ec;
  long live_number = -1;
  if (auto link = live())
    live_number = generation_number(fs::canonical(*link, ec).filename().string(), name_);
  long newest = -1;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    long number = generation_number(entry.path().filename().string(), name_);
    if (number > live_number && number > newest && fs::exists(entry.path() / marker, ec))
      newest = number;
  }
  if (newest < 0) return std::nullopt;
  return dir_ / (name_ + "-" + std::to_string(newest));
}

Status IndexLocation::publish(const fs::path& generation) {
  std::error_code ec;
  fs::path link = dir_ / name_;
  fs::path staging = dir_ / (name_ + ".link-new");
  fs::remove(staging, ec);
  // A relative target keeps the data directory movable.
  fs::create_directory_symlink(generation.filename(), staging, ec);
  if (ec) return Error{"cannot link " + staging.string() + ": " + ec.message()};
  if (std::rename(staging.c_str(), link.c_str()) != 0) {
    return Error{"cannot publish " + generation.string() + " as " + link.string()};
  }
  // Readers that opened an old generation keep its open files (POSIX unlink semantics).
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (generation_number(name, name_) >= 0 && name != generation.filename().string()) {
      fs::remove_all(entry.path(), ec);
    }
  }
  return Status::Ok();
}

}  // namespace paperboy
