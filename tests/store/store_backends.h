// The store conformance suite runs every test of a fixture derived from StoreBackendTest once
// per backend: SQLite in a scratch file, and PostgreSQL in a fresh schema of the test server.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_statement.h"
#include "store/store.h"
#include "test_postgres.h"
#include "test_support.h"

namespace paperboy::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

class StoreBackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Opens a fresh, empty store of the backend under test into store_. Skips (fails under CI)
  // when PostgreSQL is asked for and absent; callers return when IsSkipped().
  void open_fresh_store() {
    if (GetParam() == Backend::kPostgres) {
      std::string why;
      schema_ = PostgresSchema::create(why);
      if (!schema_) {
        if (postgres_required()) FAIL() << why;
        GTEST_SKIP() << why;
      }
    }
    auto opened = reopen();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  // Another connection to the same store (a second process, or a restart).
  Result<std::unique_ptr<Store>> reopen() {
    if (GetParam() == Backend::kSqlite) return open_sqlite_store((dir_ / "store.sqlite").string());
    auto store = PgStore::open(schema_->uri());
    if (!store.ok()) return store.error();
    return std::unique_ptr<Store>(std::move(store).value());
  }

  // Runs a schema statement on the store under test from a connection of its own, in the
  // backend's dialect: for a test that stages what no store call can (a trigger that fails
  // a write halfway through its transaction).
  Status exec_on_backend(const std::string& sqlite_sql, const std::string& postgres_sql) {
    if (GetParam() == Backend::kPostgres) return schema_->exec(postgres_sql);
    auto db = SqliteDatabase::open((dir_ / "store.sqlite").string());
    if (!db.ok()) return db.error();
    return (*db)->exec(sqlite_sql);
  }

  TempDir dir_;
  std::unique_ptr<PostgresSchema> schema_;
  std::unique_ptr<Store> store_;
};

}  // namespace paperboy::testing

#define PAPERBOY_ON_EVERY_STORE(suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                            \
                           ::testing::Values(::paperboy::testing::Backend::kSqlite,    \
                                             ::paperboy::testing::Backend::kPostgres), \
                           ::paperboy::testing::backend_name)
