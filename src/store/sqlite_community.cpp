#include "store/sqlite_community.h"

#include <sqlite3.h>

#include "core/handle.h"
#include "store/stored_text.h"

// The columns User is read from, in its order.
#define USER_COLUMNS \
  "user_id, email, name, password_hash, handle, role, suspended, affiliation, links"

namespace paperboy {
namespace {

// Steps a statement that returns rows of one integer column.
Result<std::vector<int64_t>> read_integers(SqliteStatement& select) {
  std::vector<int64_t> values;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) return values;
    values.push_back(select.integer(0));
  }
}

}  // namespace

Result<bool> SqliteCommunity::changed(SqliteStatement& stmt) {
  if (auto s = stmt.run(); !s.ok()) return s.error();
  return sqlite3_changes(db_.handle()) > 0;
}

Result<int64_t> SqliteCommunity::create_user(std::string_view email, std::string_view name,
                                             std::string_view password_hash, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto existing = user_by_email(email);
  if (!existing.ok()) return existing.error();
  if (existing->has_value()) {
    return Error{"an account with the address " + std::string(email) + " exists",
                 ErrorCode::kConflict};
  }
  auto handle = free_handle(handle_from(name) == "reader" ? handle_from(email) : handle_from(name));
  if (!handle.ok()) return handle.error();
  // The first account runs the site: it may grant roles to the next ones.
  auto insert = db_.cached(
      "INSERT INTO users(email, name, password_hash, created, handle, role) VALUES (?, ?, ?, ?, ?, "
      "CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'reader' ELSE 'admin' END)");
  if (!insert.ok()) return insert.error();
  if (auto s = (*insert)
                   ->bind(1, email)
                   .bind(2, name)
                   .bind(3, password_hash)
                   .bind(4, now)
                   .bind(5, *handle)
                   .run();
      !s.ok()) {
    return s.error();
  }
  int64_t user_id = sqlite3_last_insert_rowid(db_.handle());
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return user_id;
}

Result<std::string> SqliteCommunity::free_handle(const std::string& wanted) {
  auto taken = db_.cached(
      "SELECT EXISTS (SELECT 1 FROM users WHERE lower(handle) = ?1) "
      "OR EXISTS (SELECT 1 FROM former_handles WHERE handle_key = ?1)");
  if (!taken.ok()) return taken.error();
  for (int n = 1;; ++n) {
    std::string handle = n == 1 ? wanted : wanted + "-" + std::to_string(n);
    (*taken)->bind(1, handle_key(handle));
    auto row = (*taken)->step();
    if (!row.ok()) return row.error();
    const bool in_use = (*taken)->integer(0) != 0;
    (*taken)->reset();
    if (!in_use) return handle;
  }
}

Result<std::optional<User>> SqliteCommunity::read_user(SqliteStatement& select) {
  auto row = select.step();
  if (!row.ok()) return row.error();
  std::optional<User> user;
  if (*row) {
    user =
        User{select.integer(0), select.text(1), select.text(2),
             select.text(3),    select.text(4), parse_role(select.text(5)).value_or(Role::kReader),
             select.integer(6), select.text(7), select.text(8)};
  }
  select.reset();
  return user;
}

