// RAII handles over libpq: a connection that prepares each SQL text once and runs it with its
// values as parameters (never spliced into the text), its results, and a transaction that rolls
// back unless committed. Errors carry a code from the SQLSTATE, so a lost server reads as
// "unavailable" and a broken unique constraint as "conflict".
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace paperboy {

// One parameter in PostgreSQL's text form; nullopt is SQL NULL.
using PgValue = std::optional<std::string>;

inline PgValue pg_value(int64_t value) { return std::to_string(value); }
inline PgValue pg_value(int value) { return std::to_string(value); }
inline PgValue pg_value(size_t value) { return std::to_string(value); }
PgValue pg_value(double value);  // every digit a double holds
inline PgValue pg_value(bool value) { return value ? "1" : "0"; }
inline PgValue pg_value(std::string_view text) { return std::string(text); }
inline PgValue pg_value(const std::string& text) { return text; }
inline PgValue pg_value(const char* text) { return std::string(text); }
inline PgValue pg_value(std::nullopt_t) { return std::nullopt; }
inline PgValue pg_value(const PgValue& value) { return value; }

// Array literals ('{…}'), so a list travels as one parameter ($1::text[], $1::bigint[]).
std::string pg_array(std::span<const std::string> items);
std::string pg_array(std::span<const int64_t> items);

class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  int columns() const { return PQnfields(result_.get()); }
  std::string text(int row, int column) const;
  int64_t integer(int row, int column) const;
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  // Rows an INSERT, UPDATE or DELETE touched (for a SELECT, the rows it returned).
  int64_t affected() const;
  // The statement's command tag's first word: SELECT, INSERT, UPDATE, DELETE, …
  std::string command() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class PgConnection {
 public:
  // `conninfo` is a libpq URI (postgresql://…) or keyword=value string.
  // `password`, when not empty, overrides the URI's.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo,
                                                    const std::string& password = "");
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with its parameters ($1, $2, …), prepared on first use.
  Result<PgResult> run(const std::string& sql, const std::vector<PgValue>& params);
  template <typename... Values>
  Result<PgResult> query(const std::string& sql, const Values&... values) {
    return run(sql, std::vector<PgValue>{pg_value(values)...});
  }
  // For schema scripts and transaction control only: statements with no values in them.
  Status exec(const std::string& sql);

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  // After a lost connection, one reconnect before the next statement (prepared statements die
  // with the old session).
  Status ensure_connected();
  Error error_of(const PGresult* result, std::string_view sql) const;

  friend class PgTransaction;
  PGconn* conn_;
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// Small readers of a statement's outcome: its error alone, whether it touched a row, the
// first column of every row as integers.
inline Status pg_done(const Result<PgResult>& result) {
  if (!result.ok()) return result.error();
  return Status::Ok();
}
inline Result<bool> pg_touched(const Result<PgResult>& result) {
  if (!result.ok()) return result.error();
  return result->affected() > 0;
}
inline Result<std::vector<int64_t>> pg_integers(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<int64_t> values;
  values.reserve(static_cast<size_t>(rows->rows()));
  for (int r = 0; r < rows->rows(); ++r) values.push_back(rows->integer(r, 0));
  return values;
}

// Holds a transaction open; rolls back unless commit() succeeded.
class PgTransaction {
 public:
  static Result<PgTransaction> begin(PgConnection& conn);
  PgTransaction(PgTransaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  PgTransaction(const PgTransaction&) = delete;
  ~PgTransaction();
  Status commit();

 private:
  explicit PgTransaction(PgConnection* conn) : conn_(conn) {}
  PgConnection* conn_;
};

}  // namespace paperboy
