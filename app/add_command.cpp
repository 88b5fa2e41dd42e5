// paperboy add ID…: look papers up in the arXiv API, store them and list them on today's daily
// feed, as a community submission would.
#include <fmt/format.h>

#include <ctime>

#include "cli_context.h"
#include "harvest/arxiv_lookup.h"
#include "harvest_options.h"
#include "index/search_indexes.h"

namespace paperboy::cli {

void add_add_command(CLI::App& app, CliContext& context) {
  struct Args {
    HarvestOptions harvest;
    std::vector<std::string> ids;
    std::string api_url = kArxivApiUrl;
    bool no_list = false;
    bool no_index = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("add",
                                 "Fetch papers by arXiv id from the arXiv API, store them and list "
                                 "them on today's daily feed.");
  cmd->add_option("ids", args->ids, "arXiv ids (2410.14649, hep-th/9901001, arXiv:2410.14649v2)")
      ->required();
  args->harvest.add_to(*cmd);
  cmd->add_option("--api-url", args->api_url, "the arXiv API's query endpoint")
      ->capture_default_str();
  cmd->add_flag("--no-list", args->no_list,
                "store the papers without listing them on the daily feed");
  cmd->add_flag("--no-index", args->no_index, "leave the index for 'paperboy index'");
  cmd->callback([args, &context] {
    std::vector<std::string> keys;
    for (const auto& text : args->ids) {
      auto key = parse_paper_key(text);
      if (!key.ok()) return context.fail(key.error().message);
      if (key->id.find(':') != std::string::npos) return context.fail(text + " is not an arXiv id");
      keys.push_back(key->id);
    }
    auto http_options = args->harvest.http_options();
    if (!http_options.ok()) return context.fail(http_options.error().message);
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto http = make_curl_client(*http_options);
    PoliteFetcher fetcher(*http, args->harvest.fetch_policy(), sleep_for,
                          [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
    ArxivLookup lookup(fetcher, args->api_url);
    auto found = lookup.fetch(keys);
    if (!found.ok()) return context.fail(found.error().message);

    Date today = utc_day(std::time(nullptr));
    for (Paper& paper : *found) {
      auto stored = (*store)->get(paper.id);
      if (!stored.ok()) return context.fail(stored.error().message);
      bool listed = stored->has_value() && !(*stored)->paper.hub_day.empty();
      if (!args->no_list && !listed) paper.hub_day = today;
    }
    auto counts = (*store)->upsert(*found);
    if (!counts.ok()) return context.fail(counts.error().message);
    for (const auto& key : keys) {
      bool got =
          std::any_of(found->begin(), found->end(), [&](const Paper& p) { return p.id == key; });
      if (!got) {
        fmt::print(stderr, "paperboy: {}: not found on arXiv\n", key);
        context.exit_code = kExitRejected;
      }
    }
    fmt::print("add: {} found: {} new, {} updated, {} unchanged\n", found->size(), counts->inserted,
               counts->updated, counts->unchanged);
    if (!args->no_index) {
      auto update =
          update_search_indexes(**store, context.data_dir, IndexOptions{}, VectorIndexOptions{});
      if (!update.ok()) return context.fail(update.error().message);
    }
  });
}

}  // namespace paperboy::cli
