#include "mail/outbox_sender.h"

#include <algorithm>
#include <unordered_set>

#include "mail/mail_address.h"

namespace paperboy {

bool OutboxSender::domain_allows(const std::string& domain, int64_t now) {
  auto& times = recent_by_domain_[domain];
  while (!times.empty() && times.front() <= now - 60) times.pop_front();
  return static_cast<int>(times.size()) < settings_.per_domain_per_minute;
}

Result<SendReport> OutboxSender::send_due(const std::atomic<bool>* stop) {
  SendReport report;
  std::unordered_set<int64_t> deferred;  // over their domain's rate this round
  bool announced = false;
  for (;;) {
    auto due = mailing_.due_messages(now_(), settings_.batch + deferred.size());
    if (!due.ok()) return due.error();
    size_t handled = 0;
    for (const auto& message : *due) {
      if (stop != nullptr && stop->load()) return report;
      if (deferred.count(message.id)) continue;
      const int64_t now = now_();
      const std::string domain(mail_domain(message.recipient));
      if (!domain_allows(domain, now)) {
        deferred.insert(message.id);
        ++report.deferred;
        continue;
      }
      ++handled;
      if (!announced) {
        // The whole round's count, not this batch's: the line is read beside the round's end.
        auto all_due = mailing_.due_count(now);
        report.due_at_start = all_due.ok() ? *all_due : static_cast<int64_t>(due->size());
        if (on_sending_) on_sending_(static_cast<size_t>(report.due_at_start));
      }
      announced = true;
      const SmtpOutcome outcome =
          transport_.send(settings_.envelope_from, message.recipient, message.message);
      if (outcome.accepted) {
        // The one moment a crash can cost a duplicate: after the server's 250, before this
        // commit. Everything before it (composition, queueing) happened exactly once.
        if (auto s = mailing_.mark_sent(message.id, now_()); !s.ok()) return s.error();
        recent_by_domain_[domain].push_back(now);
        ++report.sent;
        continue;
      }
      report.last_error = outcome.error;
      if (outcome.permanent || message.attempts + 1 >= settings_.max_attempts) {
        if (auto s = mailing_.mark_failed(message.id, outcome.error); !s.ok()) return s.error();
        ++report.failed;
      } else {
        const int64_t wait =
            std::min(settings_.longest_retry_seconds,
                     settings_.first_retry_seconds << std::min(message.attempts, 20));
        if (auto s = mailing_.mark_retry(message.id, outcome.error, now + wait); !s.ok())
          return s.error();
        ++report.retried;
      }
    }
    if (handled == 0) return report;
  }
}

}  // namespace paperboy
