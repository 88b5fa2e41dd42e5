#include "server/request/rate_limiter.h"

#include <cstdio>
#include <string>

#include "store/community.h"

namespace paperboy {

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
