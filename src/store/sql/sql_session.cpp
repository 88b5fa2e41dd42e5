#include "store/sql/sql_session.h"

#include <fmt/format.h>

#include <charconv>

namespace paperboy {

const SqlValue& SqlRows::cell(size_t row, size_t column) const {
  static const SqlValue kNull;
  if (row >= cells_.size() || column >= cells_[row].size()) return kNull;
  return cells_[row][column];
}

bool SqlRows::is_null(size_t row, size_t column) const {
  return std::holds_alternative<std::monostate>(cell(row, column));
}

std::string SqlRows::text(size_t row, size_t column) const {
  const SqlValue& value = cell(row, column);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  return {};
}

int64_t SqlRows::integer(size_t row, size_t column) const {
  const SqlValue& value = cell(row, column);
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&value)) {
    // PostgreSQL's text form: digits, or t / f for a boolean.
    if (*s == "t") return 1;
    if (*s == "f") return 0;
    int64_t parsed = 0;
    std::from_chars(s->data(), s->data() + s->size(), parsed);
    return parsed;
  }
  return 0;
}

double SqlRows::real(size_t row, size_t column) const {
  const SqlValue& value = cell(row, column);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&value)) {
    double parsed = 0;
    std::from_chars(s->data(), s->data() + s->size(), parsed);
    return parsed;
  }
  return 0;
}

std::string SqlDialect::in_list(std::string_view column, int n) const {
  if (kind == Kind::kPostgres) return fmt::format("{} = ANY(${}::bigint[])", column, n);
  return fmt::format("{} IN (SELECT value FROM json_each(${}))", column, n);
}

std::string SqlDialect::same_any_case(std::string_view a, std::string_view b) const {
  if (kind == Kind::kPostgres) return fmt::format("lower({}) = lower({})", a, b);
  return fmt::format("{} = {} COLLATE NOCASE", a, b);
}

std::string SqlDialect::bytewise(std::string_view column) const {
  if (kind == Kind::kPostgres) return fmt::format("{} COLLATE \"C\"", column);
  return std::string(column);
}

std::string SqlDialect::each(int n) const {
  if (kind == Kind::kPostgres) return fmt::format("unnest(${}::bigint[]) AS t(value)", n);
  return fmt::format("json_each(${})", n);
}

std::string SqlDialect::joined(std::string_view column, std::string_view from) const {
  if (kind == Kind::kPostgres) {
    return fmt::format("(SELECT string_agg({0}, chr(31) ORDER BY {0}) FROM {1})", column, from);
  }
  // SQLite 3.40 has no ORDER BY inside an aggregate; it concatenates in the subquery's order.
  return fmt::format("(SELECT group_concat({0}, char(31)) FROM (SELECT {0} FROM {1} ORDER BY {0}))",
                     column, from);
}

std::string SqlDialect::smaller(std::string_view a, std::string_view b) const {
  return fmt::format("{}({}, {})", kind == Kind::kPostgres ? "least" : "min", a, b);
}

SqlValue sql_list(const SqlDialect& dialect, std::span<const int64_t> items) {
  const bool postgres = dialect.kind == SqlDialect::Kind::kPostgres;
  return fmt::format("{}{}{}", postgres ? '{' : '[', fmt::join(items, ","), postgres ? '}' : ']');
}

Result<SqlTransaction> SqlTransaction::begin(SqlSession& session) {
  if (auto s = session.begin(); !s.ok()) return s.error();
  return SqlTransaction(&session);
}

SqlTransaction::~SqlTransaction() {
  if (session_ != nullptr) session_->rollback();
}

Status SqlTransaction::commit() {
  if (session_ == nullptr) return Error{"the transaction was already ended"};
  SqlSession* session = session_;
  session_ = nullptr;
  if (auto s = session->commit(); !s.ok()) {
    session->rollback();
    return s;
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> sql_integers(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<int64_t> values;
  values.reserve(rows->rows());
  for (size_t r = 0; r < rows->rows(); ++r) values.push_back(rows->integer(r, 0));
  return values;
}

Result<std::optional<int64_t>> sql_first_integer(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  if (rows->empty() || rows->is_null(0, 0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->integer(0, 0));
}

}  // namespace paperboy
