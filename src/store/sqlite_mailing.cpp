#include "store/sqlite_mailing.h"

#include <sqlite3.h>

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

}  // namespace

Result<std::vector<Subscription>> SqliteMailing::read_subscriptions(SqliteStatement& select) {
  std::vector<Subscription> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    Subscription s;
    s.id = select.integer(0);
    s.email = select.text(1);
    s.user_id = select.integer(2);
    s.status = parse_status(select.text(3));
    s.weekly = select.text(4) == "weekly";
    s.send_hour = static_cast<int>(select.integer(5));
    s.utc_offset_minutes = static_cast<int>(select.integer(6));
    s.sections = split_sections(select.text(7));
    s.send_empty = select.integer(8) != 0;
    s.created = select.integer(9);
    s.confirmed = select.integer(10);
    s.changed = select.integer(11);
    s.last_period = select.text(12);
    out.push_back(std::move(s));
  }
  select.reset();
  return out;
}

Result<std::optional<Subscription>> SqliteMailing::one_subscription(const std::string& where,
                                                                    int64_t key,
                                                                    std::string_view text_key) {
  auto select = db_.cached(std::string(kSubscriptionColumns) + where);
  if (!select.ok()) return select.error();
  if (text_key.empty()) {
    (*select)->bind(1, key);
  } else {
    (*select)->bind(1, text_key);
  }
  auto found = read_subscriptions(**select);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Subscription>{};
  return std::optional<Subscription>{std::move(found->front())};
}

Result<std::optional<Subscription>> SqliteMailing::subscription(int64_t subscription_id) {
  return one_subscription("WHERE subscription_id = ?", subscription_id, {});
}

Result<std::optional<Subscription>> SqliteMailing::subscription_by_email(std::string_view email) {
  return one_subscription("WHERE email = ?", 0, email);
}

Result<std::optional<Subscription>> SqliteMailing::subscription_of_user(int64_t user_id) {
  return one_subscription("WHERE user_id = ? ORDER BY subscription_id LIMIT 1", user_id, {});
}

