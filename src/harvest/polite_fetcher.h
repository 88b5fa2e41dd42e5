// Fetching from someone else's server the way they ask: one request at a time, a pause between
// requests, HTTP 503 + Retry-After honoured (wait, then the same request again), transient
// failures retried with backoff, and every wait interruptible so a server can shut down.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/result.h"
#include "net/http_client.h"

namespace paperboy {

struct FetchPolicy {
  std::chrono::milliseconds delay{3000};  // from the end of one request to the start of the next
  int max_attempts = 5;                   // per URL, counting the first
  std::chrono::seconds backoff{15};       // first wait after a failure without Retry-After; doubles
  std::chrono::seconds max_retry_after{900};  // a longer Retry-After stops instead of waiting
};

// Waits for the given time; returns false when the wait was cut short by a shutdown.
using Waiter = std::function<bool(std::chrono::milliseconds)>;
// A plain sleep, never interrupted.
bool sleep_for(std::chrono::milliseconds duration);

using HarvestLog = std::function<void(const std::string&)>;

class PoliteFetcher {
 public:
  PoliteFetcher(HttpClient& http, FetchPolicy policy, Waiter wait, HarvestLog log);

  // The final response: a 2xx, or a status not worth retrying (4xx other than 429). Fails when
  // attempts run out, when the server asks for a longer wait than the policy allows, or on
  // shutdown; the message says which and names the URL.
  Result<HttpResponse> get(const std::string& url);

  // Waits the policy's delay (then the next get() does not wait again). For callers that retry
  // a request whose body turned out to be unusable.
  bool pause(std::chrono::milliseconds at_least);

  int64_t retries() const { return retries_; }
  int64_t requests() const { return requests_; }

 private:
  bool wait_for_turn();

  HttpClient& http_;
  FetchPolicy policy_;
  Waiter wait_;
  HarvestLog log_;
  std::chrono::steady_clock::time_point next_allowed_{};
  int64_t retries_ = 0;
  int64_t requests_ = 0;
};

}  // namespace paperboy
