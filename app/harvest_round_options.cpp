#include "harvest_round_options.h"

#include <fmt/format.h>

namespace paperboy::cli {

void HarvestRoundOptions::add_to(CLI::App& cmd) {
  cmd.add_flag("--harvest", harvest, "run the harvests below once a day in the background");
  cmd.add_option("--harvest-set", sets,
                 "arXiv OAI set to harvest (cs, math, physics:hep-th); repeatable");
  cmd.add_option("--harvest-category", categories,
                 "keep only papers in this category (cs.LG); repeatable");
  cmd.add_flag("--harvest-hf", harvest_hf, "also import the Hugging Face daily papers list");
  cmd.add_option("--harvest-at", at,
                 "time of day (UTC) of the daily round; arXiv announces around 00:00-01:00 UTC")
      ->capture_default_str();
  cmd.add_flag("--harvest-now", now, "also run a round as soon as the server starts");
  cmd.add_option("--index-catch-up", index_catch_up_seconds,
                 "seconds between looks at the store for changes to index (papers others stored: "
                 "CLI ingests, other servers on a shared store)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd.add_option("--oai-url", oai_url, "arXiv's OAI-PMH endpoint")->capture_default_str();
  cmd.add_option("--hf-url", hf_url, "the Hugging Face hub")->capture_default_str();
  cmd.add_option("--arxiv-api-url", arxiv_api_url,
                 "arXiv's API, for /submit of papers not stored yet")
      ->capture_default_str();
}

Result<HarvestSchedule> HarvestRoundOptions::schedule(const WorkerPlace& place,
                                                      const HarvestOptions& politeness) const {
  HarvestSchedule schedule;
  schedule.data_dir = place.data_dir;
  schedule.store = place.store;
  schedule.index_check = std::chrono::seconds(index_catch_up_seconds);
  schedule.policy = politeness.fetch_policy();
  auto http = politeness.http_options();
  if (http.ok()) schedule.http = *http;
  if (!harvest) return schedule;
  if (!http.ok()) return Error{"--harvest: " + http.error().message};
  if (sets.empty() && !harvest_hf) return Error{"--harvest needs --harvest-set or --harvest-hf"};
  auto minute = parse_utc_time(at);
  if (!minute.ok()) return Error{"--harvest-at: " + minute.error().message};
  schedule.at_minute_utc = *minute;
  schedule.run_at_start = now;
  for (const auto& set : sets) {
    OaiHarvestRequest request;
    request.base_url = oai_url;
    request.set = set;
    request.categories = categories;
    schedule.arxiv.push_back(request);
  }
  if (harvest_hf) {
    HfHarvestRequest hf;
    hf.base_url = hf_url;
    schedule.hf = hf;
  }
  return schedule;
}

ArxivLookupService HarvestRoundOptions::lookup(const HarvestOptions& politeness) const {
  ArxivLookupService out;
  auto http = politeness.http_options();
  if (!http.ok()) return out;
  out.http = make_curl_client(*http);
  out.fetcher = std::make_unique<PoliteFetcher>(
      *out.http, politeness.fetch_policy(), sleep_for,
      [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
  out.lookup = std::make_unique<ArxivLookup>(*out.fetcher, arxiv_api_url);
  return out;
}

}  // namespace paperboy::cli
