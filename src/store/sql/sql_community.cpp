#include "store/sql/sql_community.h"

#include "core/handle.h"
#include "store/stored_text.h"

// The columns User is read from, in its order.
#define USER_COLUMNS \
  "user_id, email, name, password_hash, handle, role, suspended, affiliation, links"

namespace paperboy {
namespace {

Result<std::optional<User>> one_user(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(User{rows->integer(0, 0), rows->text(0, 1), rows->text(0, 2),
                                  rows->text(0, 3), rows->text(0, 4),
                                  parse_role(rows->text(0, 5)).value_or(Role::kReader),
                                  rows->integer(0, 6), rows->text(0, 7), rows->text(0, 8)});
}

// Rows of (doc_id, saved, tags joined by \x1f).
Result<std::vector<LibraryEntry>> entries(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<LibraryEntry> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), split_stored_list(rows->text(r, 2))});
  }
  return out;
}

Error address_taken(std::string_view email) {
  return Error{"an account with the address " + std::string(email) + " exists",
               ErrorCode::kConflict};
}

}  // namespace

// A library entry with its tags; a WHERE clause on `l` follows.
std::string SqlCommunity::library_columns() const {
  return "SELECT l.doc_id, l.saved, " +
         session_.dialect().joined(
             "tag", "library_tags t WHERE t.user_id = l.user_id AND t.doc_id = l.doc_id") +
         " FROM library l ";
}

Result<int64_t> SqlCommunity::create_user(std::string_view email, std::string_view name,
                                          std::string_view password_hash, int64_t now) {
  auto handle = free_handle(handle_from(name) == "reader" ? handle_from(email) : handle_from(name));
  if (!handle.ok()) return handle.error();
  // ON CONFLICT rather than a check first: two servers signing up one address at once still
  // make one account, and the loser hears the same words as a later attempt. The first
  // account runs the site: it may grant roles to the next ones.
  auto row = session_.query(
      "INSERT INTO users(email, name, password_hash, created, handle, role) "
      "VALUES ($1, $2, $3, $4, $5, "
      "CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'reader' ELSE 'admin' END) "
      "ON CONFLICT (email) DO NOTHING RETURNING user_id",
      email, name, password_hash, now, *handle);
  if (!row.ok()) return row.error();
  if (row->empty()) return address_taken(email);
  return row->integer(0, 0);
}

Result<std::string> SqlCommunity::free_handle(const std::string& wanted) {
  for (int n = 1;; ++n) {
    std::string handle = n == 1 ? wanted : wanted + "-" + std::to_string(n);
    auto taken = session_.query(
        "SELECT 1 FROM users WHERE lower(handle) = $1 "
        "UNION ALL SELECT 1 FROM former_handles WHERE handle_key = $1",
        handle_key(handle));
    if (!taken.ok()) return taken.error();
    if (taken->empty()) return handle;
  }
}

Result<std::optional<User>> SqlCommunity::user_by_email(std::string_view email) {
  return one_user(session_.query("SELECT " USER_COLUMNS " FROM users WHERE email = $1", email));
}

Result<std::optional<User>> SqlCommunity::user_by_id(int64_t user_id) {
  return one_user(session_.query("SELECT " USER_COLUMNS " FROM users WHERE user_id = $1", user_id));
}

Status SqlCommunity::update_user(int64_t user_id, std::string_view email, std::string_view name) {
  auto updated = session_.query(
      "UPDATE users SET email = $1, name = $2 WHERE user_id = $3 "
      "AND NOT EXISTS (SELECT 1 FROM users WHERE email = $1 AND user_id <> $3)",
      email, name, user_id);
  if (!updated.ok()) {
    return updated.error().code == ErrorCode::kConflict ? address_taken(email)
                                                        : Status(updated.error());
  }
  if (updated->affected() == 0) {
    auto user = user_by_id(user_id);
    if (!user.ok()) return user.error();
    if (user->has_value()) return address_taken(email);
  }
  return Status::Ok();
}

Status SqlCommunity::set_password_hash(int64_t user_id, std::string_view password_hash) {
  return sql_done(session_.query("UPDATE users SET password_hash = $1 WHERE user_id = $2",
                                 password_hash, user_id));
}

