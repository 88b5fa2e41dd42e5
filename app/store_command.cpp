// paperboy store copy: moves an instance to another store (SQLite to PostgreSQL, or back).
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/progress.h"
#include "store/store_copy.h"

namespace paperboy::cli {

void add_store_command(CLI::App& app, CliContext& context) {
  auto* store = app.add_subcommand("store", "Work on the store itself.");
  store->require_subcommand(1);
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* copy = store->add_subcommand(
      "copy",
      "Copy every table (papers, accounts, votes, libraries, preferences, subscriptions, outbox, "
      "job state) into "
      "another store, numbers kept, so this data directory's indexes serve the copy. Stop the "
      "servers writing to the "
      "source first. Safe to run again: it resumes, and checks every table's count at the end.");
  copy->add_option(
      "--from", *from,
      "the store to read: sqlite:PATH (default: this data directory's) or postgresql://…");
  copy->add_option("--to", *to, "the store to fill: postgresql://… or sqlite:PATH")->required();
  copy->callback([from, to, &context] {
    auto source_location = from->empty() ? context.store_location() : parse_store_location(*from);
    if (!source_location.ok()) return context.fail("--from: " + source_location.error().message);
    auto destination_location = parse_store_location(*to);
    if (!destination_location.ok())
      return context.fail("--to: " + destination_location.error().message);
    auto source = open_table_rows(*source_location, context.data_dir);
    if (!source.ok()) return context.fail("the source store: " + source.error().message);
    auto destination = open_table_rows(*destination_location, context.data_dir);
    if (!destination.ok())
      return context.fail("the destination store: " + destination.error().message);

    std::unique_ptr<Progress> progress;
    std::string current;
    auto report = copy_store(**source, **destination, [&](const std::string& table, int64_t rows) {
      if (table != current) {
        current = table;
        progress = std::make_unique<Progress>("copying " + table, 0, "rows");
      }
      progress->update(rows, rows);
    });
    if (!report.ok()) return context.fail(report.error().message);
    fmt::print("{:<18} {:>12} {:>12}\n", "table", "source", "copy");
    for (const auto& table : report->tables)
      fmt::print("{:<18} {:>12} {:>12}\n", table.table, table.source, table.destination);
    fmt::print("copied {} rows; every table's count matches\n", report->rows_written);
  });
}

}  // namespace paperboy::cli
