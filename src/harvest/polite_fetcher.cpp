#include "harvest/polite_fetcher.h"

#include <algorithm>
#include <thread>

namespace paperboy {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool worth_retrying(int status) { return status == 429 || status >= 500; }

}  // namespace

bool sleep_for(milliseconds duration) {
  std::this_thread::sleep_for(duration);
  return true;
}

PoliteFetcher::PoliteFetcher(HttpClient& http, FetchPolicy policy, Waiter wait, HarvestLog log)
    : http_(http), policy_(policy), wait_(std::move(wait)), log_(std::move(log)) {}

bool PoliteFetcher::wait_for_turn() {
  auto now = std::chrono::steady_clock::now();
  if (now >= next_allowed_) return true;
  return wait_(duration_cast<milliseconds>(next_allowed_ - now));
}

bool PoliteFetcher::pause(milliseconds at_least) {
  auto wait = std::max(at_least, policy_.delay);
  if (!wait_(wait)) return false;
  next_allowed_ = std::chrono::steady_clock::now();
  return true;
}

Result<HttpResponse> PoliteFetcher::get(const std::string& url) {
  seconds backoff = policy_.backoff;
  std::string last_failure;
  for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
    if (!wait_for_turn()) return Error{"GET " + url + ": stopped (shutting down)"};
    ++requests_;
    auto response = http_.get(url);
    next_allowed_ = std::chrono::steady_clock::now() + policy_.delay;
    milliseconds wait = backoff;
    if (!response.ok()) {
      last_failure = response.error().message;
    } else if (!worth_retrying(response->status)) {
      return response;
    } else {
      last_failure = "GET " + url + ": HTTP " + std::to_string(response->status);
      if (response->retry_after) {
        auto asked = parse_retry_after(*response->retry_after, std::chrono::system_clock::now());
        if (asked) {
          if (*asked > policy_.max_retry_after) {
            return Error{last_failure + " with Retry-After " + std::to_string(asked->count()) +
                         " s, longer than the " + std::to_string(policy_.max_retry_after.count()) +
                         " s this harvest waits; run it again later"};
          }
          wait = *asked;
          last_failure += " (Retry-After " + std::to_string(asked->count()) + " s)";
        }
      }
    }
    if (attempt == policy_.max_attempts) break;
    wait = std::max(wait, duration_cast<milliseconds>(policy_.delay));
    log_(last_failure + "; retrying in " + std::to_string(duration_cast<seconds>(wait).count()) +
         " s");
    ++retries_;
    if (!wait_(wait)) return Error{"GET " + url + ": stopped (shutting down)"};
    next_allowed_ = std::chrono::steady_clock::now();
    backoff *= 2;
  }
  return Error{last_failure + "; gave up after " + std::to_string(policy_.max_attempts) +
               " attempts"};
}

}  // namespace paperboy