Status SqlCommunity::delete_user(int64_t user_id) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // Foreign keys cascade the rest; the vote counts and the subscriptions (whose user is only
  // SET NULL) are taken here. Each paper the reader voted for changes (its count), so each takes
  // a change number, the counter's lock first as in every writer.
  auto voted = sql_integers(session_.query("SELECT doc_id FROM votes WHERE user_id = $1", user_id));
  if (!voted.ok()) return voted.error();
  for (int64_t doc_id : *voted) {
    if (auto s = add_votes(doc_id, -1); !s.ok()) return s;
  }
  for (const char* sql : {"DELETE FROM subscriptions WHERE user_id = $1 "
                          "OR email = (SELECT email FROM users WHERE user_id = $1)",
                          "DELETE FROM users WHERE user_id = $1"}) {
    if (auto s = sql_done(session_.query(sql, user_id)); !s.ok()) return s;
  }
  return tx->commit();
}

Status SqlCommunity::add_session(std::string_view token_hash, const Session& session) {
  // Expired sessions are dropped here rather than by a timer: sign-ins are rare enough.
  if (auto s = sql_done(session_.query("DELETE FROM sessions WHERE expires < $1",
                                       session.expires - int64_t{366} * 86400));
      !s.ok()) {
    return s;
  }
  return sql_done(session_.query(
      "INSERT INTO sessions(token_hash, user_id, csrf, expires) VALUES ($1, $2, $3, $4)",
      token_hash, session.user_id, session.csrf, session.expires));
}

Result<std::optional<Session>> SqlCommunity::session(std::string_view token_hash, int64_t now) {
  auto row = session_.query(
      "SELECT user_id, csrf, expires FROM sessions WHERE token_hash = $1 AND expires > $2",
      token_hash, now);
  if (!row.ok()) return row.error();
  if (row->empty()) return std::optional<Session>();
  return std::optional<Session>(Session{row->integer(0, 0), row->text(0, 1), row->integer(0, 2)});
}

Status SqlCommunity::delete_session(std::string_view token_hash) {
  return sql_done(session_.query("DELETE FROM sessions WHERE token_hash = $1", token_hash));
}

Status SqlCommunity::end_sessions(int64_t user_id, std::string_view keep) {
  return sql_done(session_.query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
                                 user_id, keep));
}

Result<int64_t> SqlCommunity::revoke_api_tokens(int64_t user_id) {
  auto result = session_.query("DELETE FROM api_tokens WHERE user_id = $1", user_id);
  if (!result.ok()) return result.error();
  return result->affected();
}

Status SqlCommunity::add_api_token(std::string_view token_hash, int64_t user_id,
                                   std::string_view label, int64_t now) {
  return sql_done(session_.query(
      "INSERT INTO api_tokens(token_hash, user_id, label, created) VALUES ($1, $2, $3, $4)",
      token_hash, user_id, label, now));
}

