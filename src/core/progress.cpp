#include "core/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace paperboy {

std::string format_duration(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(std::string label, int64_t total, std::string items, FILE* out)
    : Progress(std::move(label), total, std::move(items), out, isatty(fileno(out)) != 0,
               std::chrono::seconds(10)) {}

Progress::Progress(std::string label, int64_t total, std::string items, FILE* out, bool interactive,
                   std::chrono::seconds line_interval)
    : label_(std::move(label)),
      total_(total),
      items_(std::move(items)),
      out_(out),
      interactive_(interactive),
      line_interval_(line_interval),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(int64_t done, int64_t items_done) {
  last_done_ = done;
  auto now = std::chrono::steady_clock::now();
  auto interval = interactive_
                      ? std::chrono::milliseconds(100)
                      : std::chrono::duration_cast<std::chrono::milliseconds>(line_interval_);
  if (now - last_draw_ < interval) return;
  last_draw_ = now;
  draw(done, items_done, false);
}

void Progress::finish(int64_t items_done) {
  draw(total_ > 0 ? total_ : last_done_, items_done, true);
}

void Progress::draw(int64_t done, int64_t items_done, bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? items_done / elapsed : 0;
  double fraction = total_ > 0 ? std::clamp(static_cast<double>(done) / total_, 0.0, 1.0) : 0;
  std::string eta =
      fraction > 0 && !final ? " ETA " + format_duration(elapsed * (1 - fraction) / fraction) : "";
  std::string figures = fmt::format("{} {}  {:.0f} {}/s  {}{}", items_done, items_, rate, items_,
                                    format_duration(elapsed), eta);
  if (interactive_) {
    constexpr int kWidth = 30;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar = total_ > 0 ? fmt::format("[{}{}] {:3.0f}% ", std::string(filled, '#'),
                                               std::string(kWidth - filled, '.'), fraction * 100)
                                 : "";
    fmt::print(out_, "\r\033[K{}: {}{}{}", label_, bar, figures, final ? "\n" : "");
  } else {
    std::string percent = total_ > 0 ? fmt::format("{:.0f}% ", fraction * 100) : "";
    fmt::print(out_, "{}: {}{}{}\n", label_, percent, figures, final ? " (done)" : "");
  }
  std::fflush(out_);
}

}  // namespace paperboy
