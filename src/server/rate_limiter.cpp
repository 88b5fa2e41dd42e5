#include "server/rate_limiter.h"

#include <algorithm>

namespace paperboy {
namespace {

// Past this many clients, buckets that have refilled are forgotten (they hold no information).
constexpr size_t kMaxBuckets = 100'000;

}  // namespace

bool RateLimiter::allow(std::string_view action, std::string_view client, const RateLimit& limit,
                        double now_seconds) {
  std::string key;
  key.reserve(action.size() + client.size() + 1);
  key.append(action).push_back('\n');
  key.append(client);
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= kMaxBuckets) {
    std::erase_if(buckets_, [&](const auto& entry) {
      return entry.second.tokens + (now_seconds - entry.second.updated) * limit.per_second >= limit.burst;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(std::move(key), Bucket{limit.burst, now_seconds});
  Bucket& bucket = it->second;
  bucket.tokens = std::min(limit.burst, bucket.tokens + (now_seconds - bucket.updated) * limit.per_second);
  bucket.updated = now_seconds;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace paperboy
