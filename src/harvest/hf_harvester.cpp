#include "harvest/hf_harvester.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ingest/hf_daily.h"

namespace paperboy {
namespace {

// More than a year of days in one run is almost certainly a typo in --from.
constexpr int64_t kMaxDays = 400;

}  // namespace

std::string hf_state_key(const std::string& base_url) { return "harvest.hf " + base_url; }

HfHarvester::HfHarvester(Store& store, PoliteFetcher& fetcher, HarvestLog log)
    : store_(store), fetcher_(fetcher), log_(std::move(log)) {}

Result<HarvestReport> HfHarvester::run(const HfHarvestRequest& request, const Date& today) {
  Date until = request.until.value_or(today);
  Date from;
  if (request.from) {
    from = *request.from;
  } else {
    auto saved = store_.job_state(hf_state_key(request.base_url));
    if (!saved.ok()) return saved.error();
    auto last = saved->has_value() ? parse_date(**saved) : Result<Date>(Error{""});
    from = last.ok() ? std::min(*last, until) : until;
  }
  if (from > until) return Error{"--from " + from.str() + " is after --until " + until.str()};
  if (days_since_epoch(until) - days_since_epoch(from) >= kMaxDays) {
    return Error{fmt::format("{} to {} is more than {} days; import it in parts", from.str(),
                             until.str(), kMaxDays)};
  }
  HarvestReport total;
  const int64_t retries_before = fetcher_.retries();  // the fetcher may have served earlier jobs
  for (Date day = from; day <= until; day = add_days(day, 1)) {
    auto report = import_day(request, day);
    if (!report.ok()) return report.error();
    total.pages += 1;
    total.records += report->records;
    total.inserted += report->inserted;
    total.updated += report->updated;
    total.unchanged += report->unchanged;
    total.problems += report->problems;
  }
  total.retries = fetcher_.retries() - retries_before;
  return total;
}

Result<HarvestReport> HfHarvester::import_day(const HfHarvestRequest& request, const Date& day) {
  std::string url = request.base_url + "/api/daily_papers?date=" + day.str();
  for (int attempt = 1;; ++attempt) {
    auto response = fetcher_.get(url);
    if (!response.ok()) return response.error();
    if (response->status / 100 != 2) {
      return Error{
          fmt::format("GET {}: HTTP {}: {}", url, response->status, response->body.substr(0, 200))};
    }
    auto json = nlohmann::json::parse(response->body, nullptr, false);
    auto items = json.is_discarded() ? Result<std::vector<HfDailyItem>>(Error{"not JSON"})
                                     : papers_from_hf_daily(json);
    if (!items.ok()) {
      std::string why = fmt::format("GET {}: {} (the body starts '{}')", url, items.error().message,
                                    response->body.substr(0, 40));
      if (attempt < 3) {
        log_(why + "; fetching it again");
        if (!fetcher_.pause(std::chrono::seconds(0))) return Error{"stopped (shutting down)"};
        continue;
      }
      return Error{why};
    }
    HarvestReport report;
    std::vector<Paper> papers;
    for (HfDailyItem& item : *items) {
      ++report.records;
      if (!item.paper.ok()) {
        ++report.problems;
        log_(fmt::format("GET {}: item {}: left out: {}", url, item.index,
                         item.paper.error().message));
        continue;
      }
      papers.push_back(std::move(item.paper).value());
    }
    auto counts = store_.write({papers, {}, JobState{hf_state_key(request.base_url), day.str()}});
    if (!counts.ok())
      return Error{fmt::format("storing the papers of GET {}: {}", url, counts.error().message)};
    report.inserted = counts->inserted;
    report.updated = counts->updated;
    report.unchanged = counts->unchanged;
    log_(fmt::format("hugging face daily papers {}: {} papers: {} new, {} updated, {} unchanged",
                     day.str(), papers.size(), counts->inserted, counts->updated,
                     counts->unchanged));
    return report;
  }
}

}  // namespace paperboy
