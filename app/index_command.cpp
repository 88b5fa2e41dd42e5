// paperboy index [--rebuild]: bring the lexical index up to date with the store.
#include <fmt/format.h>

#include "cli_context.h"
#include "index/index_writer.h"

namespace paperboy::cli {

void add_index_command(CLI::App& app, CliContext& context) {
  auto rebuild = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto commit_every = std::make_shared<int64_t>(IndexOptions{}.commit_every);
  auto* cmd = app.add_subcommand(
      "index",
      "Index papers changed since the last update; with --rebuild, build a whole new index "
      "beside the live one and swap it in atomically.");
  cmd->add_flag("--rebuild", *rebuild, "rebuild from the store");
  cmd->add_flag("-q,--quiet", *quiet, "no progress output");
  cmd->add_option("--commit-every", *commit_every, "papers per index commit")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  cmd->callback([rebuild, quiet, commit_every, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    IndexOptions options;
    options.show_progress = !*quiet;
    options.commit_every = *commit_every;
    auto update = *rebuild ? rebuild_lexical_index(**store, context.index_dir(), options)
                           : update_lexical_index(**store, context.index_dir(), options);
    if (!update.ok()) return context.fail(update.error().message);
    fmt::print("index: {} papers {}\n", update->documents_written, *rebuild ? "in the new index" : "indexed");
  });
}

}  // namespace paperboy::cli
