#include "store/store_location.h"

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
  if (spec.starts_with("postgresql:") || spec.starts_with("postgres:")) {
    return Error{"--store " + std::string(spec.substr(0, spec.find(':'))) +
                     ": PostgreSQL stores are not supported by this version; use sqlite:PATH",
                 ErrorCode::kInvalid};
  }
  return Error{"--store '" + std::string(spec) + "': expected sqlite:PATH", ErrorCode::kInvalid};
}

Result<std::unique_ptr<Store>> open_store(const StoreLocation& location,
                                          const std::filesystem::path& data_dir) {
  std::filesystem::path path =
      location.path.empty() ? data_dir / "store.sqlite" : std::filesystem::path(location.path);
  return open_sqlite_store(path.string());
}

}  // namespace paperboy
