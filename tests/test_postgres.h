// The PostgreSQL the test command starts (tests/support/test_postgres.sh, a ctest fixture), and
// one private schema in it per test, so tests running side by side never see each other's
// rows. Outside ctest, PAPERBOY_TEST_POSTGRES may name any server's URI.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/store_location.h"

namespace paperboy::testing {

// The server's URI, or empty with `why` saying what is missing.
inline std::string test_postgres_uri(std::string& why) {
  if (const char* uri = std::getenv("PAPERBOY_TEST_POSTGRES"); uri && *uri) return uri;
  std::ifstream file(PAPERBOY_TEST_POSTGRES_FILE);
  std::string uri;
  if (file && std::getline(file, uri) && !uri.empty()) return uri;
  why = std::string("no test PostgreSQL: ") + PAPERBOY_TEST_POSTGRES_FILE +
        " is absent (ctest starts one with tests/support/test_postgres.sh; or set "
        "PAPERBOY_TEST_POSTGRES)";
  return {};
}

// Under CI a missing PostgreSQL fails the test: the test command must have started one.
inline bool postgres_required() { return std::getenv("CI") != nullptr; }

class PostgresSchema {
 public:
  // A new empty schema; nullptr with `why` set when there is no server or it refused.
  static std::unique_ptr<PostgresSchema> create(std::string& why) {
    std::string base = test_postgres_uri(why);
    if (base.empty()) return nullptr;
    static std::atomic<int> counter{0};
    std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    auto conn = PgConnection::open(base);
    if (!conn.ok()) {
      why = conn.error().message;
      return nullptr;
    }
    if (auto s = (*conn)->exec("DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name);
        !s.ok()) {
      why = s.message();
      return nullptr;
    }
    std::string separator = base.find('?') == std::string::npos ? "?" : "&";
    return std::unique_ptr<PostgresSchema>(new PostgresSchema(
        std::move(conn).value(), name, base + separator + "options=-csearch_path%3D" + name));
  }
  ~PostgresSchema() { (void)admin_->exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }

  // The server's URI with this schema as the search path: what `--store` takes.
  const std::string& uri() const { return uri_; }

  // Runs `sql` with this schema as the search path: for a test that stages what no store call
  // makes (a digest period reset as a new day would).
  Status exec(const std::string& sql) {
    return admin_->exec("SET search_path TO " + name_ + "; " + sql + "; RESET search_path");
  }

  // The process id of the paperboy holding the job lock `job` (Store::try_lock_job) on this
  // schema, read from pg_locks and the application name its connections carry; 0 when none.
  pid_t job_lock_holder(const std::string& job) {
    // An advisory lock taken with a 32-bit key keeps it in objid, sign-extended to 64 bits.
    auto holder = admin_->query(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.objid::bigint = "
        "(hashtext($1 || ':job:' || $2)::bigint & 4294967295)",
        name_, job);
    if (!holder.ok() || holder->rows() == 0) return 0;
    const std::string name = holder->text(0, 0);  // paperboy[PID]
    const auto open = name.find('[');
    return open == std::string::npos ? 0 : std::atoi(name.c_str() + open + 1);
  }

 private:
  PostgresSchema(std::unique_ptr<PgConnection> admin, std::string name, std::string uri)
      : admin_(std::move(admin)), name_(std::move(name)), uri_(std::move(uri)) {}
  std::unique_ptr<PgConnection> admin_;
  std::string name_;
  std::string uri_;
};

// The store the server tests run on: SQLite in their scratch directory, or, when ctest runs
// their "postgresql." copies (PAPERBOY_TEST_STORE=postgresql), a fresh schema of the test
// PostgreSQL. The same tests, through the same HTTP, on either backend.
class TestStore {
 public:
  explicit TestStore(const std::filesystem::path& dir) : dir_(dir) {
    const char* wanted = std::getenv("PAPERBOY_TEST_STORE");
    if (wanted == nullptr || std::string(wanted) != "postgresql") return;
    std::string why;
    schema_ = PostgresSchema::create(why);
    if (!schema_) {
      error_ = "PAPERBOY_TEST_STORE=postgresql: " + why;
      return;
    }
    location_ = *parse_store_location(schema_->uri());
  }
  // Empty unless the backend asked for could not be had.
  const std::string& error() const { return error_; }
  const StoreLocation& location() const { return location_; }
  Result<std::unique_ptr<Store>> open() const { return open_store(location_, dir_); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<PostgresSchema> schema_;
  StoreLocation location_;
  std::string error_;
};

// Whether the tests that run paperboy as a process should put its store in PostgreSQL (ctest's
// "postgresql." copies of them).
inline bool processes_use_postgres() {
  const char* wanted = std::getenv("PAPERBOY_TEST_STORE");
  return wanted != nullptr && std::string(wanted) == "postgresql";
}

// The PostgreSQL schema that stands for the data directory `data_dir` when processes use
// PostgreSQL: made the first time a test names the directory, dropped when the test process
// ends. nullptr with `why` set when there is no server.
inline PostgresSchema* schema_for_data_dir(const std::filesystem::path& data_dir,
                                           std::string& why) {
  static std::map<std::string, std::unique_ptr<PostgresSchema>> schemas;
  auto& schema = schemas[std::filesystem::absolute(data_dir).lexically_normal().string()];
  if (!schema) schema = PostgresSchema::create(why);
  return schema.get();
}

// The `--store` option a command on `data_dir` takes: none (its store.sqlite), or its schema.
inline std::vector<std::string> store_args_for(const std::filesystem::path& data_dir) {
  if (!processes_use_postgres()) return {};
  std::string why;
  PostgresSchema* schema = schema_for_data_dir(data_dir, why);
  if (schema == nullptr) {
    ADD_FAILURE() << "PAPERBOY_TEST_STORE=postgresql: " << why;
    return {};
  }
  return {"--store", schema->uri()};
}

// The store the commands on `data_dir` use, opened by the test to look inside it.
inline Result<std::unique_ptr<Store>> open_data_dir_store(const std::filesystem::path& data_dir) {
  if (!processes_use_postgres()) return open_sqlite_store((data_dir / "store.sqlite").string());
  std::string why;
  PostgresSchema* schema = schema_for_data_dir(data_dir, why);
  if (schema == nullptr) return Error{why, ErrorCode::kUnavailable};
  return open_store(*parse_store_location(schema->uri()), data_dir);
}

// Runs `sql` in the store the commands on `data_dir` use (see PostgresSchema::exec).
inline Status exec_in_data_dir_store(const std::filesystem::path& data_dir,
                                     const std::string& sql) {
  if (!processes_use_postgres()) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open((data_dir / "store.sqlite").c_str(), &db);
    char* message = nullptr;
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return Error{"sqlite: " + error};
    return Status::Ok();
  }
  std::string why;
  PostgresSchema* schema = schema_for_data_dir(data_dir, why);
  if (schema == nullptr) return Error{why, ErrorCode::kUnavailable};
  return schema->exec(sql);
}

}  // namespace paperboy::testing
