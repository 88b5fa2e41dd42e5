#include "harvest/background_round.h"

#include <algorithm>

namespace paperboy {

std::chrono::milliseconds interval_for_rate(double per_minute) {
  return std::chrono::milliseconds(static_cast<int64_t>(60'000 / std::max(0.01, per_minute)));
}

BackgroundRound::BackgroundRound(BackgroundJob job, Step step)
    : job_(std::move(job)), step_(std::move(step)) {}

BackgroundRound::~BackgroundRound() { stop(); }

void BackgroundRound::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void BackgroundRound::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BackgroundRound::wait(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, duration, [this] { return stopping_; });
}

bool BackgroundRound::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void BackgroundRound::loop() {
  auto log = [this](const std::string& line) {
    if (job_.log) job_.log(job_.name + ": " + line);
  };
  std::unique_ptr<Store> store;
  std::unique_ptr<JobLock> job_lock;  // released before the store it was taken on
  while (wait(job_.interval)) {
    if (!store) {
      auto opened = open_store(job_.store, job_.data_dir);
      if (!opened.ok()) {
        log("cannot open the store: " + opened.error().message);
        continue;
      }
      store = std::move(*opened);
    }
    if (!job_lock) {
      auto locked = store->try_lock_job(job_.name);
      if (!locked.ok() || !*locked) continue;
      job_lock = std::move(*locked);
    }
    if (auto done = step_(*store); !done.ok()) {
      log(done.error().message);
      job_lock.reset();
      store.reset();
    }
  }
}

}  // namespace paperboy
