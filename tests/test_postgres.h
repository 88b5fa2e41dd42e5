// The PostgreSQL the test command starts (tests/support/test_postgres.sh, a ctest fixture), and
// one private schema in it per test, so tests running side by side never see each other's
// rows. Outside ctest, PAPERBOY_TEST_POSTGRES may name any server's URI.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "store/pg_connection.h"
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

}  // namespace paperboy::testing
