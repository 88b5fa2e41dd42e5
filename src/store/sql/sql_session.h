// The one SQL interface the community stores are written against, so each statement is written
// once for both backends. Statements use PostgreSQL's numbered placeholders ($1, $2, …), which
// SQLite reads too (bound by name); values are never spliced into the text. The few spellings
// the dialects disagree on come from SqlDialect, not from the callers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace paperboy {

// One value bound to a placeholder, or read from a row: NULL, an integer, a real or text.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

inline SqlValue sql_value(int64_t value) { return value; }
inline SqlValue sql_value(int value) { return int64_t{value}; }
inline SqlValue sql_value(size_t value) { return static_cast<int64_t>(value); }
inline SqlValue sql_value(bool value) { return int64_t{value ? 1 : 0}; }  // stored as 0 / 1
inline SqlValue sql_value(double value) { return value; }
inline SqlValue sql_value(std::string_view text) { return std::string(text); }
inline SqlValue sql_value(const std::string& text) { return text; }
inline SqlValue sql_value(const char* text) { return std::string(text); }
inline SqlValue sql_value(std::nullopt_t) { return std::monostate{}; }
inline SqlValue sql_value(const SqlValue& value) { return value; }
template <typename T>
SqlValue sql_value(const std::optional<T>& value) {
  return value ? sql_value(*value) : SqlValue{};
}

// A statement's rows, read in full: the community's reads are pages and short lists. PostgreSQL
// hands every cell over as text, SQLite as its stored type; the readers convert either way.
class SqlRows {
 public:
  size_t rows() const { return cells_.size(); }
  bool empty() const { return cells_.empty(); }
  bool is_null(size_t row, size_t column) const;
  std::string text(size_t row, size_t column) const;  // NULL reads as ""
  int64_t integer(size_t row, size_t column) const;   // NULL reads as 0
  double real(size_t row, size_t column) const;       // NULL reads as 0
  // Rows an INSERT, UPDATE or DELETE touched.
  int64_t affected() const { return affected_; }

  // For the sessions that fill it.
  void add_row(std::vector<SqlValue> row) { cells_.push_back(std::move(row)); }
  void set_affected(int64_t rows) { affected_ = rows; }

 private:
  const SqlValue& cell(size_t row, size_t column) const;
  std::vector<std::vector<SqlValue>> cells_;
  int64_t affected_ = 0;
};

// What the two dialects spell differently, in one place.
struct SqlDialect {
  enum class Kind { kSqlite, kPostgres } kind;

  // `column` is one of the integers in parameter $n, which holds a whole list: PostgreSQL reads
  // an array literal, SQLite a JSON array (sql_list makes either).
  std::string in_list(std::string_view column, int n) const;
  // The integers of list parameter $n as a table with one column, `value` (for INSERT … SELECT).
  std::string each(int n) const;
  // A scalar subquery: `column`'s values in the rows of `from` (a FROM … WHERE clause without
  // FROM), sorted and joined with \x1f; NULL when there are none.
  std::string joined(std::string_view column, std::string_view from) const;
  // The smaller of two values: least() in PostgreSQL, min() in SQLite.
  std::string smaller(std::string_view a, std::string_view b) const;
  // `a` equals `b` in any letter case, spelled so each backend's case-folded index serves it:
  // lower() in PostgreSQL, COLLATE NOCASE in SQLite (both fold ASCII letters only).
  std::string same_any_case(std::string_view a, std::string_view b) const;
  // `column` ordered by its bytes (PostgreSQL's default collation follows the locale; SQLite's
  // BINARY is bytewise already), so both backends list text in the same order.
  std::string bytewise(std::string_view column) const;
  // Appended to a SELECT that reads rows it will update in the same transaction: PostgreSQL
  // locks them; a SQLite write transaction already excludes every other writer.
  std::string_view lock_rows() const { return kind == Kind::kPostgres ? " FOR UPDATE" : ""; }
};

// A list of integers as one parameter, for SqlDialect::in_list.
SqlValue sql_list(const SqlDialect& dialect, std::span<const int64_t> items);

class SqlSession {
 public:
  virtual ~SqlSession() = default;

  // Runs one statement with its values for $1, $2, …, prepared on first use.
  virtual Result<SqlRows> run(std::string_view sql, std::span<const SqlValue> values) = 0;
  template <typename... Values>
  Result<SqlRows> query(std::string_view sql, const Values&... values) {
    const std::vector<SqlValue> bound{sql_value(values)...};
    return run(sql, bound);
  }
  virtual const SqlDialect& dialect() const = 0;

 protected:
  friend class SqlTransaction;
  // A write transaction: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so a
  // read-then-write inside it cannot be overtaken.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
};

// Holds a transaction open; rolls back unless commit() succeeded.
class SqlTransaction {
 public:
  static Result<SqlTransaction> begin(SqlSession& session);
  SqlTransaction(SqlTransaction&& other) noexcept : session_(other.session_) {
    other.session_ = nullptr;
  }
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  SqlTransaction& operator=(SqlTransaction&&) = delete;
  ~SqlTransaction();
  Status commit();

 private:
  explicit SqlTransaction(SqlSession* session) : session_(session) {}
  SqlSession* session_;
};

// Small readers of a statement's outcome: its error alone, whether it touched a row, the first
// column of every row as integers, the first row's first column.
inline Status sql_done(const Result<SqlRows>& result) {
  if (!result.ok()) return result.error();
  return Status::Ok();
}
inline Result<bool> sql_touched(const Result<SqlRows>& result) {
  if (!result.ok()) return result.error();
  return result->affected() > 0;
}
Result<std::vector<int64_t>> sql_integers(const Result<SqlRows>& rows);
Result<std::optional<int64_t>> sql_first_integer(const Result<SqlRows>& rows);

}  // namespace paperboy
