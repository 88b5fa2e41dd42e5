// Where the store lives, as `--store` names it, and the one place a store is opened: every
// process part that needs a connection (server readers, harvest and mail rounds, commands)
// opens it through open_store, so a second backend is added here and nowhere else.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace paperboy {

struct StoreLocation {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  // The SQLite file; empty: store.sqlite in the data directory.
  std::string path;
  // The PostgreSQL connection URI, as libpq reads it (it may hold a password: never echo it).
  std::string conninfo;
  // A password given apart from the URI (--store-password-file), so it is in no process list
  // or shell history; it overrides one in the URI. Empty: libpq's own sources (the URI,
  // PGPASSWORD, PGPASSFILE or ~/.pgpass).
  std::string password;
};

// `sqlite:PATH`, `postgresql://…` (or `postgres://…`), or empty for the data directory's own
// SQLite store. Anything else is an error that says which forms are understood.
Result<StoreLocation> parse_store_location(std::string_view spec);

// The SQLite file a location names (the data directory's store.sqlite when it names none).
std::filesystem::path sqlite_store_path(const StoreLocation& location,
                                        const std::filesystem::path& data_dir);

// Opens (creating and migrating as needed) the store at `location`; `data_dir` resolves the
// default location.
Result<std::unique_ptr<Store>> open_store(const StoreLocation& location,
                                          const std::filesystem::path& data_dir);

}  // namespace paperboy
