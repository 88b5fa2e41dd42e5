// Sends what the outbox holds: due messages oldest first, each marked sent only after the SMTP
// server accepted it. A 4xx reply or a network failure is retried later with exponential backoff
// (1 minute, doubling, at most 6 hours between tries) until `max_attempts`; a 5xx reply fails the
// message at once, its error kept for /admin/mail. At most `per_domain_per_minute` messages go to
// one recipient domain per minute, so a large list does not trip a provider's limits; the rest
// wait for the next round.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>

#include "mail/smtp_transport.h"
#include "store/mailing.h"

namespace paperboy {

struct OutboxSettings {
  std::string envelope_from;  // the MAIL FROM address (bounces go there)
  int max_attempts = 10;
  int64_t first_retry_seconds = 60;
  int64_t longest_retry_seconds = int64_t{6} * 3600;
  int per_domain_per_minute = 120;
  size_t batch = 500;
};

struct SendReport {
  int64_t sent = 0, retried = 0, failed = 0, deferred = 0;
  int64_t due_at_start = 0;  // what on_sending was told; messages queued later are sent too
  std::string last_error;
};

class OutboxSender {
 public:
  // `on_sending` is told, once a round and before its first message goes out, how many are due.
  OutboxSender(Mailing& mailing, MailTransport& transport, OutboxSettings settings,
               std::function<int64_t()> now, std::function<void(size_t due)> on_sending = {})
      : mailing_(mailing),
        transport_(transport),
        settings_(std::move(settings)),
        now_(std::move(now)),
        on_sending_(std::move(on_sending)) {}

  // Sends every due message (until `stop` is set), in batches; a store error stops the round.
  Result<SendReport> send_due(const std::atomic<bool>* stop = nullptr);

 private:
  bool domain_allows(const std::string& domain, int64_t now);

  Mailing& mailing_;
  MailTransport& transport_;
  OutboxSettings settings_;
  std::function<int64_t()> now_;
  std::function<void(size_t)> on_sending_;
  std::unordered_map<std::string, std::deque<int64_t>>
      recent_by_domain_;  // send times, last minute
};

}  // namespace paperboy
