// Per-route request counts and latency histograms, written in Prometheus' text format for
// /metrics. Routes are the patterns ("/api/papers/:id"), never raw paths, so the number of
// series stays fixed whatever clients ask for.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace paperboy {

class RequestMetrics {
 public:
  void record(const std::string& route, int status, double seconds);
  std::string prometheus_text() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    uint64_t total = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) → count
  std::map<std::string, Histogram> latency_;
};

}  // namespace paperboy
