// paperboy harvest arxiv|hf: fetch new papers from arXiv's OAI-PMH interface or the Hugging
// Face daily lists, then bring the index up to date. Safe to kill and run again.
#include <fmt/format.h>

#include "cli_context.h"
#include "core/date.h"
#include "harvest/hf_harvester.h"
#include "harvest/oai_harvester.h"
#include "harvest_options.h"
#include "index/search_indexes.h"

namespace paperboy::cli {
namespace {

struct CommonArgs {
  HarvestOptions harvest;
  std::string from;
  std::string until;
  std::string base_url;
  bool no_index = false;
  bool quiet = false;
};

Result<std::optional<Date>> optional_date(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<Date>();
  auto date = parse_date(text);
  if (!date.ok()) return Error{std::string(flag) + ": " + date.error().message};
  return std::optional<Date>(*date);
}

// Reads --from/--until (or --date for both) into `from` and `until`; false after failing.
bool read_days(CliContext& context, const std::string& from_text, const std::string& until_text,
               const char* from_flag, const char* until_flag, std::optional<Date>& from,
               std::optional<Date>& until) {
  auto first = optional_date(from_text, from_flag);
  auto last = optional_date(until_text, until_flag);
  if (!first.ok())
    context.fail(first.error().message);
  else if (!last.ok())
    context.fail(last.error().message);
  else {
    from = *first;
    until = *last;
    return true;
  }
  return false;
}

void add_common(CLI::App& cmd, CommonArgs& args, const char* base_url) {
  args.base_url = base_url;
  args.harvest.add_to(cmd);
  cmd.add_option("--from", args.from, "first day (YYYY-MM-DD, inclusive)");
  cmd.add_option("--until", args.until, "last day (YYYY-MM-DD, inclusive)");
  cmd.add_option("--base-url", args.base_url, "where the source is")->capture_default_str();
  cmd.add_flag("--no-index", args.no_index, "leave the index for 'paperboy index'");
  cmd.add_flag("-q,--quiet", args.quiet, "log only problems");
}

void print_report(const std::string& what, const HarvestReport& r) {
  fmt::print(
      "{}: {} pages, {} records: {} new, {} updated, {} unchanged, {} withdrawn, {} outside the "
      "categories, "
      "{} problems, {} retries{}\n",
      what, r.pages, r.records, r.inserted, r.updated, r.unchanged, r.withdrawn, r.filtered,
      r.problems, r.retries, r.resumed ? " (resumed)" : "");
}

// Runs `harvest` with a fetcher made from the common arguments, then indexes.
template <typename Harvest>
void run_harvest(CliContext& context, const CommonArgs& args, const std::string& what,
                 Harvest harvest) {
  auto http_options = args.harvest.http_options();
  if (!http_options.ok()) return context.fail(http_options.error().message);
  auto store = context.open_store();
  if (!store.ok()) return context.fail(store.error().message);
  auto http = make_curl_client(*http_options);
  bool quiet = args.quiet;
  HarvestLog log = [quiet](const std::string& line) {
    if (!quiet || line.find(": page ") == std::string::npos) fmt::print(stderr, "{}\n", line);
  };
  PoliteFetcher fetcher(*http, args.harvest.fetch_policy(), sleep_for, log);
  Result<HarvestReport> report = harvest(**store, fetcher, log);
  if (!report.ok()) return context.fail(report.error().message);
  print_report(what, *report);
  if (!args.no_index) {
    IndexOptions index_options;
    index_options.show_progress = !args.quiet;
    VectorIndexOptions vector_options;
    vector_options.show_progress = !args.quiet;
    auto update = update_search_indexes(**store, context.data_dir, index_options, vector_options);
    if (!update.ok()) return context.fail(update.error().message);
    print_index_update(*update);
  }
  if (report->problems > 0) context.exit_code = kExitRejected;
}

void add_arxiv(CLI::App& harvest, CliContext& context) {
  struct Args : CommonArgs {
    std::string set;
    std::string format = "arXiv";
    std::vector<std::string> categories;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = harvest.add_subcommand("arxiv",
                                     "Harvest arXiv over OAI-PMH (ListRecords), following "
                                     "resumption tokens to the end. Without --from, continues "
                                     "from where the last complete harvest of the set ended. "
                                     "Killed, it resumes at the page it was on.");
  add_common(*cmd, *args, kArxivOaiBaseUrl);
  cmd->add_option("--set", args->set,
                  "OAI set: an archive such as cs, math, stat, physics:hep-th (default: all)");
  cmd->add_option("--category", args->categories,
                  "keep only papers in this category (cs.LG); repeatable. Sets are whole archives, "
                  "categories narrow them");
  cmd->add_option("--format", args->format,
                  "metadata format: arXiv, or arXivRaw for version history")
      ->capture_default_str()
      ->check(CLI::IsMember({"arXiv", "arXivRaw"}));
  cmd->callback([args, &context] {
    OaiHarvestRequest request;
    request.base_url = args->base_url;
    request.set = args->set;
    request.metadata_prefix = args->format;
    request.categories = args->categories;
    if (!read_days(context, args->from, args->until, "--from", "--until", request.from,
                   request.until))
      return;
    run_harvest(context, *args, "arxiv",
                [&](Store& store, PoliteFetcher& fetcher, const HarvestLog& log) {
                  return OaiHarvester(store, fetcher, log).run(request);
                });
  });
}

void add_hf(CLI::App& harvest, CliContext& context) {
  struct Args : CommonArgs {
    std::string date;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = harvest.add_subcommand(
      "hf",
      "Import the Hugging Face hub's daily papers lists (/api/daily_papers?date=), with their "
      "upvotes and "
      "organisations. Without dates: from the last day imported to today (UTC).");
  add_common(*cmd, *args, kHuggingFaceBaseUrl);
  cmd->add_option("--date", args->date, "one day (YYYY-MM-DD)")
      ->excludes("--from")
      ->excludes("--until");
  cmd->callback([args, &context] {
    HfHarvestRequest request;
    request.base_url = args->base_url;
    bool one_day = !args->date.empty();
    if (!read_days(context, one_day ? args->date : args->from, one_day ? args->date : args->until,
                   one_day ? "--date" : "--from", one_day ? "--date" : "--until", request.from,
                   request.until)) {
      return;
    }
    Date today = utc_day(std::time(nullptr));
    run_harvest(context, *args, "hf",
                [&](Store& store, PoliteFetcher& fetcher, const HarvestLog& log) {
                  return HfHarvester(store, fetcher, log).run(request, today);
                });
  });
}

}  // namespace

void add_harvest_command(CLI::App& app, CliContext& context) {
  auto* harvest = app.add_subcommand(
      "harvest", "Fetch new papers from arXiv (OAI-PMH) or the Hugging Face daily lists.");
  harvest->require_subcommand(1);
  add_arxiv(*harvest, context);
  add_hf(*harvest, context);
}

}  // namespace paperboy::cli
