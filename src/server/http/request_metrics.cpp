#include "server/http/request_metrics.h"

#include <fmt/format.h>

namespace paperboy {

void RequestMetrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.total;
  h.sum += seconds;
}

std::string RequestMetrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP paperboy_http_requests_total HTTP requests by route and status.\n"
      "# TYPE paperboy_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += fmt::format("paperboy_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, count);
  }
  out +=
      "# HELP paperboy_http_request_duration_seconds Time to answer a request, by route.\n"
      "# TYPE paperboy_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += fmt::format(
          "paperboy_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
          kBuckets[i], cumulative);
    }
    out += fmt::format(
        "paperboy_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
        h.total);
    out += fmt::format("paperboy_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route,
                       h.sum);
    out += fmt::format("paperboy_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       h.total);
  }
  return out;
}

}  // namespace paperboy
