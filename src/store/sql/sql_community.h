// The community tables (accounts, sessions, API tokens, votes, libraries, submissions, rate
// buckets), written once for both backends over the store's own SqlSession (so a vote and the
// paper's vote count change in one transaction).
#pragma once

#include "store/community.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlCommunity final : public Community {
 public:
  explicit SqlCommunity(SqlSession& session) : session_(session) {}

  Result<int64_t> create_user(std::string_view email, std::string_view name,
                              std::string_view password_hash, int64_t now) override;
  Result<std::optional<User>> user_by_email(std::string_view email) override;
  Result<std::optional<User>> user_by_id(int64_t user_id) override;
  Status update_user(int64_t user_id, std::string_view email, std::string_view name) override;
  Status set_password_hash(int64_t user_id, std::string_view password_hash) override;
  Status delete_user(int64_t user_id) override;
  Status add_session(std::string_view token_hash, const Session& session) override;
  Result<std::optional<Session>> session(std::string_view token_hash, int64_t now) override;
  Status delete_session(std::string_view token_hash) override;
  Status end_sessions(int64_t user_id, std::string_view keep) override;
  Result<int64_t> revoke_api_tokens(int64_t user_id) override;
  Status add_api_token(std::string_view token_hash, int64_t user_id, std::string_view label,
                       int64_t now) override;
  Result<std::optional<int64_t>> api_token_user(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> api_tokens(int64_t user_id) override;
  Result<bool> revoke_api_token(int64_t user_id, std::string_view token_hash) override;
  Result<bool> vote(int64_t user_id, int64_t doc_id, int64_t now) override;
  Result<bool> unvote(int64_t user_id, int64_t doc_id) override;
  Result<std::vector<int64_t>> voted_among(int64_t user_id,
                                           std::span<const int64_t> doc_ids) override;
  Result<std::vector<int64_t>> saved_among(int64_t user_id,
                                           std::span<const int64_t> doc_ids) override;
  Status save(int64_t user_id, int64_t doc_id, std::span<const std::string> tags,
              int64_t now) override;
  Result<bool> unsave(int64_t user_id, int64_t doc_id) override;
  Result<std::vector<LibraryEntry>> library(int64_t user_id, std::string_view tag) override;
  Result<std::vector<std::string>> library_tags(int64_t user_id) override;
  Result<std::optional<LibraryEntry>> library_entry(int64_t user_id, int64_t doc_id) override;
  Result<bool> submit(int64_t user_id, int64_t doc_id, const Date& day, int64_t now) override;
  Result<int64_t> submissions_since(int64_t user_id, int64_t since) override;
  Result<std::vector<VotedPaper>> voted_papers(const DateRange& days) override;
  Result<bool> take_rate_token(std::string_view key, double burst, double per_second,
                               double now) override;

 private:
  // `wanted`, or `wanted-2`, `wanted-3`…: the first no account has or had.
  Result<std::string> free_handle(const std::string& wanted);
  // Changes a paper's community_votes by `delta` when `change_sql` (its $1 the user, $2 the
  // paper) touched a row, both in one transaction; whether it did.
  Result<bool> change_vote(const char* change_sql, int64_t user_id, int64_t doc_id, int64_t now,
                           int delta);
  // Takes the next change number (store.h): the counter's row lock, held to commit.
  Result<int64_t> next_change_seq();
  // Changes a paper's community_votes by `delta` and gives it change number `seq`.
  Status set_votes_changed(int64_t doc_id, int delta, int64_t seq);
  // Both: a vote count changed outside change_vote.
  Status add_votes(int64_t doc_id, int delta);
  std::string library_columns() const;

  SqlSession& session_;
};

}  // namespace paperboy
