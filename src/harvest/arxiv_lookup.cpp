#include "harvest/arxiv_lookup.h"

#include <fmt/format.h>

#include "ingest/arxiv_atom.h"

namespace paperboy {
namespace {

// arXiv's API manual asks for small id_list batches; 50 keeps URLs short too.
constexpr size_t kIdsPerRequest = 50;

}  // namespace

ArxivLookup::ArxivLookup(PoliteFetcher& fetcher, std::string api_url)
    : fetcher_(fetcher), api_url_(std::move(api_url)) {}

Result<std::vector<Paper>> ArxivLookup::fetch(std::span<const std::string> ids) {
  std::lock_guard lock(mutex_);
  std::vector<Paper> found;
  for (size_t start = 0; start < ids.size(); start += kIdsPerRequest) {
    auto batch = ids.subspan(start, std::min(kIdsPerRequest, ids.size() - start));
    std::string list;
    for (const auto& id : batch) list += (list.empty() ? "" : ",") + url_encode(id);
    std::string url = fmt::format("{}?id_list={}&max_results={}", api_url_, list, batch.size());
    auto response = fetcher_.get(url);
    if (!response.ok()) return response.error();
    // A 400 carries the API's own error entry ("incorrect id format for …"): read it first.
    auto feed = parse_arxiv_atom(response->body);
    if (!feed.ok())
      return Error{fmt::format("GET {}: HTTP {}: {}", url, response->status, feed.error().message)};
    if (response->status / 100 != 2)
      return Error{fmt::format("GET {}: HTTP {}", url, response->status)};
    for (Paper& paper : feed->papers) found.push_back(std::move(paper));
  }
  return found;
}

}  // namespace paperboy