Result<std::optional<int64_t>> SqlCommunity::api_token_user(std::string_view token_hash) {
  auto ids = sql_integers(
      session_.query("SELECT user_id FROM api_tokens WHERE token_hash = $1", token_hash));
  if (!ids.ok()) return ids.error();
  if (ids->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(ids->front());
}

Result<std::vector<ApiToken>> SqlCommunity::api_tokens(int64_t user_id) {
  auto rows = session_.query(
      "SELECT token_hash, label, created FROM api_tokens WHERE user_id = $1 ORDER BY created",
      user_id);
  if (!rows.ok()) return rows.error();
  std::vector<ApiToken> tokens;
  for (size_t r = 0; r < rows->rows(); ++r)
    tokens.push_back({rows->text(r, 0), rows->text(r, 1), rows->integer(r, 2)});
  return tokens;
}

Result<bool> SqlCommunity::revoke_api_token(int64_t user_id, std::string_view token_hash) {
  return sql_touched(session_.query("DELETE FROM api_tokens WHERE user_id = $1 AND token_hash = $2",
                                    user_id, token_hash));
}

Result<bool> SqlCommunity::change_vote(const char* change_sql, int64_t user_id, int64_t doc_id,
                                       int64_t now, int delta) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // The counter's lock comes first, as in every writer, so a vote never waits on a row another
  // writer holds while holding one it needs (a no-op vote rolls the number back).
  auto seq = next_change_seq();
  if (!seq.ok()) return seq.error();
  auto changed = sql_touched(delta > 0 ? session_.query(change_sql, user_id, doc_id, now)
                                       : session_.query(change_sql, user_id, doc_id));
  if (!changed.ok() || !*changed) return changed;
  if (auto s = set_votes_changed(doc_id, delta, *seq); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<int64_t> SqlCommunity::next_change_seq() {
  auto seq = session_.query(
      "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value");
  if (!seq.ok()) return seq.error();
  return seq->integer(0, 0);
}

// A paper's vote count is in every index (sort=votes orders by it), so a vote is a change like
// any other: the paper takes the new number and every server's index catches up with it.
Status SqlCommunity::set_votes_changed(int64_t doc_id, int delta, int64_t seq) {
  return sql_done(
      session_.query("UPDATE papers SET community_votes = community_votes + $1, "
                     "change_seq = $2 WHERE doc_id = $3",
                     delta, seq, doc_id));
}

Status SqlCommunity::add_votes(int64_t doc_id, int delta) {
  auto seq = next_change_seq();
  if (!seq.ok()) return seq.error();
  return set_votes_changed(doc_id, delta, *seq);
}

Result<bool> SqlCommunity::vote(int64_t user_id, int64_t doc_id, int64_t now) {
  // The primary key (user_id, doc_id) is what makes a second vote, from any server, a no-op.
  return change_vote(
      "INSERT INTO votes(user_id, doc_id, created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      user_id, doc_id, now, +1);
}

Result<bool> SqlCommunity::unvote(int64_t user_id, int64_t doc_id) {
  return change_vote("DELETE FROM votes WHERE user_id = $1 AND doc_id = $2", user_id, doc_id, 0,
                     -1);
}

Result<std::vector<int64_t>> SqlCommunity::voted_among(int64_t user_id,
                                                       std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<int64_t>();
  const SqlDialect& dialect = session_.dialect();
  return sql_integers(session_.query(
      "SELECT doc_id FROM votes WHERE user_id = $1 AND " + dialect.in_list("doc_id", 2), user_id,
      sql_list(dialect, doc_ids)));
}

Result<std::vector<int64_t>> SqlCommunity::saved_among(int64_t user_id,
                                                       std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<int64_t>();
  const SqlDialect& dialect = session_.dialect();
  return sql_integers(session_.query(
      "SELECT doc_id FROM library WHERE user_id = $1 AND " + dialect.in_list("doc_id", 2), user_id,
      sql_list(dialect, doc_ids)));
}

Status SqlCommunity::save(int64_t user_id, int64_t doc_id, std::span<const std::string> tags,
                          int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  if (auto s =
          sql_done(session_.query("INSERT INTO library(user_id, doc_id, saved) VALUES ($1, $2, $3) "
                                  "ON CONFLICT (user_id, doc_id) DO NOTHING",
                                  user_id, doc_id, now));
      !s.ok()) {
    return s;
  }
  if (auto s = sql_done(session_.query(
          "DELETE FROM library_tags WHERE user_id = $1 AND doc_id = $2", user_id, doc_id));
      !s.ok()) {
    return s;
  }
  for (const std::string& tag : tags) {
    if (auto s = sql_done(
            session_.query("INSERT INTO library_tags(user_id, doc_id, tag) VALUES ($1, $2, $3) "
                           "ON CONFLICT DO NOTHING",
                           user_id, doc_id, tag));
        !s.ok()) {
      return s;
    }
  }
  return tx->commit();
}

Result<bool> SqlCommunity::unsave(int64_t user_id, int64_t doc_id) {
  return sql_touched(
      session_.query("DELETE FROM library WHERE user_id = $1 AND doc_id = $2", user_id, doc_id));
}

Result<std::vector<LibraryEntry>> SqlCommunity::library(int64_t user_id, std::string_view tag) {
  return entries(session_.query(
      library_columns() +
          "WHERE l.user_id = $1 AND ($2 = '' OR EXISTS (SELECT 1 FROM library_tags t "
          "WHERE t.user_id = l.user_id AND t.doc_id = l.doc_id AND t.tag = $2)) "
          "ORDER BY l.saved DESC, l.doc_id DESC",
      user_id, tag));
}

Result<std::optional<LibraryEntry>> SqlCommunity::library_entry(int64_t user_id, int64_t doc_id) {
  auto found = entries(session_.query(library_columns() + "WHERE l.user_id = $1 AND l.doc_id = $2",
                                      user_id, doc_id));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<LibraryEntry>();
  return std::optional<LibraryEntry>(std::move(found->front()));
}

Result<std::vector<std::string>> SqlCommunity::library_tags(int64_t user_id) {
  auto rows = session_.query(
      "SELECT DISTINCT tag FROM library_tags WHERE user_id = $1 ORDER BY tag", user_id);
  if (!rows.ok()) return rows.error();
  std::vector<std::string> tags;
  for (size_t r = 0; r < rows->rows(); ++r) tags.push_back(rows->text(r, 0));
  return tags;
}

Result<bool> SqlCommunity::submit(int64_t user_id, int64_t doc_id, const Date& day, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto recorded = sql_touched(
      session_.query("INSERT INTO submissions(doc_id, user_id, submitted) VALUES ($1, $2, "
                     "$3) ON CONFLICT DO NOTHING",
                     doc_id, user_id, now));
  if (!recorded.ok() || !*recorded) return recorded;
  // Listing the paper changes what the index holds for it (its hub day), so it takes a new
  // change number like any other change, under the counter's lock like any other writer.
  auto seq = next_change_seq();
  if (!seq.ok()) return seq.error();
  auto listed =
      sql_touched(session_.query("UPDATE papers SET hub_day = $1, change_seq = $2, "
                                 "submitter = (SELECT handle FROM users WHERE user_id = $4), "
                                 "submitter_fullname = (SELECT name FROM users WHERE user_id = $4) "
                                 "WHERE doc_id = $3 AND hub_day = ''",
                                 day.str(), *seq, doc_id, user_id));
  if (!listed.ok() || !*listed) return listed;  // already on the feed: the transaction rolls back
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<bool> SqlCommunity::take_rate_token(std::string_view key, double burst, double per_second,
                                           double now) {
  if (auto s = sql_done(session_.query("DELETE FROM rate_buckets WHERE updated < $1",
                                       static_cast<int64_t>(now) - kRateBucketLifetime));
      !s.ok()) {
    return s.error();
  }
  // One statement reads, refills and takes (the row lock orders servers taking from one bucket).
  const std::string refilled = session_.dialect().smaller(
      "CAST($2 AS double precision)",
      "rate_buckets.tokens + (CAST($4 AS double precision) - rate_buckets.updated) * "
      "CAST($3 AS double precision)");
  auto taken = session_.query(
      "INSERT INTO rate_buckets(key, tokens, updated) "
      "VALUES ($1, CAST($2 AS double precision) - 1, CAST($4 AS double precision)) "
      "ON CONFLICT (key) DO UPDATE SET tokens = " +
          refilled + " - 1, updated = CAST($4 AS double precision) WHERE " + refilled +
          " >= 1 RETURNING tokens",
      key, burst, per_second, now);
  if (!taken.ok()) return taken.error();
  return !taken->empty();
}

Result<int64_t> SqlCommunity::submissions_since(int64_t user_id, int64_t since) {
  auto count = sql_integers(session_.query(
      "SELECT count(*) FROM submissions WHERE user_id = $1 AND submitted >= $2", user_id, since));
  if (!count.ok()) return count.error();
  return count->empty() ? 0 : count->front();
}

Result<std::vector<VotedPaper>> SqlCommunity::voted_papers(const DateRange& days) {
  auto rows = session_.query(R"sql(
    SELECT doc_id, hub_day, upvotes + community_votes FROM papers
      WHERE hub_day BETWEEN $1 AND $2 AND upvotes + community_votes > 0 AND withdrawn = ''
    UNION ALL
    SELECT doc_id, published, upvotes + community_votes FROM papers
      WHERE published BETWEEN $1 AND $2 AND hub_day = '' AND upvotes + community_votes > 0
        AND withdrawn = '')sql",
                             days.first.str(), days.last.str());
  if (!rows.ok()) return rows.error();
  std::vector<VotedPaper> papers;
  for (size_t r = 0; r < rows->rows(); ++r) {
    papers.push_back({rows->integer(r, 0), stored_date(rows->text(r, 1)), rows->integer(r, 2)});
  }
  return papers;
}

}  // namespace paperboy
