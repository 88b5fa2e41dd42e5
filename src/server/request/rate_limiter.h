// Token buckets per (action, client): sign-in and sign-up per address, votes and submissions
// per user. The buckets live in the store (Community::take_rate_token), so every server behind
// a load balancer draws on the same ones: two servers do not double a limit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace paperboy {

struct RateLimit {
  double burst = 10;      // requests allowed at once
  double per_second = 1;  // refill rate
};

// The defaults: generous for a person, tight for a script hammering the form.
struct RateLimits {
  RateLimit sign_in{10, 10.0 / 60};   // 10 a minute per address
  RateLimit sign_up{5, 5.0 / 3600};   // 5 an hour per address
  RateLimit vote{60, 1.0};            // a burst of 60, then one a second per user
  RateLimit submit{10, 10.0 / 3600};  // 10 an hour per user
  RateLimit post{5, 1.0 / 60};        // discussion posts: 5 at once, then one a minute per user
  RateLimit organize{30, 0.5};  // organisation members, pages and paper links: 30, then one per 2 s
  RateLimit post_site{100, 1.0};       // discussion posts, all users together: a flood stops here
  RateLimit subscribe{5, 5.0 / 3600};  // 5 an hour per client address
  RateLimit confirm_mail{3, 3.0 / 86400};  // 3 confirmation mails a day per recipient
  RateLimit sign_in_account{
      30, 30.0 / 3600};  // sign-ins to one account, from anywhere: 30, then 30 an hour
  RateLimit edit{10,
                 1.0 / 60};  // comment edits and deletions: 10 at once, then one a minute per user
  RateLimit token{5, 5.0 / 3600};  // API tokens made: 5 an hour per user
  RateLimit preference{
      60, 0.5};  // follows, hidden papers, saved searches, library: 60, then one per 2 s
  // Every other write a reader can repeat, per user (or address when signed out): a route that
  // names no limit of its own gets this one, so none is unlimited.
  RateLimit write{300, 2.0};
};

// How long until an empty bucket holds a token again: what Retry-After says, so a client that
// waits that long is let through (at least a second).
int64_t retry_after_seconds(const RateLimit& limit);
// The same wait in words for a page: "a second", "12 seconds", "a minute", "12 minutes",
// "an hour", "3 hours" (rounded up).
std::string wait_text(int64_t seconds);

class Community;

// Takes one token from the bucket of (action, client); false when it is empty. A store that
// cannot be asked lets the request through (its own write will fail and say why) and logs it.
bool allow_rate(Community& community, std::string_view action, std::string_view client,
                const RateLimit& limit, double now_seconds);

}  // namespace paperboy
