// `serve`'s daily harvest round (--harvest and what it harvests) and the index catch-up that
// runs whether or not it does, plus the arXiv lookup behind /submit: the server's outbound
// traffic to the sources, all of it polite (harvest_options.h).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "harvest/arxiv_lookup.h"
#include "harvest/harvest_scheduler.h"
#include "harvest_options.h"
#include "paper_extras_options.h"

namespace paperboy::cli {

// arXiv's API for /submit of papers not stored yet, with the client and fetcher it asks through.
struct ArxivLookupService {
  std::unique_ptr<HttpClient> http;
  std::unique_ptr<PoliteFetcher> fetcher;
  std::unique_ptr<ArxivLookup> lookup;  // null without a contact address
};

struct HarvestRoundOptions {
  bool harvest = false;
  std::vector<std::string> sets;
  std::vector<std::string> categories;
  bool harvest_hf = false;
  std::string at = "02:00";
  bool now = false;
  int index_catch_up_seconds = 60;
  std::string oai_url = kArxivOaiBaseUrl;
  std::string hf_url = kHuggingFaceBaseUrl;
  std::string arxiv_api_url = kArxivApiUrl;

  void add_to(CLI::App& cmd);
  // The scheduler's work: the index catch-up always; with --harvest, the daily round, which
  // needs a contact address and something to harvest.
  Result<HarvestSchedule> schedule(const WorkerPlace& place,
                                   const HarvestOptions& politeness) const;
  // The lookup /submit uses; none without a contact address (it then takes stored papers only).
  ArxivLookupService lookup(const HarvestOptions& politeness) const;
};

}  // namespace paperboy::cli
