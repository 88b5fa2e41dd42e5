// Harvests arXiv over OAI-PMH (ListRecords), following resumption tokens to the end. After
// every page the papers, the withdrawals and the harvest's state go to the store in one
// transaction, so a harvest killed at any point resumes at the page it was on: no record is
// skipped, and a record read twice is still one paper.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "harvest/polite_fetcher.h"
#include "ingest/oai_pmh.h"
#include "store/store.h"

namespace paperboy {

inline constexpr const char* kArxivOaiBaseUrl = "https://oaipmh.arxiv.org/oai";

struct OaiHarvestRequest {
  std::string base_url = kArxivOaiBaseUrl;
  std::string set;                        // "cs", "physics:hep-th"; empty: the whole repository
  std::string metadata_prefix = "arXiv";  // or "arXivRaw" (version history)
  // Datestamps (inclusive). Without `from`, the harvest continues from the last datestamp the
  // previous complete harvest of this set reached; without either, from the beginning.
  std::optional<Date> from;
  std::optional<Date> until;
  // Keep only papers with one of these categories ("cs.LG"); OAI sets are whole archives.
  std::vector<std::string> categories;
};

struct HarvestReport {
  int64_t pages = 0;
  int64_t records = 0;  // records read, deleted ones included
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t withdrawn = 0;
  int64_t filtered = 0;  // outside the requested categories
  int64_t problems = 0;  // records left out or cut (each logged)
  int64_t retries = 0;
  bool resumed = false;  // picked up an interrupted harvest's resumption token
};

// The key under which a harvest of this set and format keeps its state in the store.
std::string oai_state_key(const OaiHarvestRequest& request);

class OaiHarvester {
 public:
  OaiHarvester(Store& store, PoliteFetcher& fetcher, HarvestLog log, OaiLimits limits = {});

  // Runs to the end of the list. On failure the state of the last stored page is kept, and
  // running the same request again resumes there.
  Result<HarvestReport> run(const OaiHarvestRequest& request);

 private:
  Store& store_;
  PoliteFetcher& fetcher_;
  HarvestLog log_;
  OaiLimits limits_;
};

}  // namespace paperboy
