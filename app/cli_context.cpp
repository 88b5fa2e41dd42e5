#include "cli_context.h"

#include <fmt/format.h>

#include <fstream>

namespace paperboy::cli {

Result<std::unique_ptr<Store>> CliContext::open_store() const {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error{"cannot create data directory " + data_dir + ": " + ec.message()};
  auto location = store_location();
  if (!location.ok()) return location.error();
  return paperboy::open_store(*location, data_dir);
}

Result<StoreLocation> CliContext::store_location() const {
  auto location = parse_store_location(store);
  if (!location.ok() || store_password_file.empty()) return location;
  if (location->kind != StoreLocation::Kind::kPostgres) {
    return Error{"--store-password-file is for a PostgreSQL store (--store postgresql://…)",
                 ErrorCode::kInvalid};
  }
  std::ifstream in(store_password_file);
  if (!in) return Error{store_password_file + ": cannot read the store password file"};
  std::string password;
  std::getline(in, password);  // the first line, as ~/.pgpass-style tools write it
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) {
    return Error{store_password_file + ": the store password file's first line is empty",
                 ErrorCode::kInvalid};
  }
  location->password = std::move(password);
  return location;
}

void CliContext::fail(const std::string& message) {
  fmt::print(stderr, "paperboy: error: {}\n", message);
  exit_code = kExitFailure;
}

void print_index_update(const SearchIndexesUpdate& update) {
  std::string line = fmt::format("index: {} papers indexed", update.lexical.documents_written);
  if (update.vectors) {
    line += fmt::format(
        "; vectors: {} embedded{}{} ({})", update.vectors->embedded,
        update.vectors->removed > 0 ? fmt::format(", {} removed", update.vectors->removed) : "",
        update.vectors->rebuilt ? ", new generation" : "", update.model);
  } else {
    line += "; no vectors yet (too few papers to train the built-in model)";
  }
  fmt::print("{}\n", line);
}

}  // namespace paperboy::cli
