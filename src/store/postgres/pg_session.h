// SqlSession over one PostgreSQL connection: the community stores' statements, written once,
// run here as prepared statements with their values as text parameters.
#pragma once

#include <optional>

#include "store/postgres/pg_connection.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class PgSession final : public SqlSession {
 public:
  explicit PgSession(PgConnection& conn) : conn_(conn) {}
  Result<SqlRows> run(std::string_view sql, std::span<const SqlValue> values) override;
  const SqlDialect& dialect() const override { return dialect_; }

 protected:
  Status begin() override;
  Status commit() override;
  void rollback() override;

 private:
  PgConnection& conn_;
  SqlDialect dialect_{SqlDialect::Kind::kPostgres};
  std::optional<PgTransaction> transaction_;
};

}  // namespace paperboy
