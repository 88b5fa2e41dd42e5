// What a refusal says about waiting: Retry-After is the time one token takes to come back, and
// a page says it in words.
#include "server/request/rate_limiter.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(RateLimiterWait, RetryAfterIsTheTimeOneTokenTakesToRefill) {
  const RateLimits limits;
  EXPECT_EQ(retry_after_seconds(limits.sign_up), 720);  // 5 an hour
  EXPECT_EQ(retry_after_seconds(limits.sign_in), 6);    // 10 a minute
  EXPECT_EQ(retry_after_seconds(limits.vote), 1);
  EXPECT_EQ(retry_after_seconds(limits.write), 1);  // two a second: never less than a second
  EXPECT_EQ(retry_after_seconds(limits.confirm_mail), 28800);
  EXPECT_EQ(retry_after_seconds({1, 0}), 3600);  // never refills: an hour, not infinity
}

TEST(RateLimiterWait, TheWaitInWordsRoundsUp) {
  EXPECT_EQ(wait_text(0), "a second");
  EXPECT_EQ(wait_text(1), "a second");
  EXPECT_EQ(wait_text(6), "6 seconds");
  EXPECT_EQ(wait_text(60), "a minute");
  EXPECT_EQ(wait_text(61), "2 minutes");
  EXPECT_EQ(wait_text(720), "12 minutes");
  EXPECT_EQ(wait_text(3600), "an hour");
  EXPECT_EQ(wait_text(10000), "3 hours");
}

}  // namespace
}  // namespace paperboy
