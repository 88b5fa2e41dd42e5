#include "store/store_location.h"

#include "store/postgres/pg_store.h"

namespace paperboy {

Result<StoreLocation> parse_store_location(std::string_view spec) {
  StoreLocation location;
  if (spec.empty()) return location;
  constexpr std::string_view kSqlite = "sqlite:";
  if (spec.starts_with(kSqlite)) {
    location.path = std::string(spec.substr(kSqlite.size()));
    if (location.path.empty()) {
      return Error{"--store sqlite: needs a file path (sqlite:/srv/paperboy/store.sqlite)",
                   ErrorCode::kInvalid};
    }
    return location;
  }
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) {
    location.kind = StoreLocation::Kind::kPostgres;
    location.conninfo = std::string(spec);
    return location;
  }
  // The text is not echoed: a mistyped URI may still carry a password.
  return Error{
      "--store: expected sqlite:PATH or postgresql://[user[:password]@]host[:port]/database",
      ErrorCode::kInvalid};
}

std::filesystem::path sqlite_store_path(const StoreLocation& location,
                                        const std::filesystem::path& data_dir) {
  return location.path.empty() ? data_dir / "store.sqlite" : std::filesystem::path(location.path);
}

Result<std::unique_ptr<Store>> open_store(const StoreLocation& location,
                                          const std::filesystem::path& data_dir) {
  if (location.kind == StoreLocation::Kind::kPostgres) {
    auto store = PgStore::open(location.conninfo, location.password);
    if (!store.ok()) return store.error();
    return std::unique_ptr<Store>(std::move(store).value());
  }
  return open_sqlite_store(sqlite_store_path(location, data_dir).string());
}

}  // namespace paperboy