Result<std::optional<User>> SqliteCommunity::user_by_email(std::string_view email) {
  auto select = db_.cached("SELECT " USER_COLUMNS " FROM users WHERE email = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, email);
  return read_user(**select);
}

Result<std::optional<User>> SqliteCommunity::user_by_id(int64_t user_id) {
  auto select = db_.cached("SELECT " USER_COLUMNS " FROM users WHERE user_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  return read_user(**select);
}

Status SqliteCommunity::update_user(int64_t user_id, std::string_view email,
                                    std::string_view name) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto existing = user_by_email(email);
  if (!existing.ok()) return existing.error();
  if (existing->has_value() && (**existing).id != user_id) {
    return Error{"an account with the address " + std::string(email) + " exists",
                 ErrorCode::kConflict};
  }
  auto update = db_.cached("UPDATE users SET email = ?, name = ? WHERE user_id = ?");
  if (!update.ok()) return update.error();
  if (auto s = (*update)->bind(1, email).bind(2, name).bind(3, user_id).run(); !s.ok()) return s;
  return tx->commit();
}

Status SqliteCommunity::set_password_hash(int64_t user_id, std::string_view password_hash) {
  auto update = db_.cached("UPDATE users SET password_hash = ? WHERE user_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, password_hash).bind(2, user_id).run();
}

Status SqliteCommunity::delete_user(int64_t user_id) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  // Foreign keys cascade the rest (sessions, tokens, votes, library and tags, submissions,
  // preferences, and a subscription's outbox and sent papers); the vote counts and the
  // subscriptions (whose user is only SET NULL) are taken here.
  for (const char* sql : {"UPDATE papers SET community_votes = community_votes - 1 "
                          "WHERE doc_id IN (SELECT doc_id FROM votes WHERE user_id = ?1)",
                          "DELETE FROM subscriptions WHERE user_id = ?1 "
                          "OR email = (SELECT email FROM users WHERE user_id = ?1)",
                          "DELETE FROM users WHERE user_id = ?1"}) {
    auto stmt = db_.cached(sql);
    if (!stmt.ok()) return stmt.error();
    if (auto s = (*stmt)->bind(1, user_id).run(); !s.ok()) return s;
  }
  return tx->commit();
}

Status SqliteCommunity::add_session(std::string_view token_hash, const Session& session) {
  // Expired sessions are dropped here rather than by a timer: sign-ins are rare enough.
  auto purge = db_.cached("DELETE FROM sessions WHERE expires < ?");
  if (!purge.ok()) return purge.error();
  if (auto s = (*purge)->bind(1, session.expires - 366 * 86400).run(); !s.ok()) return s;
  auto insert =
      db_.cached("INSERT INTO sessions(token_hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  return (*insert)
      ->bind(1, token_hash)
      .bind(2, session.user_id)
      .bind(3, session.csrf)
      .bind(4, session.expires)
      .run();
}

Result<std::optional<Session>> SqliteCommunity::session(std::string_view token_hash, int64_t now) {
  auto select = db_.cached(
      "SELECT user_id, csrf, expires FROM sessions WHERE token_hash = ? AND expires > ?");
  if (!select.ok()) return select.error();
  SqliteStatement& stmt = **select;
  stmt.bind(1, token_hash).bind(2, now);
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  std::optional<Session> found;
  if (*row) found = Session{stmt.integer(0), stmt.text(1), stmt.integer(2)};
  stmt.reset();
  return found;
}

Status SqliteCommunity::delete_session(std::string_view token_hash) {
  auto stmt = db_.cached("DELETE FROM sessions WHERE token_hash = ?");
  if (!stmt.ok()) return stmt.error();
  return (*stmt)->bind(1, token_hash).run();
}

Status SqliteCommunity::end_sessions(int64_t user_id, std::string_view keep) {
  auto stmt = db_.cached("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?");
  if (!stmt.ok()) return stmt.error();
  return (*stmt)->bind(1, user_id).bind(2, keep).run();
}

Result<int64_t> SqliteCommunity::revoke_api_tokens(int64_t user_id) {
  auto stmt = db_.cached("DELETE FROM api_tokens WHERE user_id = ?");
  if (!stmt.ok()) return stmt.error();
  if (auto s = (*stmt)->bind(1, user_id).run(); !s.ok()) return s.error();
  return static_cast<int64_t>(sqlite3_changes(db_.handle()));
}

Status SqliteCommunity::add_api_token(std::string_view token_hash, int64_t user_id,
                                      std::string_view label, int64_t now) {
  auto stmt =
      db_.cached("INSERT INTO api_tokens(token_hash, user_id, label, created) VALUES (?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.error();
  return (*stmt)->bind(1, token_hash).bind(2, user_id).bind(3, label).bind(4, now).run();
}

Result<std::optional<int64_t>> SqliteCommunity::api_token_user(std::string_view token_hash) {
  auto select = db_.cached("SELECT user_id FROM api_tokens WHERE token_hash = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, token_hash);
  auto ids = read_integers(**select);
  if (!ids.ok()) return ids.error();
  if (ids->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(ids->front());
}

Result<std::vector<ApiToken>> SqliteCommunity::api_tokens(int64_t user_id) {
  auto select = db_.cached(
      "SELECT token_hash, label, created FROM api_tokens WHERE user_id = ? ORDER BY created");
  if (!select.ok()) return select.error();
  SqliteStatement& stmt = **select;
  stmt.bind(1, user_id);
  std::vector<ApiToken> tokens;
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return tokens;
    tokens.push_back({stmt.text(0), stmt.text(1), stmt.integer(2)});
  }
}

Result<bool> SqliteCommunity::revoke_api_token(int64_t user_id, std::string_view token_hash) {
  auto stmt = db_.cached("DELETE FROM api_tokens WHERE user_id = ? AND token_hash = ?");
  if (!stmt.ok()) return stmt.error();
  return changed((*stmt)->bind(1, user_id).bind(2, token_hash));
}

Result<bool> SqliteCommunity::vote(int64_t user_id, int64_t doc_id, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  // The primary key (user_id, doc_id) is what makes a second vote a no-op.
  auto insert =
      db_.cached("INSERT OR IGNORE INTO votes(user_id, doc_id, created) VALUES (?, ?, ?)");
  if (!insert.ok()) return insert.error();
  auto added = changed((*insert)->bind(1, user_id).bind(2, doc_id).bind(3, now));
  if (!added.ok() || !*added) return added;
  auto count =
      db_.cached("UPDATE papers SET community_votes = community_votes + 1 WHERE doc_id = ?");
  if (!count.ok()) return count.error();
  if (auto s = (*count)->bind(1, doc_id).run(); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<bool> SqliteCommunity::unvote(int64_t user_id, int64_t doc_id) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto remove = db_.cached("DELETE FROM votes WHERE user_id = ? AND doc_id = ?");
  if (!remove.ok()) return remove.error();
  auto removed = changed((*remove)->bind(1, user_id).bind(2, doc_id));
  if (!removed.ok() || !*removed) return removed;
  auto count =
      db_.cached("UPDATE papers SET community_votes = community_votes - 1 WHERE doc_id = ?");
  if (!count.ok()) return count.error();
  if (auto s = (*count)->bind(1, doc_id).run(); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<int64_t>> SqliteCommunity::among(const char* table, int64_t user_id,
                                                    std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<int64_t>();
  // The ids travel as one JSON array parameter, so the SQL text stays fixed and prepared once.
  std::string array = "[";
  for (size_t i = 0; i < doc_ids.size(); ++i) array += (i ? "," : "") + std::to_string(doc_ids[i]);
  array += "]";
  auto select = db_.cached(std::string("SELECT doc_id FROM ") + table +
                           " WHERE user_id = ? AND doc_id IN (SELECT value FROM json_each(?))");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, array);
  return read_integers(**select);
}

Result<std::vector<int64_t>> SqliteCommunity::voted_among(int64_t user_id,
                                                          std::span<const int64_t> doc_ids) {
  return among("votes", user_id, doc_ids);
}

Result<std::vector<int64_t>> SqliteCommunity::saved_among(int64_t user_id,
                                                          std::span<const int64_t> doc_ids) {
  return among("library", user_id, doc_ids);
}

Status SqliteCommunity::save(int64_t user_id, int64_t doc_id, std::span<const std::string> tags,
                             int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto entry = db_.cached(
      "INSERT INTO library(user_id, doc_id, saved) VALUES (?, ?, ?) ON CONFLICT(user_id, doc_id) "
      "DO NOTHING");
  if (!entry.ok()) return entry.error();
  if (auto s = (*entry)->bind(1, user_id).bind(2, doc_id).bind(3, now).run(); !s.ok()) return s;
  auto clear = db_.cached("DELETE FROM library_tags WHERE user_id = ? AND doc_id = ?");
  if (!clear.ok()) return clear.error();
  if (auto s = (*clear)->bind(1, user_id).bind(2, doc_id).run(); !s.ok()) return s;
  auto tag =
      db_.cached("INSERT OR IGNORE INTO library_tags(user_id, doc_id, tag) VALUES (?, ?, ?)");
  if (!tag.ok()) return tag.error();
  for (const auto& name : tags) {
    if (auto s = (*tag)->bind(1, user_id).bind(2, doc_id).bind(3, name).run(); !s.ok()) return s;
  }
  return tx->commit();
}

Result<bool> SqliteCommunity::unsave(int64_t user_id, int64_t doc_id) {
  auto stmt = db_.cached("DELETE FROM library WHERE user_id = ? AND doc_id = ?");
  if (!stmt.ok()) return stmt.error();
  return changed((*stmt)->bind(1, user_id).bind(2, doc_id));
}

Result<std::vector<LibraryEntry>> SqliteCommunity::library(int64_t user_id, std::string_view tag) {
  auto select = db_.cached(R"sql(
    SELECT l.doc_id, l.saved,
           (SELECT group_concat(tag, char(31)) FROM
              (SELECT tag FROM library_tags t WHERE t.user_id = l.user_id AND t.doc_id = l.doc_id ORDER BY tag))
    FROM library l
    WHERE l.user_id = ?1 AND (?2 = '' OR EXISTS (SELECT 1 FROM library_tags t
                                               WHERE t.user_id = l.user_id AND t.doc_id = l.doc_id AND t.tag = ?2))
    ORDER BY l.saved DESC, l.doc_id DESC)sql");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, tag);
  return read_entries(**select);
}

Result<std::optional<LibraryEntry>> SqliteCommunity::library_entry(int64_t user_id,
                                                                   int64_t doc_id) {
  auto select = db_.cached(R"sql(
    SELECT l.doc_id, l.saved,
           (SELECT group_concat(tag, char(31)) FROM
              (SELECT tag FROM library_tags t WHERE t.user_id = l.user_id AND t.doc_id = l.doc_id ORDER BY tag))
    FROM library l WHERE l.user_id = ? AND l.doc_id = ?)sql");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, doc_id);
  auto entries = read_entries(**select);
  if (!entries.ok()) return entries.error();
  if (entries->empty()) return std::optional<LibraryEntry>();
  return std::optional<LibraryEntry>(std::move(entries->front()));
}

Result<std::vector<LibraryEntry>> SqliteCommunity::read_entries(SqliteStatement& stmt) {
  std::vector<LibraryEntry> entries;
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return entries;
    LibraryEntry entry{stmt.integer(0), stmt.integer(1), {}};
    entry.tags = split_stored_list(stmt.text(2));
    entries.push_back(std::move(entry));
  }
}

Result<std::vector<std::string>> SqliteCommunity::library_tags(int64_t user_id) {
  auto select = db_.cached("SELECT DISTINCT tag FROM library_tags WHERE user_id = ? ORDER BY tag");
  if (!select.ok()) return select.error();
  SqliteStatement& stmt = **select;
  stmt.bind(1, user_id);
  std::vector<std::string> tags;
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return tags;
    tags.push_back(stmt.text(0));
  }
}

Result<bool> SqliteCommunity::submit(int64_t user_id, int64_t doc_id, const Date& day,
                                     int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto record =
      db_.cached("INSERT OR IGNORE INTO submissions(doc_id, user_id, submitted) VALUES (?, ?, ?)");
  if (!record.ok()) return record.error();
  auto recorded = changed((*record)->bind(1, doc_id).bind(2, user_id).bind(3, now));
  if (!recorded.ok() || !*recorded) return recorded;
  // Listing the paper changes what the index holds for it (its hub day), so it takes a new
  // change number like any other change and the index catches up.
  auto bump = db_.cached("UPDATE counters SET value = value + 1 WHERE name = 'change_seq'");
  if (!bump.ok()) return bump.error();
  if (auto s = (*bump)->run(); !s.ok()) return s.error();
  auto list = db_.cached(
      "UPDATE papers SET hub_day = ?, change_seq = (SELECT value FROM counters WHERE name = "
      "'change_seq'), "
      "submitter = (SELECT handle FROM users WHERE user_id = ?3), "
      "submitter_fullname = (SELECT name FROM users WHERE user_id = ?3) "
      "WHERE doc_id = ?2 AND hub_day = ''");
  if (!list.ok()) return list.error();
  auto listed = changed((*list)->bind(1, day.str()).bind(2, doc_id).bind(3, user_id));
  if (!listed.ok()) return listed;
  if (!*listed) return false;  // already on the feed: the transaction rolls back
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<int64_t> SqliteCommunity::submissions_since(int64_t user_id, int64_t since) {
  auto count = db_.cached("SELECT count(*) FROM submissions WHERE user_id = ? AND submitted >= ?");
  if (!count.ok()) return count.error();
  (*count)->bind(1, user_id).bind(2, since);
  auto row = (*count)->step();
  if (!row.ok()) return row.error();
  const int64_t n = (*count)->integer(0);
  (*count)->reset();
  return n;
}

Result<bool> SqliteCommunity::take_rate_token(std::string_view key, double burst, double per_second,
                                              double now) {
  auto purge = db_.cached("DELETE FROM rate_buckets WHERE updated < ?");
  if (!purge.ok()) return purge.error();
  if (auto s = (*purge)->bind(1, static_cast<int64_t>(now) - kRateBucketLifetime).run(); !s.ok())
    return s.error();
  // One statement reads, refills and takes, so two requests never spend the same token.
  auto take = db_.cached(R"sql(
    INSERT INTO rate_buckets(key, tokens, updated) VALUES (?1, ?2 - 1, ?4)
    ON CONFLICT (key) DO UPDATE SET tokens = min(?2, tokens + (?4 - updated) * ?3) - 1, updated = ?4
      WHERE min(?2, tokens + (?4 - updated) * ?3) >= 1
    RETURNING tokens)sql");
  if (!take.ok()) return take.error();
  SqliteStatement& stmt = **take;
  stmt.bind(1, key).bind_real(2, burst).bind_real(3, per_second).bind_real(4, now);
  auto row = stmt.step();
  stmt.reset();
  if (!row.ok()) return row.error();
  return *row;
}

Result<std::vector<VotedPaper>> SqliteCommunity::voted_papers(const DateRange& days) {
  // Two index range scans rather than one scan of every paper: papers listed on the hub age
  // from their hub day, the others from their first publication.
  auto select = db_.cached(R"sql(
    SELECT doc_id, hub_day, upvotes + community_votes FROM papers
      WHERE hub_day BETWEEN ?1 AND ?2 AND upvotes + community_votes > 0 AND withdrawn = ''
    UNION ALL
    SELECT doc_id, published, upvotes + community_votes FROM papers
      WHERE published BETWEEN ?1 AND ?2 AND hub_day = '' AND upvotes + community_votes > 0
        AND withdrawn = '')sql");
  if (!select.ok()) return select.error();
  SqliteStatement& stmt = **select;
  stmt.bind(1, days.first.str()).bind(2, days.last.str());
  std::vector<VotedPaper> papers;
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return papers;
    auto day = parse_date(stmt.text(1));
    papers.push_back({stmt.integer(0), day.ok() ? *day : Date{}, stmt.integer(2)});
  }
}

}  // namespace paperboy
