// Where an index lives in the data directory, as numbered generations beside a symlink naming
// the live one: index/lexical -> lexical-7. A rebuild writes lexical-8 and then replaces the
// link with rename(2), which is atomic, so a reader sees the old index or the new, never half.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"

namespace paperboy {

class IndexLocation {
 public:
  // `name` is the index's name inside `index_dir` ("lexical").
  IndexLocation(std::filesystem::path index_dir, std::string name);

  // The path readers open (the symlink); nullopt when no generation has been published yet.
  std::optional<std::filesystem::path> live() const;
  // A fresh, empty directory for a new generation, numbered after every existing one.
  Result<std::filesystem::path> new_generation();
  // The newest generation newer than the live one that holds `marker` (a build that was
  // stopped and can resume); nullopt when there is none.
  std::optional<std::filesystem::path> unfinished_generation(const std::string& marker) const;
  // Points the link at `generation` atomically, then removes generations no longer live.
  Status publish(const std::filesystem::path& generation);

 private:
  std::filesystem::path dir_;
  std::string name_;
};

}  // namespace paperboy
