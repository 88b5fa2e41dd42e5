#include "harvest/oai_harvester.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace paperboy {
namespace {

// A page that does not parse may be a transfer cut short: fetch it again this many times.
constexpr int kMalformedPageAttempts = 3;

// What is kept between runs, as JSON under oai_state_key().
struct HarvestState {
  std::string from;  // of the harvest under way ("" = from the beginning)
  std::string until;
  std::string token;              // non-empty while a harvest is under way
  std::string newest_datestamp;   // newest record of the harvest under way
  std::string completed_through;  // newest record of the last harvest that reached its end
  int64_t pages = 0;              // pages stored by the harvest under way

  std::string to_json() const {
    return nlohmann::json{{"from", from},
                          {"until", until},
                          {"token", token},
                          {"newest_datestamp", newest_datestamp},
                          {"completed_through", completed_through},
                          {"pages", pages}}
        .dump();
  }
  static Result<HarvestState> from_json(const std::string& text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return Error{"not a JSON object"};
    HarvestState state;
    state.from = json.value("from", "");
    state.until = json.value("until", "");
    state.token = json.value("token", "");
    state.newest_datestamp = json.value("newest_datestamp", "");
    state.completed_through = json.value("completed_through", "");
    state.pages = json.value("pages", int64_t{0});
    return state;
  }
};

std::string list_records_url(const OaiHarvestRequest& request, const HarvestState& state) {
  std::string url =
      request.base_url + "?verb=ListRecords&metadataPrefix=" + url_encode(request.metadata_prefix);
  if (!request.set.empty()) url += "&set=" + url_encode(request.set);
  if (!state.from.empty()) url += "&from=" + state.from;
  if (!state.until.empty()) url += "&until=" + state.until;
  return url;
}

std::string resume_url(const OaiHarvestRequest& request, const std::string& token) {
  return request.base_url + "?verb=ListRecords&resumptionToken=" + url_encode(token);
}

bool in_categories(const Paper& paper, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(paper.categories.begin(), paper.categories.end(), [&](const std::string& c) {
    return std::find(wanted.begin(), wanted.end(), c) != wanted.end();
  });
}

std::string describe(const OaiHarvestRequest& request) {
  return fmt::format("harvest {} set={} format={}", request.base_url,
                     request.set.empty() ? "(all)" : request.set, request.metadata_prefix);
}

}  // namespace

std::string oai_state_key(const OaiHarvestRequest& request) {
  return fmt::format("harvest.oai {} {} {}", request.base_url, request.set,
                     request.metadata_prefix);
}

OaiHarvester::OaiHarvester(Store& store, PoliteFetcher& fetcher, HarvestLog log, OaiLimits limits)
    : store_(store), fetcher_(fetcher), log_(std::move(log)), limits_(limits) {}

