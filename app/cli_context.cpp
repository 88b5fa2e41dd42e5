#include "cli_context.h"

#include <fmt/format.h>

namespace paperboy::cli {

Result<std::unique_ptr<Store>> CliContext::open_store() const {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error{"cannot create data directory " + data_dir + ": " + ec.message()};
  return open_sqlite_store((std::filesystem::path(data_dir) / "store.sqlite").string());
}

void CliContext::fail(const std::string& message) {
  fmt::print(stderr, "paperboy: error: {}\n", message);
  exit_code = kExitFailure;
}

}  // namespace paperboy::cli
