#include "store/sql/sql_preferences.h"

namespace paperboy {
namespace {

Result<std::vector<SavedSearch>> searches(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<SavedSearch> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), rows->text(r, 2),
                   rows->integer(r, 3) != 0, rows->integer(r, 4)});
  }
  return out;
}

constexpr const char* kSearchColumns =
    "SELECT search_id, user_id, query, alert, created FROM saved_searches ";

}  // namespace

Result<bool> SqlPreferences::set_not_interested(int64_t user_id, int64_t doc_id,
                                                bool not_interested, int64_t now) {
  if (!not_interested) {
    return sql_touched(session_.query(
        "DELETE FROM not_interested WHERE user_id = $1 AND doc_id = $2", user_id, doc_id));
  }
  return sql_touched(
      session_.query("INSERT INTO not_interested(user_id, doc_id, created) VALUES ($1, $2, $3) "
                     "ON CONFLICT DO NOTHING",
                     user_id, doc_id, now));
}

Result<std::vector<int64_t>> SqlPreferences::not_interested(int64_t user_id) {
  return sql_integers(session_.query(
      "SELECT doc_id FROM not_interested WHERE user_id = $1 ORDER BY created DESC, doc_id",
      user_id));
}

Result<std::vector<int64_t>> SqlPreferences::voted_by(int64_t user_id) {
  return sql_integers(session_.query(
      "SELECT doc_id FROM votes WHERE user_id = $1 ORDER BY created DESC, doc_id", user_id));
}

Result<bool> SqlPreferences::set_follow(int64_t user_id, const Follow& follow, bool on) {
  const std::string_view kind = follow_kind_name(follow.kind);
  return sql_touched(
      on ? session_.query("INSERT INTO follows(user_id, kind, value) VALUES ($1, $2, $3) "
                          "ON CONFLICT DO NOTHING",
                          user_id, kind, follow.value)
         : session_.query("DELETE FROM follows WHERE user_id = $1 AND kind = $2 AND value = $3",
                          user_id, kind, follow.value));
}

Result<std::vector<Follow>> SqlPreferences::follows(int64_t user_id) {
  auto rows = session_.query(
      "SELECT kind, value FROM follows WHERE user_id = $1 ORDER BY CASE kind WHEN 'category' THEN "
      "0 WHEN 'author' THEN 1 ELSE 2 END, value",
      user_id);
  if (!rows.ok()) return rows.error();
  std::vector<Follow> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    // A kind a newer paperboy wrote is left out rather than misread.
    if (auto kind = parse_follow_kind(rows->text(r, 0))) out.push_back({*kind, rows->text(r, 1)});
  }
  return out;
}

Result<int64_t> SqlPreferences::save_search(int64_t user_id, std::string_view query, bool alert,
                                            int64_t now) {
  auto row = session_.query(
      "INSERT INTO saved_searches(user_id, query, alert, created) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (user_id, query) DO UPDATE SET alert = excluded.alert RETURNING search_id",
      user_id, query, alert, now);
  if (!row.ok()) return row.error();
  return row->integer(0, 0);
}

Result<std::vector<SavedSearch>> SqlPreferences::saved_searches(int64_t user_id) {
  return searches(session_.query(
      std::string(kSearchColumns) + "WHERE user_id = $1 ORDER BY created, search_id", user_id));
}

Result<std::optional<SavedSearch>> SqlPreferences::saved_search(int64_t search_id) {
  auto found =
      searches(session_.query(std::string(kSearchColumns) + "WHERE search_id = $1", search_id));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<SavedSearch>{};
  return std::optional<SavedSearch>{found->front()};
}

Result<bool> SqlPreferences::delete_search(int64_t user_id, int64_t search_id) {
  return sql_touched(session_.query(
      "DELETE FROM saved_searches WHERE user_id = $1 AND search_id = $2", user_id, search_id));
}

}  // namespace paperboy
