// Token buckets per (action, client): sign-in and sign-up per address, votes and submissions
// per user. In memory, per process: limits protect this server, they are not an account quota.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace paperboy {

struct RateLimit {
  double burst = 10;       // requests allowed at once
  double per_second = 1;   // refill rate
};

// The defaults: generous for a person, tight for a script hammering the form.
struct RateLimits {
  RateLimit sign_in{10, 10.0 / 60};       // 10 a minute per address
  RateLimit sign_up{5, 5.0 / 3600};       // 5 an hour per address
  RateLimit vote{60, 1.0};                // a burst of 60, then one a second per user
  RateLimit submit{10, 10.0 / 3600};      // 10 an hour per user
  RateLimit subscribe{5, 5.0 / 3600};     // 5 an hour per client address
  RateLimit confirm_mail{3, 3.0 / 86400}; // 3 confirmation mails a day per recipient
};

class RateLimiter {
 public:
  // Takes one token from the bucket of (action, client); false when it is empty.
  bool allow(std::string_view action, std::string_view client, const RateLimit& limit, double now_seconds);

 private:
  struct Bucket {
    double tokens = 0;
    double updated = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace paperboy
