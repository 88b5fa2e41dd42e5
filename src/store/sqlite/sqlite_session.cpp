#include "store/sqlite/sqlite_session.h"

#include <fmt/format.h>

namespace paperboy {

Result<SqlRows> SqliteSession::run(std::string_view sql, std::span<const SqlValue> values) {
  auto stmt = db_.cached(std::string(sql));
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& s = **stmt;
  // Every parameter the text names must have a value, and every value a parameter: a mismatch
  // is a bug in the statement, caught here rather than stored as NULL.
  if (s.parameters() != static_cast<int>(values.size())) {
    return Error{fmt::format("sqlite: {} values for {} parameters in: {}", values.size(),
                             s.parameters(), sql),
                 ErrorCode::kInternal, true};
  }
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string name = fmt::format("${}", i + 1);
    const int index = s.parameter_index(name.c_str());
    if (index == 0)
      return Error{fmt::format("sqlite: no parameter {} in: {}", name, sql), ErrorCode::kInternal,
                   true};
    const SqlValue& value = values[i];
    if (const auto* n = std::get_if<int64_t>(&value)) {
      s.bind(index, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      s.bind_real(index, *d);
    } else if (const auto* t = std::get_if<std::string>(&value)) {
      s.bind(index, std::string_view(*t));
    } else {
      s.bind_null(index);
    }
  }
  SqlRows rows;
  for (;;) {
    auto more = s.step();
    if (!more.ok()) {
      s.reset();
      return more.error();
    }
    if (!*more) break;
    std::vector<SqlValue> row(static_cast<size_t>(s.columns()));
    for (int c = 0; c < s.columns(); ++c) {
      switch (s.type(c)) {
        case SQLITE_INTEGER:
          row[c] = s.integer(c);
          break;
        case SQLITE_FLOAT:
          row[c] = s.real(c);
          break;
        case SQLITE_NULL:
          break;
        default:
          row[c] = s.text(c);
      }
    }
    rows.add_row(std::move(row));
  }
  if (!s.read_only()) rows.set_affected(sqlite3_changes(db_.handle()));
  s.reset();
  return rows;
}

Status SqliteSession::begin() {
  if (transaction_)
    return Error{"sqlite: a transaction is already open on this session", ErrorCode::kInternal,
                 true};
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  transaction_.emplace(std::move(tx).value());
  return Status::Ok();
}

Status SqliteSession::commit() {
  if (!transaction_)
    return Error{"sqlite: no transaction is open on this session", ErrorCode::kInternal, true};
  auto s = transaction_->commit();
  transaction_.reset();  // rolls back if the commit failed
  return s;
}

void SqliteSession::rollback() { transaction_.reset(); }

}  // namespace paperboy
