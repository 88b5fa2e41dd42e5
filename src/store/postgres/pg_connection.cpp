#include "store/postgres/pg_connection.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace paperboy {
namespace {

// SQLSTATE classes (PostgreSQL manual, appendix A): 08 connection, 53 insufficient resources,
// 57 operator intervention (shutdown), 40 a transaction rolled back to be retried; 23 a broken
// integrity constraint; 22 data the statement could not take.
ErrorCode code_of(std::string_view state) {
  if (state.size() != 5) return ErrorCode::kUnavailable;  // no answer at all: the server is gone
  std::string_view family = state.substr(0, 2);
  if (family == "08" || family == "53" || family == "57" || family == "40")
    return ErrorCode::kUnavailable;
  if (family == "23") return ErrorCode::kConflict;
  if (family == "22") return ErrorCode::kInvalid;
  return ErrorCode::kInternal;
}

std::string first_line(std::string_view sql) {
  size_t start = sql.find_first_not_of(" \n");
  if (start == std::string_view::npos) return {};
  std::string_view rest = sql.substr(start);
  return std::string(rest.substr(0, rest.find('\n')));
}

}  // namespace

PgValue pg_value(double value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.17g", value);
  return std::string(text.data());
}

std::string pg_array(std::span<const std::string> items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string pg_array(std::span<const int64_t> items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + std::to_string(items[i]);
  return out + "}";
}

std::string PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<size_t>(PQgetlength(result_.get(), row, column))};
}

int64_t PgResult::integer(int row, int column) const {
  if (is_null(row, column)) return 0;
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

int64_t PgResult::affected() const { return std::strtoll(PQcmdTuples(result_.get()), nullptr, 10); }

std::string PgResult::command() const {
  const std::string tag = PQcmdStatus(result_.get());
  return tag.substr(0, tag.find(' '));
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo,
                                                         const std::string& password) {
  // Each server's connections carry its process id, so an operator (or a test) can tell in
  // pg_stat_activity and pg_locks which paperboy holds what; a URI's application_name wins.
  // Keywords after the expanded URI override its values: a password given apart wins.
  const std::string application = "paperboy[" + std::to_string(::getpid()) + "]";
  std::array<const char*, 4> keywords = {"dbname", "fallback_application_name", nullptr, nullptr};
  std::array<const char*, 4> values = {conninfo.c_str(), application.c_str(), nullptr, nullptr};
  if (!password.empty()) {
    keywords[2] = "password";
    values[2] = password.c_str();
  }
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr)
    return Error{"postgresql: out of memory opening a connection", ErrorCode::kUnavailable, true};
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names the host and what failed, never the password.
    std::string message = "postgresql: cannot connect: " + first_line(PQerrorMessage(conn));
    PQfinish(conn);
    return Error{message, ErrorCode::kUnavailable, true};
  }
  auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn));
  // Quiet the server's NOTICEs (IF NOT EXISTS …) that libpq would print on stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  // A new session inside a transaction would run the rest of it as separate commits.
  if (in_transaction_)
    return Error{"postgresql: connection lost in a transaction", ErrorCode::kUnavailable, true};
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Error{"postgresql: connection lost: " + first_line(PQerrorMessage(conn_)),
                 ErrorCode::kUnavailable, true};
  }
  return Status::Ok();
}

Error PgConnection::error_of(const PGresult* result, std::string_view sql) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  ErrorCode code = code_of(state ? state : "");
  std::string message =
      "postgresql: " + first_line(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  // The statement helps the operator's log; a conflict's message may reach a client, so not there.
  if (code != ErrorCode::kConflict && code != ErrorCode::kInvalid)
    message += " in: " + first_line(sql);
  return Error{message, code, true};
}

Result<PgResult> PgConnection::run(const std::string& sql, const std::vector<PgValue>& params) {
  if (auto s = ensure_connected(); !s.ok()) return s.error();
  auto name = prepared_.find(sql);
  if (name == prepared_.end()) {
    std::string statement = "s" + std::to_string(prepared_.size() + 1);
    PGresult* prepared =
        PQprepare(conn_, statement.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr);
    if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
      Error error = error_of(prepared, sql);
      PQclear(prepared);
      return error;
    }
    PQclear(prepared);
    name = prepared_.emplace(sql, statement).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  PGresult* result = PQexecPrepared(conn_, name->second.c_str(), static_cast<int>(values.size()),
                                    values.data(), nullptr, nullptr, 0);
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error error = error_of(result, sql);
    PQclear(result);
    return error;
  }
  return PgResult(result);
}

Status PgConnection::exec(const std::string& sql) {
  if (auto s = ensure_connected(); !s.ok()) return s;
  PGresult* result = PQexec(conn_, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  Status outcome;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) outcome = error_of(result, sql);
  PQclear(result);
  return outcome;
}

Result<PgTransaction> PgTransaction::begin(PgConnection& conn) {
  if (auto s = conn.exec("BEGIN"); !s.ok()) return s.error();
  conn.in_transaction_ = true;
  return PgTransaction(&conn);
}

PgTransaction::~PgTransaction() {
  if (conn_ == nullptr) return;
  (void)conn_->exec("ROLLBACK");
  conn_->in_transaction_ = false;
}

Status PgTransaction::commit() {
  auto s = conn_->exec("COMMIT");
  conn_->in_transaction_ = false;
  conn_ = nullptr;
  return s;
}

}  // namespace paperboy