Result<HarvestReport> OaiHarvester::run(const OaiHarvestRequest& request) {
  const std::string key = oai_state_key(request);
  const std::string name = describe(request);
  auto saved = store_.job_state(key);
  if (!saved.ok()) return saved.error();
  HarvestState state;
  if (saved->has_value()) {
    auto parsed = HarvestState::from_json(**saved);
    if (!parsed.ok()) {
      log_(fmt::format("{}: the saved state under '{}' is unreadable ({}); starting afresh", name,
                       key, parsed.error().message));
    } else {
      state = *parsed;
    }
  }
  std::string from = request.from ? request.from->str() : "";
  std::string until = request.until ? request.until->str() : "";

  HarvestReport report;
  std::string url;
  bool resuming = false;
  if (!state.token.empty() && (from.empty() || from == state.from) &&
      (until.empty() || until == state.until)) {
    resuming = report.resumed = true;
    url = resume_url(request, state.token);
    log_(fmt::format("{}: resuming an interrupted harvest (from {}) after page {}", name,
                     state.from.empty() ? "the beginning" : state.from, state.pages));
  } else {
    if (!state.token.empty()) {
      log_(fmt::format("{}: an interrupted harvest from {} is abandoned for this one", name,
                       state.from.empty() ? "the beginning" : state.from));
    }
    state.from = from.empty() ? state.completed_through : from;
    state.until = until;
    state.token.clear();
    state.newest_datestamp.clear();
    state.pages = 0;
    url = list_records_url(request, state);
  }

  const int64_t retries_before = fetcher_.retries();  // the fetcher may have served earlier jobs
  int malformed = 0;
  for (;;) {
    auto response = fetcher_.get(url);
    report.retries = fetcher_.retries() - retries_before;
    if (!response.ok()) return Error{name + ": " + response.error().message};
    auto page = parse_oai_page(response->body, limits_);
    if (!page.ok()) {
      std::string why =
          fmt::format("GET {}: HTTP {}: {}", url, response->status, page.error().message);
      if (++malformed < kMalformedPageAttempts && response->status / 100 == 2) {
        log_(why + "; fetching the page again");
        if (!fetcher_.pause(std::chrono::seconds(0)))
          return Error{name + ": stopped (shutting down)"};
        continue;
      }
      return Error{name + ": " + why + "; the harvest stopped, its state is saved"};
    }
    malformed = 0;
    if (response->status / 100 != 2 && page->errors.empty()) {
      return Error{
          fmt::format("{}: GET {}: HTTP {} without an OAI-PMH error", name, url, response->status)};
    }

    bool no_records = false;
    for (const OaiError& error : page->errors) {
      if (error.code == "noRecordsMatch") {
        no_records = true;
      } else if (error.code == "badResumptionToken" && resuming) {
        // arXiv's tokens expire; the harvest starts over from its own `from`, and the records
        // read again are merged into themselves.
        log_(fmt::format("{}: the saved resumption token was refused ({}); restarting from {}",
                         name, error.message, state.from.empty() ? "the beginning" : state.from));
        resuming = false;
        state.token.clear();
        state.pages = 0;
        url = list_records_url(request, state);
        break;
      } else {
        return Error{
            fmt::format("{}: GET {}: OAI-PMH error {}: {}", name, url, error.code, error.message)};
      }
    }
    if (!page->errors.empty() && !no_records) continue;  // restarted after a refused token
    resuming = false;

    ++report.pages;
    std::vector<Paper> papers;
    std::vector<Withdrawal> withdrawals;
    for (OaiRecord& record : page->records) {
      ++report.records;
      state.newest_datestamp = std::max(state.newest_datestamp, record.datestamp.str());
      if (record.deleted) {
        withdrawals.push_back({record.paper_id, record.datestamp});
      } else if (!in_categories(*record.paper, request.categories)) {
        ++report.filtered;
      } else {
        papers.push_back(std::move(*record.paper));
      }
    }
    for (const std::string& problem : page->problems) log_(fmt::format("GET {}: {}", url, problem));
    report.problems += static_cast<int64_t>(page->problems.size());

    bool more = page->resumption_token && !page->resumption_token->empty() && !no_records;
    if (more) {
      state.token = *page->resumption_token;
      ++state.pages;
    } else {
      state.token.clear();
      state.pages = 0;
      if (!state.newest_datestamp.empty()) state.completed_through = state.newest_datestamp;
    }
    auto counts = store_.write({papers, withdrawals, JobState{key, state.to_json()}});
    if (!counts.ok()) {
      return Error{
          fmt::format("{}: storing the page of GET {}: {}", name, url, counts.error().message)};
    }
    report.inserted += counts->inserted;
    report.updated += counts->updated;
    report.unchanged += counts->unchanged;
    report.withdrawn += counts->withdrawn;
    log_(fmt::format("{}: page {}: {} records: {} new, {} updated, {} unchanged, {} withdrawn{}",
                     name, report.pages, page->records.size(), counts->inserted, counts->updated,
                     counts->unchanged, counts->withdrawn,
                     no_records ? " (no records match)" : ""));
    if (!more) return report;
    url = resume_url(request, state.token);
  }
}

}  // namespace paperboy
