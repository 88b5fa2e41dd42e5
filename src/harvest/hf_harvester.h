// Imports the Hugging Face hub's daily lists (`/api/daily_papers?date=YYYY-MM-DD`): the papers
// with their hub facts (listing day, upvotes at import, organisation). One day per request and
// per transaction, with the last day done kept in the store.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "core/result.h"
#include "harvest/oai_harvester.h"
#include "harvest/polite_fetcher.h"
#include "store/store.h"

namespace paperboy {

inline constexpr const char* kHuggingFaceBaseUrl = "https://huggingface.co";

struct HfHarvestRequest {
  std::string base_url = kHuggingFaceBaseUrl;
  // Days (inclusive). Without `from`: the last day the previous import reached (its list may
  // have grown since) or, on the first import, `until`. Without `until`: today (UTC).
  std::optional<Date> from;
  std::optional<Date> until;
};

std::string hf_state_key(const std::string& base_url);

class HfHarvester {
 public:
  HfHarvester(Store& store, PoliteFetcher& fetcher, HarvestLog log);
  // `today` is the UTC day the default range ends on. pages in the report count days.
  Result<HarvestReport> run(const HfHarvestRequest& request, const Date& today);

 private:
  Result<HarvestReport> import_day(const HfHarvestRequest& request, const Date& day);

  Store& store_;
  PoliteFetcher& fetcher_;
  HarvestLog log_;
};

}  // namespace paperboy
