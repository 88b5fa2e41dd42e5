#include "server/api_routes.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/paper.h"
#include "server/hf_json.h"
#include "server/route_helpers.h"

namespace paperboy {
namespace {

using nlohmann::json;

void daily_papers(const httplib::Request& req, httplib::Response& res, ReaderPool& pool) {
  size_t page = 0, limit = 50;
  if (!read_count(req, res, "p", 1'000'000, page) || !read_count(req, res, "limit", kMaxLimit, limit)) return;
  std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "publishedAt";
  if (sort != "publishedAt" && sort != "trending") {
    return send_error(res, 400, "bad parameter", "sort must be publishedAt or trending, got '" + sort + "'");
  }
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  HubListing listing;
  if (!listing_days(req, res, *(*readers)->store, listing.days)) return;
  listing.order = sort == "trending" ? HubListing::Order::kMostUpvoted : HubListing::Order::kNewestFirst;
  listing.limit = limit;
  listing.offset = page * limit;
  json items = json::array();
  if (!listing.days.first.empty()) {
    auto papers = (*readers)->store->list_hub_days(listing);
    if (!papers.ok()) return send_error(res, 500, "store error", papers.error().message);
    for (const auto& stored : *papers) items.push_back(hf_daily_item(stored.paper));
  }
  send_json(res, items);
}

void search_papers(const httplib::Request& req, httplib::Response& res, ReaderPool& pool) {
  std::string query = req.get_param_value("q");
  if (query.empty()) return send_error(res, 400, "missing parameter", "q: the search query");
  if (query.size() > 1000) return send_error(res, 400, "query too long", "q is limited to 1000 bytes");
  size_t limit = 20, page = 0;
  if (!read_count(req, res, "limit", kMaxLimit, limit) || !read_count(req, res, "p", 10'000, page)) return;
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  if (!(*readers)->index) return send_error(res, 503, "no index", "run 'paperboy index --rebuild' on the server");
  auto results = (*readers)->index->search({query, false, page * limit, limit});
  if (!results.ok()) return send_error(res, 400, "bad query", results.error().message);
  std::vector<int64_t> doc_ids;
  for (const auto& hit : results->hits) doc_ids.push_back(hit.doc_id);
  auto papers = (*readers)->store->get_many(doc_ids);
  if (!papers.ok()) return send_error(res, 500, "store error", papers.error().message);
  json items = json::array();
  for (const auto& stored : *papers) {
    json item = hf_daily_item(stored.paper);
    item["highlightedSummary"] = results->highlight(stored.paper.abstract, 300);
    items.push_back(std::move(item));
  }
  res.set_header("X-Total-Count", std::to_string(results->total_estimate));
  send_json(res, items);
}

void paper_by_id(const httplib::Request& req, httplib::Response& res, ReaderPool& pool) {
  Paper paper;
  if (find_paper(req.matches[1], res, pool, paper)) send_json(res, hf_flat_paper(paper));
}

}  // namespace

void add_api_routes(const RouteRegistrar& get, ReaderPool& readers, const RequestMetrics& metrics) {
  get("/healthz", "/healthz", [&readers](const httplib::Request&, httplib::Response& res) {
    std::optional<ReaderPool::Lease> lease_held;
    if (!lease(readers, res, lease_held)) return;
    auto stats = (*lease_held)->store->stats();
    if (!stats.ok()) return send_error(res, 503, "store error", stats.error().message);
    send_json(res, {{"status", "ok"}, {"papers", stats->papers}, {"indexed", (*lease_held)->index.has_value()}});
  });
  get("/metrics", "/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.prometheus_text(), "text/plain; version=0.0.4");
  });
  get("/api/daily_papers", "/api/daily_papers",
      [&readers](const httplib::Request& req, httplib::Response& res) { daily_papers(req, res, readers); });
  // Registered before /api/papers/(.+): cpp-httplib tries routes in order.
  get("/api/papers/search", "/api/papers/search",
      [&readers](const httplib::Request& req, httplib::Response& res) { search_papers(req, res, readers); });
  // (.+) rather than a segment: old-style ids contain a slash (math/0309136).
  get("/api/papers/:id", R"(/api/papers/(.+))",
      [&readers](const httplib::Request& req, httplib::Response& res) { paper_by_id(req, res, readers); });
}

}  // namespace paperboy
