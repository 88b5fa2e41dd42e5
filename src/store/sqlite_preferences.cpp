#include "store/sqlite_preferences.h"

#include <sqlite3.h>

namespace paperboy {
Result<bool> SqlitePreferences::changed(SqliteStatement& stmt) {
  if (auto s = stmt.run(); !s.ok()) return s.error();
  return sqlite3_changes(db_.handle()) > 0;
}

Result<std::vector<int64_t>> SqlitePreferences::integers(const std::string& sql, int64_t user_id) {
  auto select = db_.cached(sql);
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  std::vector<int64_t> values;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    values.push_back((*select)->integer(0));
  }
  (*select)->reset();
  return values;
}

Result<bool> SqlitePreferences::set_not_interested(int64_t user_id, int64_t doc_id,
                                                   bool not_interested, int64_t now) {
  auto stmt =
      not_interested
          ? db_.cached(
                "INSERT OR IGNORE INTO not_interested(user_id, doc_id, created) VALUES (?, ?, ?)")
          : db_.cached("DELETE FROM not_interested WHERE user_id = ? AND doc_id = ?");
  if (!stmt.ok()) return stmt.error();
  (*stmt)->bind(1, user_id).bind(2, doc_id);
  if (not_interested) (*stmt)->bind(3, now);
  return changed(**stmt);
}

Result<std::vector<int64_t>> SqlitePreferences::not_interested(int64_t user_id) {
  return integers(
      "SELECT doc_id FROM not_interested WHERE user_id = ? ORDER BY created DESC, doc_id", user_id);
}

Result<std::vector<int64_t>> SqlitePreferences::voted_by(int64_t user_id) {
  return integers("SELECT doc_id FROM votes WHERE user_id = ? ORDER BY created DESC, doc_id",
                  user_id);
}

Result<bool> SqlitePreferences::set_follow(int64_t user_id, const Follow& follow, bool on) {
  auto stmt =
      on ? db_.cached("INSERT OR IGNORE INTO follows(user_id, kind, value) VALUES (?, ?, ?)")
         : db_.cached("DELETE FROM follows WHERE user_id = ? AND kind = ? AND value = ?");
  if (!stmt.ok()) return stmt.error();
  (*stmt)->bind(1, user_id).bind(2, follow_kind_name(follow.kind)).bind(3, follow.value);
  return changed(**stmt);
}

Result<std::vector<Follow>> SqlitePreferences::follows(int64_t user_id) {
  auto select = db_.cached(
      "SELECT kind, value FROM follows WHERE user_id = ? ORDER BY CASE kind WHEN 'category' THEN 0 "
      "WHEN 'author' THEN 1 ELSE 2 END, value");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  std::vector<Follow> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    // A kind a newer paperboy wrote is left out rather than misread.
    if (auto kind = parse_follow_kind((*select)->text(0)))
      out.push_back({*kind, (*select)->text(1)});
  }
  (*select)->reset();
  return out;
}

Result<int64_t> SqlitePreferences::save_search(int64_t user_id, std::string_view query, bool alert,
                                               int64_t now) {
  auto upsert = db_.cached(
      "INSERT INTO saved_searches(user_id, query, alert, created) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (user_id, query) DO UPDATE SET alert = excluded.alert");
  if (!upsert.ok()) return upsert.error();
  if (auto s =
          (*upsert)->bind(1, user_id).bind(2, query).bind(3, int64_t{alert}).bind(4, now).run();
      !s.ok()) {
    return s.error();
  }
  auto select = db_.cached("SELECT search_id FROM saved_searches WHERE user_id = ? AND query = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, query);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  const int64_t id = *row ? (*select)->integer(0) : 0;
  (*select)->reset();
  return id;
}

Result<std::vector<SavedSearch>> SqlitePreferences::read_searches(SqliteStatement& select) {
  std::vector<SavedSearch> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({select.integer(0), select.integer(1), select.text(2), select.integer(3) != 0,
                   select.integer(4)});
  }
  select.reset();
  return out;
}

Result<std::vector<SavedSearch>> SqlitePreferences::saved_searches(int64_t user_id) {
  auto select = db_.cached(
      "SELECT search_id, user_id, query, alert, created FROM saved_searches WHERE user_id = ? "
      "ORDER BY created, search_id");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  return read_searches(**select);
}

Result<std::optional<SavedSearch>> SqlitePreferences::saved_search(int64_t search_id) {
  auto select = db_.cached(
      "SELECT search_id, user_id, query, alert, created FROM saved_searches WHERE search_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, search_id);
  auto found = read_searches(**select);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<SavedSearch>{};
  return std::optional<SavedSearch>{found->front()};
}

Result<bool> SqlitePreferences::delete_search(int64_t user_id, int64_t search_id) {
  auto stmt = db_.cached("DELETE FROM saved_searches WHERE user_id = ? AND search_id = ?");
  if (!stmt.ok()) return stmt.error();
  (*stmt)->bind(1, user_id).bind(2, search_id);
  return changed(**stmt);
}

}  // namespace paperboy
