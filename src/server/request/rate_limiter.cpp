#include "server/request/rate_limiter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "store/community.h"

namespace paperboy {

int64_t retry_after_seconds(const RateLimit& limit) {
  if (!(limit.per_second > 0)) return 3600;  // a bucket that never refills: say an hour
  const double seconds = std::ceil(1.0 / limit.per_second);
  return seconds < 1 ? 1 : seconds > 86400 ? 86400 : static_cast<int64_t>(seconds);
}

std::string wait_text(int64_t seconds) {
  auto count = [](int64_t n, const char* one, const char* many) {
    return n == 1 ? std::string(one) : fmt::format("{} {}", n, many);
  };
  if (seconds < 60) return count(std::max<int64_t>(seconds, 1), "a second", "seconds");
  if (seconds < 3600) return count((seconds + 59) / 60, "a minute", "minutes");
  return count((seconds + 3599) / 3600, "an hour", "hours");
}

bool allow_rate(Community& community, std::string_view action, std::string_view client,
                const RateLimit& limit, double now_seconds) {
  std::string key;
  key.reserve(action.size() + client.size() + 1);
  key.append(action).push_back(':');
  key.append(client);
  auto taken = community.take_rate_token(key, limit.burst, limit.per_second, now_seconds);
  if (!taken.ok()) {
    std::fprintf(stderr, "rate limit %.*s: %s\n", static_cast<int>(action.size()), action.data(),
                 taken.error().message.c_str());
    return true;
  }
  return *taken;
}

}  // namespace paperboy
