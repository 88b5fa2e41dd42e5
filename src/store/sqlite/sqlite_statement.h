// RAII handles over the SQLite C API: a connection and its prepared statements. Only prepared
// statements run with data in them; sql text never carries values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace paperboy {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binding is 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, int64_t value);
  SqliteStatement& bind_real(int index, double value);
  SqliteStatement& bind_null(int index);

  // Steps once: true while a row is available, false when done; an error is a Status.
  Result<bool> step();
  // Steps to completion for statements that return no rows.
  Status run();
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;
  // The row's shape, for a reader that takes every column: how many, and each one's stored
  // type (SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL).
  int columns() const;
  int type(int column) const;

  // Named parameters ($1, :name): the 1-based index for `name`, 0 when the statement has none.
  int parameter_index(const char* name) const;
  int parameters() const;
  // True for a statement that writes nothing (a SELECT): its changes() count is not its own.
  bool read_only() const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDatabase {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<SqliteStatement> prepare(std::string_view sql);
  // A statement prepared once and kept, handed out reset. For point reads and writes that run
  // to completion before the same SQL is used again (not for a scan that calls back out).
  Result<SqliteStatement*> cached(const std::string& sql);
  // For schema and pragmas only: statements with no values in them.
  Status exec(const std::string& sql);
  std::string last_error() const;
  sqlite3* handle() { return db_; }

 private:
  explicit SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

// Holds a write transaction open; rolls back unless commit() succeeded.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> begin(SqliteDatabase& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteTransaction(const SqliteTransaction&) = delete;
  ~SqliteTransaction();
  Status commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* db) : db_(db) {}
  SqliteDatabase* db_;
};

}  // namespace paperboy
