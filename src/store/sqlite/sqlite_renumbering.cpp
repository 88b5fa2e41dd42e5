#include "store/sqlite/sqlite_renumbering.h"

#include <array>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace paperboy {
namespace {

// The tables whose numbers reach readers (links, pages, signed tokens) and their number column.
constexpr std::array<std::pair<const char*, const char*>, 8> kNumberedTables = {{
    {"users", "user_id"},
    {"subscriptions", "subscription_id"},
    {"discussion_posts", "post_id"},
    {"collections", "collection_id"},
    {"organizations", "org_id"},
    {"saved_searches", "search_id"},
    {"outbox", "message_id"},
    {"author_claims", "claim_id"},
}};

Result<std::vector<std::string>> schema_sql(SqliteDatabase& db, const char* type,
                                            const char* table) {
  auto stmt = db.prepare(
      "SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, std::string(type)).bind(2, std::string(table));
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back(stmt->text(0));
  }
  return out;
}

// SQLite's way to change a table's definition (https://sqlite.org/lang_altertable.html,
// "other kinds of table schema changes"): the same definition with AUTOINCREMENT under a new
// name, every row copied with its number, the old table dropped, the new one renamed, its
// indexes and triggers made again. Runs in the migration's transaction with foreign keys off
// (the caller's job: they cannot be switched inside a transaction), so dropping the old table
// cascades nowhere; foreign_key_check then proves every reference still holds.
}  // namespace

Status never_reuse_numbers(SqliteDatabase& db) {
  for (const auto& [table, column] : kNumberedTables) {
    auto definition = schema_sql(db, "table", table);
    if (!definition.ok()) return definition.error();
    if (definition->size() != 1) continue;  // not in this store's schema
    std::string sql = definition->front();
    std::smatch key;
    if (!std::regex_search(
            sql, key,
            std::regex(std::string(column) + R"(\s+INTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?)"))) {
      return Error{std::string("migration 14: ") + table + "." + column +
                   " is not its INTEGER PRIMARY KEY"};
    }
    if (key[1].matched) continue;
    sql.insert(static_cast<size_t>(key.position(0) + key.length(0)), " AUTOINCREMENT");
    const std::string renamed = std::string(table) + "_numbered";
    const size_t name_at = sql.find(table);
    sql.replace(name_at, std::string_view(table).size(), renamed);
    auto indexes = schema_sql(db, "index", table);
    if (!indexes.ok()) return indexes.error();
    auto triggers = schema_sql(db, "trigger", table);
    if (!triggers.ok()) return triggers.error();
    for (const std::string& step :
         {sql, "INSERT INTO " + renamed + " SELECT * FROM " + std::string(table),
          "DROP TABLE " + std::string(table),
          "ALTER TABLE " + renamed + " RENAME TO " + std::string(table)}) {
      if (auto s = db.exec(step); !s.ok()) return s;
    }
    for (const auto& again : {*indexes, *triggers}) {
      for (const std::string& step : again) {
        if (auto s = db.exec(step); !s.ok()) return s;
      }
    }
  }
  auto check = db.prepare("PRAGMA foreign_key_check");
  if (!check.ok()) return check.error();
  auto broken = check->step();
  if (!broken.ok()) return broken.error();
  if (*broken) return Error{"migration 14 left a broken reference in table " + check->text(0)};
  return Status::Ok();
}

}  // namespace paperboy
