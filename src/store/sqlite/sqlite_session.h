// SqlSession over one SQLite connection: the community stores' statements, written once in
// PostgreSQL's placeholder style, run here with their $N values bound by name.
#pragma once

#include <optional>

#include "store/sql/sql_session.h"
#include "store/sqlite/sqlite_statement.h"

namespace paperboy {

class SqliteSession final : public SqlSession {
 public:
  explicit SqliteSession(SqliteDatabase& db) : db_(db) {}
  Result<SqlRows> run(std::string_view sql, std::span<const SqlValue> values) override;
  const SqlDialect& dialect() const override { return dialect_; }

 protected:
  Status begin() override;
  Status commit() override;
  void rollback() override;

 private:
  SqliteDatabase& db_;
  SqlDialect dialect_{SqlDialect::Kind::kSqlite};
  std::optional<SqliteTransaction> transaction_;
};

}  // namespace paperboy
