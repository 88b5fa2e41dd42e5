// A job that runs a step at a steady pace on a thread of its own inside `serve` (summaries,
// thumbnails): it opens its own store, and of several servers on one store only the holder of
// the named job lock works (another takes over when that server stops or dies). A store error
// is logged and drops the lock and the store, so a broken connection is opened again next time.
// The wait between steps, and any wait a step asks for, ends at once when the server stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"
#include "store/store_location.h"

namespace paperboy {

struct BackgroundJob {
  std::string name;  // the job lock's name and the log lines' prefix
  StoreLocation store;
  std::filesystem::path data_dir;
  std::chrono::milliseconds interval{10'000};  // between steps
  std::function<void(const std::string&)> log;
};

// The time between steps for at most `per_minute` steps a minute.
std::chrono::milliseconds interval_for_rate(double per_minute);

class BackgroundRound {
 public:
  // `step` does one unit of work; its error is the store's.
  using Step = std::function<Result<bool>(Store&)>;

  BackgroundRound(BackgroundJob job, Step step);
  ~BackgroundRound();  // stops and joins

  void start();
  void stop();
  // Waits `duration`; false when cut short because the round is stopping.
  bool wait(std::chrono::milliseconds duration);
  // Whether stop() was called: a step that failed meanwhile failed because of it.
  bool stopping();

 private:
  void loop();

  BackgroundJob job_;
  Step step_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace paperboy
