// The community stores run the same SQL on both backends (src/store/sql/), which holds only while
// both schemas have the same tables with the same columns: a column added to one migration and
// forgotten in the other fails here, not in a reader's request on one backend.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "store/postgres/pg_session.h"
#include "store/postgres/pg_store.h"
#include "store/sql/sql_session.h"
#include "store/sqlite/sqlite_session.h"
#include "store/store.h"
#include "test_postgres.h"
#include "test_support.h"

namespace paperboy {
namespace {

using Columns = std::set<std::pair<std::string, std::string>>;  // (table, column)

Columns columns_of(SqlSession& session, const std::string& sql) {
  auto rows = session.query(sql);
  EXPECT_TRUE(rows.ok()) << rows.error().message;
  Columns out;
  if (!rows.ok()) return out;
  for (size_t r = 0; r < rows->rows(); ++r) out.emplace(rows->text(r, 0), rows->text(r, 1));
  return out;
}

std::string listed(const Columns& columns) {
  std::string out;
  for (const auto& [table, column] : columns) out += "  " + table + "." + column + "\n";
  return out;
}

TEST(SchemaParity, BothBackendsHaveTheSameTablesAndColumns) {
  std::string why;
  auto schema = testing::PostgresSchema::create(why);
  if (!schema) {
    if (testing::postgres_required()) FAIL() << why;
    GTEST_SKIP() << why;
  }
  testing::TempDir dir;
  const std::string sqlite_path = (dir.path() / "store.sqlite").string();
  // Opening each store creates its tables and runs every migration.
  ASSERT_TRUE(open_sqlite_store(sqlite_path).ok());
  ASSERT_TRUE(PgStore::open(schema->uri()).ok());

  auto db = SqliteDatabase::open(sqlite_path);
  ASSERT_TRUE(db.ok()) << db.error().message;
  SqliteSession sqlite(**db);
  // sqlite_* tables are SQLite's own (sqlite_sequence remembers AUTOINCREMENT numbers, as
  // PostgreSQL's identity sequences do).
  const Columns on_sqlite =
      columns_of(sqlite,
                 "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                 "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");

  auto conn = PgConnection::open(schema->uri());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  PgSession postgres(**conn);
  const Columns on_postgres =
      columns_of(postgres,
                 "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                 "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
                 "AND t.table_name = c.table_name "
                 "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'");

  ASSERT_GT(on_sqlite.size(), 50u) << "the SQLite schema was not read";
  Columns only_sqlite, only_postgres;
  for (const auto& column : on_sqlite)
    if (!on_postgres.count(column)) only_sqlite.insert(column);
  for (const auto& column : on_postgres)
    if (!on_sqlite.count(column)) only_postgres.insert(column);
  EXPECT_TRUE(only_sqlite.empty()) << "only in SQLite:\n" << listed(only_sqlite);
  EXPECT_TRUE(only_postgres.empty()) << "only in PostgreSQL:\n" << listed(only_postgres);
}

}  // namespace
}  // namespace paperboy
