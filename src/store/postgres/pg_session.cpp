#include "store/postgres/pg_session.h"

namespace paperboy {

Result<SqlRows> PgSession::run(std::string_view sql, std::span<const SqlValue> values) {
  std::vector<PgValue> params;
  params.reserve(values.size());
  for (const SqlValue& value : values) {
    if (const auto* n = std::get_if<int64_t>(&value)) {
      params.push_back(pg_value(*n));
    } else if (const auto* d = std::get_if<double>(&value)) {
      params.push_back(pg_value(*d));
    } else if (const auto* t = std::get_if<std::string>(&value)) {
      params.push_back(*t);
    } else {
      params.push_back(std::nullopt);
    }
  }
  auto result = conn_.run(std::string(sql), params);
  if (!result.ok()) return result.error();
  SqlRows rows;
  const int columns = result->columns();
  for (int r = 0; r < result->rows(); ++r) {
    std::vector<SqlValue> row(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (!result->is_null(r, c)) row[c] = result->text(r, c);
    }
    rows.add_row(std::move(row));
  }
  // As on SQLite, a read touches nothing (PostgreSQL's tag counts the rows a SELECT returned).
  if (result->command() != "SELECT") rows.set_affected(result->affected());
  return rows;
}

Status PgSession::begin() {
  if (transaction_)
    return Error{"postgresql: a transaction is already open on this session", ErrorCode::kInternal,
                 true};
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  transaction_.emplace(std::move(tx).value());
  return Status::Ok();
}

Status PgSession::commit() {
  if (!transaction_)
    return Error{"postgresql: no transaction is open on this session", ErrorCode::kInternal, true};
  auto s = transaction_->commit();
  transaction_.reset();
  return s;
}

void PgSession::rollback() { transaction_.reset(); }

}  // namespace paperboy
