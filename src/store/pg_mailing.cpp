#include "store/pg_mailing.h"

#include <algorithm>

#include "store/mailing_text.h"

namespace paperboy {
namespace {

constexpr const char* kSubscriptionColumns =
    "SELECT subscription_id, email, coalesce(user_id, 0), status, frequency, send_hour, "
    "utc_offset_minutes, sections, "
    "send_empty, created, confirmed, changed, last_period FROM subscriptions ";

constexpr const char* kMessageColumns =
    "SELECT message_id, subscription_id, kind, period, recipient, message, status, attempts, "
    "next_attempt, last_error, "
    "created, sent FROM outbox ";

Result<std::vector<Subscription>> subscriptions(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Subscription> out;
  for (int r = 0; r < rows->rows(); ++r) {
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

Result<std::vector<OutboxMessage>> messages(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<OutboxMessage> out;
  for (int r = 0; r < rows->rows(); ++r) {
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

Result<std::optional<Subscription>> PgMailing::one_subscription(const Result<PgResult>& rows) {
  auto found = subscriptions(rows);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Subscription>{};
  return std::optional<Subscription>{std::move(found->front())};
}

Result<std::optional<Subscription>> PgMailing::subscription(int64_t subscription_id) {
  return one_subscription(conn_.query(
      std::string(kSubscriptionColumns) + "WHERE subscription_id = $1", subscription_id));
}

Result<std::optional<Subscription>> PgMailing::subscription_by_email(std::string_view email) {
  return one_subscription(
      conn_.query(std::string(kSubscriptionColumns) + "WHERE email = $1", email));
}

Result<std::optional<Subscription>> PgMailing::subscription_of_user(int64_t user_id) {
  return one_subscription(conn_.query(
      std::string(kSubscriptionColumns) + "WHERE user_id = $1 ORDER BY subscription_id LIMIT 1",
      user_id));
}

Result<Subscription> PgMailing::subscribe(std::string_view email, int64_t user_id, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  // A new address takes a row; one subscribed already (perhaps by another server a moment ago)
  // is read back under its row lock and changed below.
  auto inserted = conn_.query(
      "INSERT INTO subscriptions(email, user_id, status, created, changed) VALUES ($1, "
      "nullif($2::bigint, 0), "
      "'pending', $3, $3) ON CONFLICT (email) DO NOTHING",
      email, user_id, now);
  if (!inserted.ok()) return inserted.error();
  auto existing = one_subscription(
      conn_.query(std::string(kSubscriptionColumns) + "WHERE email = $1 FOR UPDATE", email));
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

Status PgMailing::update_subscription(const Subscription& s) {
  return pg_done(conn_.query(
      "UPDATE subscriptions SET user_id = nullif($1::bigint, 0), status = $2, frequency = $3, "
      "send_hour = $4, "
      "utc_offset_minutes = $5, sections = $6, send_empty = $7, confirmed = $8, changed = $9 "
      "WHERE subscription_id = $10",
      s.user_id, status_name(s.status), s.weekly ? "weekly" : "daily", s.send_hour,
      s.utc_offset_minutes, join_sections(s.sections), s.send_empty, s.confirmed, s.changed, s.id));
}

Status PgMailing::mark_period_done(int64_t subscription_id, std::string_view period) {
  return pg_done(conn_.query(
      "UPDATE subscriptions SET last_period = $1 WHERE subscription_id = $2 AND last_period < $1",
      period, subscription_id));
}

Result<std::vector<Subscription>> PgMailing::active_subscriptions() {
  return subscriptions(conn_.query(std::string(kSubscriptionColumns) +
                                   "WHERE status = 'active' ORDER BY subscription_id"));
}

Result<int64_t> PgMailing::subscriptions_created_since(int64_t since) {
  auto row = conn_.query("SELECT count(*) FROM subscriptions WHERE created >= $1", since);
  if (!row.ok()) return row.error();
  return row->integer(0, 0);
}

Result<bool> PgMailing::enqueue(const OutboxMessage& m, std::span<const int64_t> doc_ids) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  // The unique (subscription, kind, period) makes a second composition, by this server or
  // another, a no-op.
  auto inserted = conn_.query(
      "INSERT INTO outbox(subscription_id, kind, period, recipient, message, status, next_attempt, "
      "created) "
      "VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) ON CONFLICT DO NOTHING RETURNING message_id",
      m.subscription_id, m.kind, m.period, m.recipient, m.message, m.next_attempt, m.created);
  if (!inserted.ok()) return inserted.error();
  if (inserted->rows() == 0) return false;
  const int64_t message_id = inserted->integer(0, 0);
  if (!doc_ids.empty()) {
    auto sent = conn_.query(
        "INSERT INTO sent_papers(subscription_id, doc_id, message_id) "
        "SELECT $1, doc_id, $3 FROM unnest($2::bigint[]) AS t(doc_id) ON CONFLICT DO NOTHING",
        m.subscription_id, pg_array(doc_ids), message_id);
    if (!sent.ok()) return sent.error();
  }
  if (m.kind == "digest") {
    if (auto s = mark_period_done(m.subscription_id, m.period); !s.ok()) return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<OutboxMessage>> PgMailing::due_messages(int64_t now, size_t limit) {
  return messages(conn_.query(
      std::string(kMessageColumns) +
          "WHERE status = 'queued' AND next_attempt <= $1 ORDER BY next_attempt, message_id "
          "LIMIT $2",
      now, limit));
}

Status PgMailing::mark_sent(int64_t message_id, int64_t now) {
  return pg_done(
      conn_.query("UPDATE outbox SET status = 'sent', sent = $1, attempts = attempts + 1, "
                  "last_error = '' WHERE message_id = $2",
                  now, message_id));
}

Status PgMailing::mark_retry(int64_t message_id, std::string_view error, int64_t next_attempt) {
  return pg_done(
      conn_.query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt = $2 "
                  "WHERE message_id = $3",
                  error, next_attempt, message_id));
}

Status PgMailing::mark_failed(int64_t message_id, std::string_view error) {
  return pg_done(
      conn_.query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 "
                  "WHERE message_id = $2",
                  error, message_id));
}

Result<OutboxCounts> PgMailing::outbox_counts() {
  auto rows = conn_.query("SELECT status, count(*) FROM outbox GROUP BY status");
  if (!rows.ok()) return rows.error();
  OutboxCounts counts;
  for (int r = 0; r < rows->rows(); ++r) {
    const std::string status = rows->text(r, 0);
    (status == "sent"     ? counts.sent
     : status == "failed" ? counts.failed
                          : counts.queued) = rows->integer(r, 1);
  }
  return counts;
}

Result<std::vector<OutboxMessage>> PgMailing::recent_messages(OutboxMessage::Status status,
                                                              size_t limit) {
  return messages(conn_.query(
      std::string(kMessageColumns) + "WHERE status = $1 ORDER BY message_id DESC LIMIT $2",
      message_status_name(status), limit));
}

Result<std::vector<int64_t>> PgMailing::sent_among(int64_t subscription_id,
                                                   std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<int64_t>();
  auto found = pg_integers(conn_.query(
      "SELECT doc_id FROM sent_papers WHERE subscription_id = $1 AND doc_id = ANY($2::bigint[])",
      subscription_id, pg_array(doc_ids)));
  if (!found.ok()) return found.error();
  // In the order asked, as the SQLite store answers.
  std::vector<int64_t> out;
  for (int64_t doc_id : doc_ids) {
    if (std::find(found->begin(), found->end(), doc_id) != found->end()) out.push_back(doc_id);
  }
  return out;
}

}  // namespace paperboy
