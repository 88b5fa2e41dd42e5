#include "server/api/api_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/arxiv_id.h"
#include "core/paper.h"
#include "server/formats/hf_json.h"
#include "server/pages/page_helpers.h"
#include "server/request/route_helpers.h"
#include "server/rules/paper_facts.h"

namespace paperboy {
namespace {

using nlohmann::json;

void daily_papers(const ServerRequest& req, ServerResponse& res, ReaderPool& pool) {
  size_t page = 0, limit = 50;
  if (!read_count(req, res, "p", 1'000'000, page) ||
      !read_count(req, res, "limit", kMaxLimit, limit))
    return;
  std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "publishedAt";
  if (sort != "publishedAt" && sort != "trending") {
    return send_error(res, 400, "bad parameter",
                      "sort must be publishedAt or trending, got '" + sort + "'");
  }
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  HubListing listing;
  listing.submitter = req.get_param_value("submitter");
  listing.organization = req.get_param_value("organization");
  bool any_day = (!listing.submitter.empty() || !listing.organization.empty()) &&
                 !req.has_param("date") && !req.has_param("week") && !req.has_param("month");
  if (any_day) {
    // A submitter's or an organisation's papers of every day, newest first.
    listing.days = {Date{1, 1, 1}, Date{9999, 12, 31}};
  } else if (!listing_days(req, res, readers->store(), listing.days)) {
    return;
  }
  listing.order =
      sort == "trending" ? HubListing::Order::kMostUpvoted : HubListing::Order::kNewestFirst;
  listing.limit = limit;
  listing.offset = page * limit;
  json items = json::array();
  if (!listing.days.first.empty()) {
    auto papers = readers->store().list_hub_days(listing);
    if (!papers.ok()) return send_store_error(res, papers.error());
    auto facts = community_facts(readers->store(), *papers);
    if (!facts.ok()) return send_store_error(res, facts.error());
    for (size_t i = 0; i < papers->size(); ++i)
      items.push_back(hf_daily_item((*papers)[i].paper, (*facts)[i]));
  }
  send_json(res, items);
}

void search_papers(const ServerRequest& req, ServerResponse& res, ReaderPool& pool) {
  size_t limit = 20, page = 0;
  if (!read_count(req, res, "limit", kMaxLimit, limit) || !read_count(req, res, "p", 10'000, page))
    return;
  if (page * limit >= kMaxResultWindow)
    return send_error(res, 400, "beyond the result window", beyond_result_window(page * limit));
  FoundPapers found;
  if (!search_request(req, res, pool, page * limit, limit, found)) return;
  json items = json::array();
  auto facts = community_facts(found.readers->store(), found.papers);
  if (!facts.ok()) return send_store_error(res, facts.error());
  for (size_t i = 0; i < found.papers.size(); ++i) {
    const StoredPaper& stored = found.papers[i];
    json item = hf_daily_item(stored.paper, (*facts)[i]);
    item["highlightedSummary"] = found.results.highlight(stored.paper.abstract, 300);
    // The authors the query named (a name written as a name, author:), as on the page's cards.
    json named = json::array();
    for (const auto& author : stored.paper.authors) {
      if (found.results.authors.matches(author)) named.push_back(author);
    }
    if (!named.empty()) item["namedAuthors"] = std::move(named);
    items.push_back(std::move(item));
  }
  res.add_header("X-Total-Count", std::to_string(found.results.total_estimate));
  // Semantic mode's total is the pool of nearest papers it ranked, not a count of matches.
  res.add_header("X-Total-Count-Means",
                 found.results.count == SearchResults::Count::nearest ? "nearest" : "matches");
  if (found.results.names_author)
    res.add_header("X-Query-Names-Author", "search mode=lexical finds the author's papers");
  if (found.results.unknown_to_model)
    res.add_header("X-Query-Unknown-To-Model", "the model knows none of the query's words");
  if (found.results.vector_recall) {
    res.add_header("X-Vector-Recall",
                   fmt::format("{:.3f}{}", *found.results.vector_recall,
                               found.results.vector_recall_capped
                                   ? "; capped by the vector index's latency budget"
                                   : ""));
  }
  // The array is the hub's shape, so what the searcher did with the words travels in headers.
  if (!found.results.did_you_mean.empty())
    res.add_header("X-Did-You-Mean", found.results.did_you_mean);
  if (found.results.searched_correction)
    res.add_header("X-Searched-Query", found.results.did_you_mean);
  std::string expansions;
  for (const auto& e : found.results.expansions) expansions += (expansions.empty() ? "" : "; ") + e;
  if (!expansions.empty()) res.add_header("X-Query-Expansions", expansions);
  send_json(res, items);
}

void similar_papers(const ServerRequest& req, ServerResponse& res, ReaderPool& pool) {
  size_t limit = 10;
  if (!read_count(req, res, "limit", kMaxLimit, limit)) return;
  auto key = parse_paper_key(req.path_params[0]);
  if (!key.ok()) {
    const bool shaped = shaped_like_arxiv_id(req.path_params[0]);
    return send_error(res, shaped ? 404 : 400, shaped ? "paper not found" : "bad paper id",
                      key.error().message);
  }
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  auto found = readers->store().get(key->id);
  if (!found.ok()) return send_store_error(res, found.error());
  if (!found->has_value()) return send_error(res, 404, "not found", "no paper " + key->id);
  SemanticSide semantic = readers->semantic();
  if (!semantic.usable()) {
    return send_error(res, 503, "no vectors",
                      "the server has no vectors for its model yet (`paperboy index`)");
  }
  std::vector<VectorHit> hits = semantic.vectors->similar((**found).doc_id, limit);
  std::vector<int64_t> ids;
  ids.reserve(hits.size());
  for (const auto& hit : hits) ids.push_back(hit.doc_id);
  auto papers = readers->store().get_many(ids);
  if (!papers.ok()) return send_store_error(res, papers.error());
  json items = json::array();
  for (size_t i = 0; i < papers->size(); ++i) {
    json item = hf_flat_paper((*papers)[i].paper);
    item["similarity"] = hits[i].score;
    items.push_back(std::move(item));
  }
  send_json(res, items);
}

// Every paper, the one stored last first, a page at a time: the cursor is the last page's
// final paper, so pages neither repeat nor skip while papers are added. The next page's URL is
// in a Link header (rel="next"), which the hub's clients follow.
void list_papers(const ServerRequest& req, ServerResponse& res, ReaderPool& pool) {
  size_t limit = 50;
  if (!read_count(req, res, "limit", kMaxLimit, limit)) return;
  int64_t cursor = 0;
  if (req.has_param("cursor") && !req.get_param_value("cursor").empty()) {
    std::string text = req.get_param_value("cursor");
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
    if (ec != std::errc() || end != text.data() + text.size() || cursor <= 0) {
      return send_error(
          res, 400, "bad parameter",
          "cursor must be a value from a previous page's Link header, got '" + text + "'");
    }
  }
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  auto papers = readers->store().list_stored_before(cursor, limit);
  if (!papers.ok()) return send_store_error(res, papers.error());
  json items = json::array();
  for (const auto& stored : *papers) items.push_back(hf_flat_paper(stored.paper));
  if (!papers->empty() && papers->size() == limit) {
    res.add_header("Link", "<" + base_url(req) +
                               "/api/papers?cursor=" + std::to_string(papers->back().doc_id) +
                               "&limit=" + std::to_string(limit) + ">; rel=\"next\"");
  }
  send_json(res, items);
}

void paper_by_id(const ServerRequest& req, ServerResponse& res, ReaderPool& pool) {
  Paper paper;
  if (!find_paper(req.path_params[0], res, pool, paper)) return;
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return;
  auto stored = readers->store().get(paper.id);
  if (!stored.ok()) return send_store_error(res, stored.error());
  if (!stored->has_value()) return send_error(res, 404, "not found", "no paper " + paper.id);
  auto facts = community_facts(readers->store(), std::span<const StoredPaper>(&**stored, 1));
  if (!facts.ok()) return send_store_error(res, facts.error());
  send_json(res, hf_flat_paper(paper, facts->front()));
}

// Where a first index build stands, in words for /healthz.
std::string index_progress_text(const HarvestScheduler* harvest) {
  if (harvest == nullptr) return "no search index yet";
  const HarvestStatus status = harvest->status();
  if (status.index_building) {
    return status.index_total > 0 ? fmt::format("building the search index: {} of {} papers",
                                                status.index_done, status.index_total)
                                  : "building the search index";
  }
  if (!status.index_error.empty()) return "the search index could not be built yet; retrying";
  return "waiting to build the search index";
}

}  // namespace

void add_api_routes(const Routes& routes, ReaderPool& readers, const RequestMetrics& metrics,
                    const HarvestScheduler* harvest, const MailScheduler* mail,
                    MetricsAccess access) {
  // Alive (200) while the process answers; ready once it can search. A new server builds its
  // index from the store first: it says "starting", with how far the build has come, and
  // ?ready=1 (a balancer's or an orchestrator's readiness probe) answers 503 until then.
  routes.get("/healthz", [&readers, harvest](const ServerRequest& req, ServerResponse& res) {
    std::optional<ReaderPool::Lease> lease_held;
    if (!lease(readers, res, lease_held)) return;
    // One counter row: a load balancer polls this, so it must cost the same at any size.
    auto papers = lease_held->store().paper_count();
    if (!papers.ok()) return send_store_error(res, papers.error());
    const bool indexed = lease_held->index() != nullptr;
    json body = {
        {"status", indexed ? "ok" : "starting"}, {"papers", *papers}, {"indexed", indexed}};
    if (!indexed) body["detail"] = index_progress_text(harvest);
    if (!indexed && req.get_param_value("ready") == "1") {
      res.add_header("Retry-After", std::to_string(kIndexRetrySeconds));
      res.status = 503;
    }
    send_json(res, body);
  });
  routes.get("/metrics", [&metrics, harvest, mail, access = std::move(access)](
                             const ServerRequest& req, ServerResponse& res) {
    const std::string client = client_address(access.trusted_proxies, req);
    if (std::find(access.allowed.begin(), access.allowed.end(), client) == access.allowed.end()) {
      return send_error(res, 403, "forbidden",
                        "the metrics are for the operator: start the server with --metrics-from " +
                            client + " to let this address read them");
    }
    std::string text = metrics.prometheus_text();
    if (harvest != nullptr) text += harvest->prometheus_text();
    if (mail != nullptr) text += mail->prometheus_text();
    res.set_content(text, "text/plain; version=0.0.4");
  });
  routes.get("/api/daily_papers", [&readers](const ServerRequest& req, ServerResponse& res) {
    daily_papers(req, res, readers);
  });
  routes.get("/api/papers", [&readers](const ServerRequest& req, ServerResponse& res) {
    list_papers(req, res, readers);
  });
  routes.get("/api/papers/search", [&readers](const ServerRequest& req, ServerResponse& res) {
    search_papers(req, res, readers);
  });
  routes.get("/api/papers/:id/similar", [&readers](const ServerRequest& req, ServerResponse& res) {
    similar_papers(req, res, readers);
  });
  // (.+) rather than a segment: old-style ids contain a slash (math/0309136).
  routes.get("/api/papers/:id", [&readers](const ServerRequest& req, ServerResponse& res) {
    paper_by_id(req, res, readers);
  });
}

}  // namespace paperboy
