// paperboy index [--rebuild]: bring the lexical index up to date with the store.
#include <fmt/format.h>

#include "cli_context.h"
#include "index/index_writer.h"

namespace paperboy::cli {

void add_index_command(CLI::App& app, CliContext& context) {
  auto rebuild = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "index",
      "Index papers changed since the last update; with --rebuild, build a whole new index "
      "beside the live one and swap it in atomically.");
  cmd->add_flag("--rebuild", *rebuild, "rebuild from the store");
  cmd->add_flag("-q,--quiet", *quiet, "no progress output");
  cmd->callback([rebuild, quiet, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    IndexOptions options;
    options.show_progress = !*quiet;
    auto update = *rebuild ? rebuild_lexical_index(**store, context.index_dir(), options)
                           : update_lexical_index(**store, context.index_dir(), options);
    if (!update.ok()) return context.fail(update.error().message);
    fmt::print("index: {} papers {}\n", update->documents_written, *rebuild ? "in the new index" : "indexed");
  });
}

}  // namespace paperboy::cli
