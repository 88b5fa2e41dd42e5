// The mail's state: subscriptions (double opt-in), the outbox and the papers each subscriber
// was sent. A message is composed once per (subscription, kind, period) and stored whole, so a
// restart sends exactly what was composed, and it is marked sent only after the SMTP server
// accepted it. The papers a digest carries are recorded with it, in the same transaction, so no
// paper is sent to the same subscriber twice.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct Subscription {
  enum class Status { kPending, kActive, kUnsubscribed };
  int64_t id = 0;
  std::string email;    // lower-cased
  int64_t user_id = 0;  // 0: an address without an account
  Status status = Status::kPending;
  bool weekly = false;  // else daily
  int send_hour = 7;    // local hour, 0-23
  int utc_offset_minutes = 0;
  std::vector<std::string> sections = {"trending", "for-you", "alerts", "follows", "replies"};
  bool send_empty = false;  // a digest even when nothing is new
  int64_t created = 0;
  int64_t confirmed = 0;
  int64_t changed = 0;
  std::string last_period;  // the newest period a digest was composed for
};

struct OutboxMessage {
  enum class Status { kQueued, kSent, kFailed };
  int64_t id = 0;
  int64_t subscription_id = 0;
  std::string kind;    // "confirm" or "digest"
  std::string period;  // a digest's day ("2026-11-23") or week ("2026-W48")
  std::string recipient;
  std::string message;  // RFC 5322, CRLF line ends
  Status status = Status::kQueued;
  int attempts = 0;
  int64_t next_attempt = 0;
  std::string last_error;
  int64_t created = 0;
  int64_t sent = 0;
};

struct OutboxCounts {
  int64_t queued = 0, sent = 0, failed = 0;
};

class Mailing {
 public:
  virtual ~Mailing() = default;

  // A pending subscription for the address, or the one it already has (unchanged; an
  // unsubscribed one becomes pending again, to be confirmed anew).
  virtual Result<Subscription> subscribe(std::string_view email, int64_t user_id, int64_t now) = 0;
  virtual Result<std::optional<Subscription>> subscription(int64_t subscription_id) = 0;
  virtual Result<std::optional<Subscription>> subscription_by_email(std::string_view email) = 0;
  virtual Result<std::optional<Subscription>> subscription_of_user(int64_t user_id) = 0;
  // Writes status, preferences and the account link of an existing subscription (not
  // last_period, which only the digest round moves, so a preferences page loaded before a
  // round cannot undo it).
  virtual Status update_subscription(const Subscription& subscription) = 0;
  // Moves last_period forward to `period` (never back): a due period with nothing to send.
  virtual Status mark_period_done(int64_t subscription_id, std::string_view period) = 0;
  virtual Result<std::vector<Subscription>> active_subscriptions() = 0;
  // Subscriptions created since `since` (for the flood limit).
  virtual Result<int64_t> subscriptions_created_since(int64_t since) = 0;

  // Queues the message and records the papers it carries; false (nothing written) when a
  // message of this subscription, kind and period exists. A digest also moves the
  // subscription's last_period.
  virtual Result<bool> enqueue(const OutboxMessage& message, std::span<const int64_t> doc_ids) = 0;
  // Queued messages whose next attempt is due, oldest first.
  virtual Result<std::vector<OutboxMessage>> due_messages(int64_t now, size_t limit) = 0;
  // How many messages are due at `now`: what a send round has before it.
  virtual Result<int64_t> due_count(int64_t now) = 0;
  virtual Status mark_sent(int64_t message_id, int64_t now) = 0;
  virtual Status mark_retry(int64_t message_id, std::string_view error, int64_t next_attempt) = 0;
  virtual Status mark_failed(int64_t message_id, std::string_view error) = 0;
  virtual Result<OutboxCounts> outbox_counts() = 0;
  // The newest messages of one status, for /admin/mail.
  virtual Result<std::vector<OutboxMessage>> recent_messages(OutboxMessage::Status status,
                                                             size_t limit) = 0;
  // Which of these papers the subscriber has been sent.
  virtual Result<std::vector<int64_t>> sent_among(int64_t subscription_id,
                                                  std::span<const int64_t> doc_ids) = 0;
};

}  // namespace paperboy
