// paperboy index [--rebuild]: bring the lexical and vector indexes up to date with the store.
#include <fmt/format.h>

#include "cli_context.h"
#include "index/ivf_build.h"
#include "index/search_indexes.h"

namespace paperboy::cli {

void add_index_command(CLI::App& app, CliContext& context) {
  auto rebuild = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto commit_every = std::make_shared<int64_t>(IndexOptions{}.commit_every);
  auto part_papers = std::make_shared<int64_t>(IndexOptions{}.bulk_part_papers);
  auto kind = std::make_shared<std::string>();
  auto budget_ms = std::make_shared<double>(kIvfDefaultBudgetMs);
  auto* cmd = app.add_subcommand(
      "index",
      "Index papers changed since the last update (lexical index and vectors of the active model); "
      "with --rebuild, build whole new indexes beside the live ones and swap them in atomically.");
  cmd->add_flag("--rebuild", *rebuild, "rebuild from the store (re-embeds every paper)");
  cmd->add_flag("-q,--quiet", *quiet, "no progress output");
  cmd->add_option("--commit-every", *commit_every, "papers per index commit")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  cmd->add_option(
         "--part-papers", *part_papers,
         "papers per part of a whole-index build (parts are merged at the end; a stopped build "
         "resumes after its last finished part)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--vector-index", *kind,
                  "flat (exact), ivf (inverted lists of 8-bit codes), hnsw, or hnsw-sq8; "
                  "default: flat below 50,000 papers, ivf above")
      ->check(CLI::IsMember({"flat", "ivf", "hnsw", "hnsw-sq8"}));
  cmd->add_option(
         "--vector-budget-ms", *budget_ms,
         "ivf: the median time one query's vector search may take on this machine; the lists "
         "probed are the fewest reaching recall@10 0.97, or the most this allows (the recall "
         "reached is then reported); applies when the vector index is next built")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10'000.0));
  cmd->callback([rebuild, quiet, commit_every, part_papers, kind, budget_ms, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    IndexOptions options;
    options.show_progress = !*quiet;
    options.commit_every = *commit_every;
    options.bulk_part_papers = *part_papers;
    VectorIndexOptions vector_options;
    vector_options.show_progress = !*quiet;
    vector_options.search_budget_ms = *budget_ms;
    if (!kind->empty()) vector_options.kind = *parse_vector_index_kind(*kind);
    auto update = update_search_indexes(**store, context.data_dir, options, vector_options, nullptr,
                                        *rebuild);
    if (!update.ok()) return context.fail(update.error().message);
    print_index_update(*update);
  });
}

}  // namespace paperboy::cli
