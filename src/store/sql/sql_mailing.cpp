#include "store/sql/sql_mailing.h"

#include <algorithm>
#include <sstream>

namespace paperboy {
namespace {

const char* status_name(Subscription::Status status) {
  switch (status) {
    case Subscription::Status::kActive:
      return "active";
    case Subscription::Status::kUnsubscribed:
      return "unsubscribed";
    case Subscription::Status::kPending:
      break;
  }
  return "pending";
}

Subscription::Status parse_status(const std::string& text) {
  if (text == "active") return Subscription::Status::kActive;
  if (text == "unsubscribed") return Subscription::Status::kUnsubscribed;
  return Subscription::Status::kPending;
}

const char* message_status_name(OutboxMessage::Status status) {
  switch (status) {
    case OutboxMessage::Status::kSent:
      return "sent";
    case OutboxMessage::Status::kFailed:
      return "failed";
    case OutboxMessage::Status::kQueued:
      break;
  }
  return "queued";
}

OutboxMessage::Status parse_message_status(const std::string& text) {
  if (text == "sent") return OutboxMessage::Status::kSent;
  if (text == "failed") return OutboxMessage::Status::kFailed;
  return OutboxMessage::Status::kQueued;
}

std::string join_sections(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> split_sections(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// What subscribing an address again does to its subscription: an unsubscribed one becomes
// pending (to be confirmed anew), one without an account gains the subscriber's. Whether
// anything changed (and `changed` was set to `now`).
bool resubscribe(Subscription& s, int64_t user_id, int64_t now) {
  bool dirty = false;
  if (s.status == Subscription::Status::kUnsubscribed) {
    s.status = Subscription::Status::kPending;
    dirty = true;
  }
  if (s.user_id == 0 && user_id != 0) {
    s.user_id = user_id;
    dirty = true;
  }
  if (dirty) s.changed = now;
  return dirty;
}

constexpr const char* kSubscriptionColumns =
    "SELECT subscription_id, email, coalesce(user_id, 0), status, frequency, send_hour, "
    "utc_offset_minutes, sections, "
    "send_empty, created, confirmed, changed, last_period FROM subscriptions ";

constexpr const char* kMessageColumns =
    "SELECT message_id, subscription_id, kind, period, recipient, message, status, attempts, "
    "next_attempt, last_error, "
    "created, sent FROM outbox ";

Result<std::vector<Subscription>> subscriptions(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Subscription> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    Subscription s;
    s.id = rows->integer(r, 0);
    s.email = rows->text(r, 1);
    s.user_id = rows->integer(r, 2);
    s.status = parse_status(rows->text(r, 3));
    s.weekly = rows->text(r, 4) == "weekly";
    s.send_hour = static_cast<int>(rows->integer(r, 5));
    s.utc_offset_minutes = static_cast<int>(rows->integer(r, 6));
    s.sections = split_sections(rows->text(r, 7));
    s.send_empty = rows->integer(r, 8) != 0;
    s.created = rows->integer(r, 9);
    s.confirmed = rows->integer(r, 10);
    s.changed = rows->integer(r, 11);
    s.last_period = rows->text(r, 12);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<OutboxMessage>> messages(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<OutboxMessage> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    OutboxMessage m;
    m.id = rows->integer(r, 0);
    m.subscription_id = rows->integer(r, 1);
    m.kind = rows->text(r, 2);
    m.period = rows->text(r, 3);
    m.recipient = rows->text(r, 4);
    m.message = rows->text(r, 5);
    m.status = parse_message_status(rows->text(r, 6));
    m.attempts = static_cast<int>(rows->integer(r, 7));
    m.next_attempt = rows->integer(r, 8);
    m.last_error = rows->text(r, 9);
    m.created = rows->integer(r, 10);
    m.sent = rows->integer(r, 11);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

Result<std::optional<Subscription>> SqlMailing::one_subscription(const Result<SqlRows>& rows) {
  auto found = subscriptions(rows);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Subscription>{};
  return std::optional<Subscription>{std::move(found->front())};
}

Result<std::optional<Subscription>> SqlMailing::subscription(int64_t subscription_id) {
  return one_subscription(session_.query(
      std::string(kSubscriptionColumns) + "WHERE subscription_id = $1", subscription_id));
}

Result<std::optional<Subscription>> SqlMailing::subscription_by_email(std::string_view email) {
  return one_subscription(
      session_.query(std::string(kSubscriptionColumns) + "WHERE email = $1", email));
}

Result<std::optional<Subscription>> SqlMailing::subscription_of_user(int64_t user_id) {
  return one_subscription(session_.query(
      std::string(kSubscriptionColumns) + "WHERE user_id = $1 ORDER BY subscription_id LIMIT 1",
      user_id));
}

Result<Subscription> SqlMailing::subscribe(std::string_view email, int64_t user_id, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // A new address takes a row; one subscribed already (perhaps by another server a moment ago)
  // is read back under its row lock and changed below.
  auto inserted = session_.query(
      "INSERT INTO subscriptions(email, user_id, status, created, changed) VALUES ($1, "
      "nullif(CAST($2 AS bigint), 0), "
      "'pending', $3, $3) ON CONFLICT (email) DO NOTHING",
      email, user_id, now);
  if (!inserted.ok()) return inserted.error();
  auto existing =
      one_subscription(session_.query(std::string(kSubscriptionColumns) + "WHERE email = $1" +
                                          std::string(session_.dialect().lock_rows()),
                                      email));
  if (!existing.ok()) return existing.error();
  if (!existing->has_value())
    return Error{"subscription for " + std::string(email) + " vanished while written"};
  Subscription out = **existing;
  if (inserted->affected() == 0 && resubscribe(out, user_id, now)) {
    if (auto s = update_subscription(out); !s.ok()) return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return out;
}

Status SqlMailing::update_subscription(const Subscription& s) {
  return sql_done(session_.query(
      "UPDATE subscriptions SET user_id = nullif(CAST($1 AS bigint), 0), status = $2, frequency = "
      "$3, "
      "send_hour = $4, "
      "utc_offset_minutes = $5, sections = $6, send_empty = $7, confirmed = $8, changed = $9 "
      "WHERE subscription_id = $10",
      s.user_id, status_name(s.status), s.weekly ? "weekly" : "daily", s.send_hour,
      s.utc_offset_minutes, join_sections(s.sections), s.send_empty, s.confirmed, s.changed, s.id));
}

Status SqlMailing::mark_period_done(int64_t subscription_id, std::string_view period) {
  return sql_done(session_.query(
      "UPDATE subscriptions SET last_period = $1 WHERE subscription_id = $2 AND last_period < $1",
      period, subscription_id));
}

Result<std::vector<Subscription>> SqlMailing::active_subscriptions() {
  return subscriptions(session_.query(std::string(kSubscriptionColumns) +
                                      "WHERE status = 'active' ORDER BY subscription_id"));
}

Result<int64_t> SqlMailing::subscriptions_created_since(int64_t since) {
  auto row = session_.query("SELECT count(*) FROM subscriptions WHERE created >= $1", since);
  if (!row.ok()) return row.error();
  return row->integer(0, 0);
}

Result<bool> SqlMailing::enqueue(const OutboxMessage& m, std::span<const int64_t> doc_ids) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // The unique (subscription, kind, period) makes a second composition, by this server or
  // another, a no-op.
  auto inserted = session_.query(
      "INSERT INTO outbox(subscription_id, kind, period, recipient, message, status, next_attempt, "
      "created) "
      "VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) ON CONFLICT DO NOTHING RETURNING message_id",
      m.subscription_id, m.kind, m.period, m.recipient, m.message, m.next_attempt, m.created);
  if (!inserted.ok()) return inserted.error();
  if (inserted->empty()) return false;
  const int64_t message_id = inserted->integer(0, 0);
  if (!doc_ids.empty()) {
    // WHERE 1 = 1 keeps SQLite from reading ON CONFLICT as a join's ON.
    auto sent = session_.query(
        "INSERT INTO sent_papers(subscription_id, doc_id, message_id) SELECT $1, value, $3 FROM " +
            session_.dialect().each(2) + " WHERE 1 = 1 ON CONFLICT DO NOTHING",
        m.subscription_id, sql_list(session_.dialect(), doc_ids), message_id);
    if (!sent.ok()) return sent.error();
  }
  if (m.kind == "digest") {
    if (auto s = mark_period_done(m.subscription_id, m.period); !s.ok()) return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<OutboxMessage>> SqlMailing::due_messages(int64_t now, size_t limit) {
  return messages(session_.query(
      std::string(kMessageColumns) +
          "WHERE status = 'queued' AND next_attempt <= $1 ORDER BY next_attempt, message_id "
          "LIMIT $2",
      now, limit));
}

Result<int64_t> SqlMailing::due_count(int64_t now) {
  auto rows = session_.query(
      "SELECT count(*) FROM outbox WHERE status = 'queued' AND next_attempt <= $1", now);
  if (!rows.ok()) return rows.error();
  return rows->integer(0, 0);
}

Status SqlMailing::mark_sent(int64_t message_id, int64_t now) {
  return sql_done(
      session_.query("UPDATE outbox SET status = 'sent', sent = $1, attempts = attempts + 1, "
                     "last_error = '' WHERE message_id = $2",
                     now, message_id));
}

Status SqlMailing::mark_retry(int64_t message_id, std::string_view error, int64_t next_attempt) {
  return sql_done(session_.query(
      "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt = $2 "
      "WHERE message_id = $3",
      error, next_attempt, message_id));
}

Status SqlMailing::mark_failed(int64_t message_id, std::string_view error) {
  return sql_done(session_.query(
      "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 "
      "WHERE message_id = $2",
      error, message_id));
}

Result<OutboxCounts> SqlMailing::outbox_counts() {
  auto rows = session_.query("SELECT status, count(*) FROM outbox GROUP BY status");
  if (!rows.ok()) return rows.error();
  OutboxCounts counts;
  for (size_t r = 0; r < rows->rows(); ++r) {
    const std::string status = rows->text(r, 0);
    (status == "sent"     ? counts.sent
     : status == "failed" ? counts.failed
                          : counts.queued) = rows->integer(r, 1);
  }
  return counts;
}

Result<std::vector<OutboxMessage>> SqlMailing::recent_messages(OutboxMessage::Status status,
                                                               size_t limit) {
  return messages(session_.query(
      std::string(kMessageColumns) + "WHERE status = $1 ORDER BY message_id DESC LIMIT $2",
      message_status_name(status), limit));
}

Result<std::vector<int64_t>> SqlMailing::sent_among(int64_t subscription_id,
                                                    std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<int64_t>();
  const SqlDialect& dialect = session_.dialect();
  auto found =
      sql_integers(session_.query("SELECT doc_id FROM sent_papers WHERE subscription_id = $1 AND " +
                                      dialect.in_list("doc_id", 2),
                                  subscription_id, sql_list(dialect, doc_ids)));
  if (!found.ok()) return found.error();
  // In the order asked.
  std::vector<int64_t> out;
  for (int64_t doc_id : doc_ids) {
    if (std::find(found->begin(), found->end(), doc_id) != found->end()) out.push_back(doc_id);
  }
  return out;
}

}  // namespace paperboy
