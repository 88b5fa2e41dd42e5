// Progress of a long job on stderr: a redrawn bar with rate and ETA on a terminal, a plain line
// every few seconds otherwise (logs and CI keep a readable record).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace paperboy {

class Progress {
 public:
  // `total` is the amount of work in the unit `done` is counted in (bytes of a file, say);
  // 0 when unknown. `items` is what the rate is quoted in ("papers").
  Progress(std::string label, int64_t total, std::string items, FILE* out = stderr);
  Progress(std::string label, int64_t total, std::string items, FILE* out, bool interactive,
           std::chrono::seconds line_interval);

  // Cheap to call often: redraws at most ten times a second.
  void update(int64_t done, int64_t items_done);
  // Prints the final figures on a line of their own.
  void finish(int64_t items_done);

 private:
  void draw(int64_t done, int64_t items_done, bool final);

  std::string label_;
  int64_t total_;
  std::string items_;
  FILE* out_;
  bool interactive_;
  std::chrono::seconds line_interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  int64_t last_done_ = 0;
};

// "1:05:09", "4:02"
std::string format_duration(double seconds);

}  // namespace paperboy
