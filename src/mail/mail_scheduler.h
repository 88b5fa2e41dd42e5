// The mail round `paperboy serve` runs by itself, on its own thread with its own store
// connection: every `plan_every` it composes the digests that have come due (never while a
// harvest is under way, so a morning digest carries the morning's papers), and every
// `send_every` — or at once when woken, after a confirmation was queued — it sends what the
// outbox holds. `paperboy digest --send` is the same round for cron.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mail/digest_planner.h"
#include "mail/outbox_sender.h"
#include "rank/for_you_cache.h"
#include "store/store_location.h"

namespace paperboy {

struct MailSchedule {
  std::filesystem::path data_dir;
  StoreLocation store;  // default: the data directory's store.sqlite
  MailIdentity identity;
  DigestOptions digest;
  OutboxSettings outbox;
  std::chrono::seconds plan_every{300};
  std::chrono::seconds send_every{60};
  int digest_workers = default_digest_workers();
  std::function<int64_t()> clock;  // unix seconds; the system clock when empty
  std::function<bool()> busy;      // true while a harvest runs: digests wait for its papers
};

// What /admin/mail and /metrics show.
struct MailStatus {
  int64_t last_plan = 0;  // unix seconds; 0 = never
  int64_t last_send = 0;
  int64_t send_rounds =
      0;  // outbox rounds this process finished, whether it held the outbox or not
  int64_t next_plan = 0;
  DigestRoundReport last_round;
  int64_t digests_queued = 0;  // summed over this process's rounds
  SendReport sent;             // summed over this process's rounds
  OutboxCounts outbox;         // as the store had it after the last round
  std::string last_error;      // of the last round; empty when it went well
};

class MailScheduler {
 public:
  // `signer`, `transport` and `for_you` must outlive the scheduler.
  MailScheduler(MailSchedule schedule, const LinkSigner& signer, MailTransport& transport,
                ForYouCache& for_you);
  ~MailScheduler();  // stops and joins

  void start();
  void stop();
  // Sends the outbox now (a confirmation mail is waiting).
  void wake();

  MailStatus status() const;
  std::string prometheus_text() const;

 private:
  void loop();
  void plan(Store& store, int64_t now);
  void send(Store& store, int64_t now);
  int64_t now() const;
  void log(const std::string& line) const;

  MailSchedule schedule_;
  const LinkSigner& signer_;
  MailTransport& transport_;
  ForYouCache& for_you_;
  std::atomic<bool> stop_flag_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  MailStatus status_;
  std::thread thread_;
};

}  // namespace paperboy