Result<Subscription> SqliteMailing::subscribe(std::string_view email, int64_t user_id,
                                              int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto existing = subscription_by_email(email);
  if (!existing.ok()) return existing.error();
  Subscription out;
  if (existing->has_value()) {
    out = **existing;
    if (resubscribe(out, user_id, now)) {
      if (auto s = update_subscription(out); !s.ok()) return s.error();
    }
  } else {
    auto insert = db_.cached(
        "INSERT INTO subscriptions(email, user_id, status, created, changed) VALUES (?, nullif(?, "
        "0), 'pending', ?, ?)");
    if (!insert.ok()) return insert.error();
    if (auto s = (*insert)->bind(1, email).bind(2, user_id).bind(3, now).bind(4, now).run();
        !s.ok()) {
      return s.error();
    }
    out.id = sqlite3_last_insert_rowid(db_.handle());
    out.email = std::string(email);
    out.user_id = user_id;
    out.created = out.changed = now;
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return out;
}

Status SqliteMailing::update_subscription(const Subscription& s) {
  auto update = db_.cached(
      "UPDATE subscriptions SET user_id = nullif(?, 0), status = ?, frequency = ?, send_hour = ?, "
      "utc_offset_minutes = ?, sections = ?, send_empty = ?, confirmed = ?, changed = ? "
      "WHERE subscription_id = ?");
  if (!update.ok()) return update.error();
  (*update)
      ->bind(1, s.user_id)
      .bind(2, status_name(s.status))
      .bind(3, s.weekly ? "weekly" : "daily");
  (*update)
      ->bind(4, int64_t{s.send_hour})
      .bind(5, int64_t{s.utc_offset_minutes})
      .bind(6, join_sections(s.sections));
  (*update)->bind(7, int64_t{s.send_empty}).bind(8, s.confirmed).bind(9, s.changed);
  (*update)->bind(10, s.id);
  return (*update)->run();
}

Status SqliteMailing::mark_period_done(int64_t subscription_id, std::string_view period) {
  auto update = db_.cached(
      "UPDATE subscriptions SET last_period = ? WHERE subscription_id = ? AND last_period < ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, period).bind(2, subscription_id).bind(3, period).run();
}

Result<std::vector<Subscription>> SqliteMailing::active_subscriptions() {
  auto select = db_.cached(std::string(kSubscriptionColumns) +
                           "WHERE status = 'active' ORDER BY subscription_id");
  if (!select.ok()) return select.error();
  return read_subscriptions(**select);
}

Result<int64_t> SqliteMailing::subscriptions_created_since(int64_t since) {
  auto select = db_.cached("SELECT count(*) FROM subscriptions WHERE created >= ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, since);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  const int64_t count = (*select)->integer(0);
  (*select)->reset();
  return count;
}

Result<bool> SqliteMailing::enqueue(const OutboxMessage& m, std::span<const int64_t> doc_ids) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto insert = db_.cached(
      "INSERT OR IGNORE INTO outbox(subscription_id, kind, period, recipient, message, status, "
      "next_attempt, created) "
      "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)");
  if (!insert.ok()) return insert.error();
  (*insert)
      ->bind(1, m.subscription_id)
      .bind(2, m.kind)
      .bind(3, m.period)
      .bind(4, m.recipient)
      .bind(5, m.message);
  (*insert)->bind(6, m.next_attempt).bind(7, m.created);
  if (auto s = (*insert)->run(); !s.ok()) return s.error();
  if (sqlite3_changes(db_.handle()) == 0) return false;
  const int64_t message_id = sqlite3_last_insert_rowid(db_.handle());
  auto sent = db_.cached(
      "INSERT OR IGNORE INTO sent_papers(subscription_id, doc_id, message_id) VALUES (?, ?, ?)");
  if (!sent.ok()) return sent.error();
  for (int64_t doc_id : doc_ids) {
    if (auto s = (*sent)->bind(1, m.subscription_id).bind(2, doc_id).bind(3, message_id).run();
        !s.ok()) {
      return s.error();
    }
  }
  if (m.kind == "digest") {
    auto period = db_.cached(
        "UPDATE subscriptions SET last_period = ? WHERE subscription_id = ? AND last_period < ?");
    if (!period.ok()) return period.error();
    if (auto s = (*period)->bind(1, m.period).bind(2, m.subscription_id).bind(3, m.period).run();
        !s.ok()) {
      return s.error();
    }
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<OutboxMessage>> SqliteMailing::read_messages(SqliteStatement& select) {
  std::vector<OutboxMessage> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    OutboxMessage m;
    m.id = select.integer(0);
    m.subscription_id = select.integer(1);
    m.kind = select.text(2);
    m.period = select.text(3);
    m.recipient = select.text(4);
    m.message = select.text(5);
    m.status = parse_message_status(select.text(6));
    m.attempts = static_cast<int>(select.integer(7));
    m.next_attempt = select.integer(8);
    m.last_error = select.text(9);
    m.created = select.integer(10);
    m.sent = select.integer(11);
    out.push_back(std::move(m));
  }
  select.reset();
  return out;
}

Result<std::vector<OutboxMessage>> SqliteMailing::due_messages(int64_t now, size_t limit) {
  auto select = db_.cached(
      std::string(kMessageColumns) +
      "WHERE status = 'queued' AND next_attempt <= ? ORDER BY next_attempt, message_id LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, now).bind(2, static_cast<int64_t>(limit));
  return read_messages(**select);
}

Status SqliteMailing::mark_sent(int64_t message_id, int64_t now) {
  auto update = db_.cached(
      "UPDATE outbox SET status = 'sent', sent = ?, attempts = attempts + 1, last_error = '' WHERE "
      "message_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, now).bind(2, message_id).run();
}

Status SqliteMailing::mark_retry(int64_t message_id, std::string_view error, int64_t next_attempt) {
  auto update = db_.cached(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE "
      "message_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, error).bind(2, next_attempt).bind(3, message_id).run();
}

Status SqliteMailing::mark_failed(int64_t message_id, std::string_view error) {
  auto update = db_.cached(
      "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE "
      "message_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, error).bind(2, message_id).run();
}

Result<OutboxCounts> SqliteMailing::outbox_counts() {
  auto select = db_.cached("SELECT status, count(*) FROM outbox GROUP BY status");
  if (!select.ok()) return select.error();
  OutboxCounts counts;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const std::string status = (*select)->text(0);
    const int64_t n = (*select)->integer(1);
    (status == "sent" ? counts.sent : status == "failed" ? counts.failed : counts.queued) = n;
  }
  (*select)->reset();
  return counts;
}

Result<std::vector<OutboxMessage>> SqliteMailing::recent_messages(OutboxMessage::Status status,
                                                                  size_t limit) {
  auto select = db_.cached(std::string(kMessageColumns) +
                           "WHERE status = ? ORDER BY message_id DESC LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, message_status_name(status)).bind(2, static_cast<int64_t>(limit));
  return read_messages(**select);
}

Result<std::vector<int64_t>> SqliteMailing::sent_among(int64_t subscription_id,
                                                       std::span<const int64_t> doc_ids) {
  auto select = db_.cached("SELECT 1 FROM sent_papers WHERE subscription_id = ? AND doc_id = ?");
  if (!select.ok()) return select.error();
  std::vector<int64_t> out;
  for (int64_t doc_id : doc_ids) {
    (*select)->bind(1, subscription_id).bind(2, doc_id);
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (*row) out.push_back(doc_id);
    (*select)->reset();
  }
  return out;
}

}  // namespace paperboy
