// The index writers' one pattern of parallelism: the same work on every shard at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace paperboy {

// The store's doc_id d lives in shard (d - 1) % n as that shard's document (d - 1) / n + 1:
// Xapian interleaves the shards' numbers, so searches see the store's numbers unchanged.
inline size_t shard_of(int64_t doc_id, size_t shards) {
  return static_cast<size_t>(doc_id - 1) % shards;
}
inline unsigned local_document(int64_t doc_id, size_t shards) {
  return static_cast<unsigned>(static_cast<size_t>(doc_id - 1) / shards + 1);
}

// Runs `work(shard)` for shards 0…n-1, one thread each (shard 0 on the calling thread), and
// waits for all. `work` returns an error's text, or "" when it succeeded; the first error wins.
inline Status on_every_shard(size_t shards, const std::function<std::string(size_t)>& work) {
  std::vector<std::string> errors(shards);
  std::vector<std::thread> threads;
  for (size_t s = 1; s < shards; ++s) threads.emplace_back([&, s] { errors[s] = work(s); });
  if (shards > 0) errors[0] = work(0);
  for (auto& t : threads) t.join();
  for (const auto& error : errors) {
    if (!error.empty()) return Error{error};
  }
  return Status::Ok();
}

}  // namespace paperboy
