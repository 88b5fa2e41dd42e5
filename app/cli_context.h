// What every subcommand shares: the data directory and the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "index/search_indexes.h"
#include "store/store.h"
#include "store/store_location.h"

namespace paperboy::cli {

// Exit codes: 0 success, 1 failure, 2 usage (CLI11's own), 3 done but some records rejected.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitRejected = 3;

struct CliContext {
  std::string data_dir = "./paperboy-data";
  std::string store;                // --store: empty is the data directory's store.sqlite
  std::string store_password_file;  // --store-password-file
  int exit_code = 0;

  std::filesystem::path index_dir() const { return std::filesystem::path(data_dir) / "index"; }
  // Creates the data directory and the store on first use.
  Result<std::unique_ptr<Store>> open_store() const;
  // --store, with the password of --store-password-file when one is named.
  Result<StoreLocation> store_location() const;
  // Prints "paperboy: error: …" to stderr and records a failure.
  void fail(const std::string& message);
};

// "index: 12 papers indexed; vectors: 12 embedded (built-in LSA model …)"
void print_index_update(const SearchIndexesUpdate& update);

void add_ingest_command(CLI::App& app, CliContext& context);
void add_search_command(CLI::App& app, CliContext& context);
void add_show_command(CLI::App& app, CliContext& context);
void add_export_command(CLI::App& app, CliContext& context);
void add_stats_command(CLI::App& app, CliContext& context);
void add_admin_command(CLI::App& app, CliContext& context);
void add_index_command(CLI::App& app, CliContext& context);
void add_eval_command(CLI::App& app, CliContext& context);
void add_serve_command(CLI::App& app, CliContext& context);
void add_harvest_command(CLI::App& app, CliContext& context);
void add_add_command(CLI::App& app, CliContext& context);
void add_similar_command(CLI::App& app, CliContext& context);
void add_model_command(CLI::App& app, CliContext& context);
void add_digest_command(CLI::App& app, CliContext& context);
void add_store_command(CLI::App& app, CliContext& context);

}  // namespace paperboy::cli
