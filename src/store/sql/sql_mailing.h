// The mail tables (subscriptions, outbox, sent papers), written once for both backends over
// their SqlSession.
#pragma once

#include "store/mailing.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlMailing final : public Mailing {
 public:
  explicit SqlMailing(SqlSession& session) : session_(session) {}

  Result<Subscription> subscribe(std::string_view email, int64_t user_id, int64_t now) override;
  Result<std::optional<Subscription>> subscription(int64_t subscription_id) override;
  Result<std::optional<Subscription>> subscription_by_email(std::string_view email) override;
  Result<std::optional<Subscription>> subscription_of_user(int64_t user_id) override;
  Status update_subscription(const Subscription& subscription) override;
  Status mark_period_done(int64_t subscription_id, std::string_view period) override;
  Result<std::vector<Subscription>> active_subscriptions() override;
  Result<int64_t> subscriptions_created_since(int64_t since) override;
  Result<bool> enqueue(const OutboxMessage& message, std::span<const int64_t> doc_ids) override;
  Result<std::vector<OutboxMessage>> due_messages(int64_t now, size_t limit) override;
  Result<int64_t> due_count(int64_t now) override;
  Status mark_sent(int64_t message_id, int64_t now) override;
  Status mark_retry(int64_t message_id, std::string_view error, int64_t next_attempt) override;
  Status mark_failed(int64_t message_id, std::string_view error) override;
  Result<OutboxCounts> outbox_counts() override;
  Result<std::vector<OutboxMessage>> recent_messages(OutboxMessage::Status status,
                                                     size_t limit) override;
  Result<std::vector<int64_t>> sent_among(int64_t subscription_id,
                                          std::span<const int64_t> doc_ids) override;

 private:
  Result<std::optional<Subscription>> one_subscription(const Result<SqlRows>& rows);

  SqlSession& session_;
};

}  // namespace paperboy
