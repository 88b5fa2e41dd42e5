#include "store/sqlite/sqlite_statement.h"

#include <chrono>
#include <thread>
#include <utility>

namespace paperboy {
namespace {

// A busy or locked database may answer the same request later; a broken constraint is the
// request clashing with what is stored; anything else is the operator's to look at.
ErrorCode code_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return ErrorCode::kConflict;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::bind_real(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error{std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sqlite3_sql(stmt_),
               code_of(rc), true};
}

Status SqliteStatement::run() {
  for (;;) {
    auto more = step();
    if (!more.ok()) {
      reset();
      return more.error();
    }
    if (!*more) break;
  }
  reset();
  return Status::Ok();
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, column)) : std::string();
}

int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }

int SqliteStatement::columns() const { return sqlite3_column_count(stmt_); }

int SqliteStatement::type(int column) const { return sqlite3_column_type(stmt_, column); }

int SqliteStatement::parameter_index(const char* name) const {
  return sqlite3_bind_parameter_index(stmt_, name);
}

int SqliteStatement::parameters() const { return sqlite3_bind_parameter_count(stmt_); }

bool SqliteStatement::read_only() const { return sqlite3_stmt_readonly(stmt_) != 0; }

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error{"cannot open database " + path + ": " + why, ErrorCode::kUnavailable, true};
  }
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(db, path));
  // WAL lets readers (search, export) go on while an ingest writes; a writer that finds the
  // database busy waits rather than failing at once.
  sqlite3_busy_timeout(db, 10000);
  // Turning a new file to WAL needs it to itself, and SQLite does not wait for that: another
  // process creating the same store at the same moment answers "locked", so wait here.
  for (int tries = 0;; ++tries) {
    auto s = database->exec("PRAGMA journal_mode=WAL");
    if (s.ok()) break;
    if (tries == 1000 || sqlite3_errcode(db) != SQLITE_BUSY) return s.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
    if (auto s = database->exec(pragma); !s.ok()) return s.error();
  }
  return database;
}

SqliteDatabase::~SqliteDatabase() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Result<SqliteStatement*> SqliteDatabase::cached(const std::string& sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end()) {
    found->second->reset();
    return found->second.get();
  }
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.error();
  auto owned = std::make_unique<SqliteStatement>(std::move(stmt).value());
  SqliteStatement* raw = owned.get();
  cache_.emplace(sql, std::move(owned));
  return raw;
}

Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK)
    return Error{"sqlite prepare: " + last_error() + " in: " + std::string(sql),
                 ErrorCode::kInternal, true};
  return SqliteStatement(db_, stmt);
}

Status SqliteDatabase::exec(const std::string& sql) {
  char* message = nullptr;
  if (int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string why = message ? message : last_error();
    sqlite3_free(message);
    return Error{"sqlite (" + path_ + "): " + why, code_of(rc), true};
  }
  return Status::Ok();
}

std::string SqliteDatabase::last_error() const { return sqlite3_errmsg(db_); }

Result<SqliteTransaction> SqliteTransaction::begin(SqliteDatabase& db) {
  // IMMEDIATE takes the write lock now, so two writers serialise here instead of one failing
  // half-way with SQLITE_BUSY.
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s.error();
  return SqliteTransaction(&db);
}

SqliteTransaction::~SqliteTransaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Status SqliteTransaction::commit() {
  auto s = db_->exec("COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace paperboy
