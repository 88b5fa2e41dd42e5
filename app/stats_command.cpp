// paperboy stats: what the store and the index hold.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "index/lexical_index.h"

namespace paperboy::cli {

void add_stats_command(CLI::App& app, CliContext& context) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "stats", "Show how many papers, authors and categories are stored and indexed.");
  cmd->add_flag("--json", *json, "print JSON");
  cmd->callback([json, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto stats = (*store)->stats();
    if (!stats.ok()) return context.fail(stats.error().message);
    auto index = LexicalIndex::open(context.index_dir());
    int64_t indexed = index.ok() ? index->document_count() : 0;
    int64_t behind = index.ok() ? stats->change_seq - index->store_seq() : stats->change_seq;
    if (*json) {
      fmt::print("{}\n", nlohmann::json{{"papers", stats->papers},
                                        {"authors", stats->authors},
                                        {"categories", stats->categories},
                                        {"first_published", stats->first_published.str()},
                                        {"last_published", stats->last_published.str()},
                                        {"indexed", indexed},
                                        {"index_behind_by", behind}}
                             .dump(2));
      return;
    }
    fmt::print("papers       {}\nauthors      {}\ncategories   {}\n", stats->papers, stats->authors,
               stats->categories);
    if (!stats->first_published.empty()) {
      fmt::print("published    {} to {}\n", stats->first_published.str(),
                 stats->last_published.str());
    }
    fmt::print("indexed      {}{}\n", indexed,
               behind > 0
                   ? fmt::format(" ({} changes not yet indexed: run 'paperboy index')", behind)
                   : "");
  });
}

}  // namespace paperboy::cli
