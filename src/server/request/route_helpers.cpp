#include "server/request/route_helpers.h"

#include <algorithm>
#include <charconv>

#include "server/http/error_answer.h"
#include "server/http/same_site.h"

namespace paperboy {

using nlohmann::json;

void send_json(ServerResponse& res, const json& body) {
  // error_handler_t::replace keeps a response valid even if stored text has bad UTF-8.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

bool read_count(const ServerRequest& req, ServerResponse& res, const char* name, size_t max,
                size_t& value) {
  if (!req.has_param(name)) return true;
  std::string text = req.get_param_value(name);
  size_t parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) {
    send_error(res, 400, "bad parameter",
               std::string(name) + " must be a non-negative integer, got '" + text + "'");
    return false;
  }
  value = std::min(parsed, max);
  return true;
}

bool lease(ReaderPool& pool, ServerResponse& res, std::optional<ReaderPool::Lease>& out) {
  auto leased = pool.lease();
  if (!leased.ok()) {
    send_error(res, 503, "store unavailable",
               client_detail({leased.error().message, ErrorCode::kUnavailable}));
    return false;
  }
  out.emplace(std::move(leased).value());
  return true;
}

bool listing_days(const ServerRequest& req, ServerResponse& res, Store& store, DateRange& days) {
  int given = req.has_param("date") + req.has_param("week") + req.has_param("month");
  if (given > 1) {
    send_error(res, 400, "bad parameter", "give one of date, week and month");
    return false;
  }
  Result<DateRange> range = DateRange{};
  if (req.has_param("date")) {
    auto day = parse_date(req.get_param_value("date"));
    range = day.ok() ? Result<DateRange>(DateRange{*day, *day}) : Result<DateRange>(day.error());
    if (day.ok() && req.get_param_value("date").size() != 10) {
      range = Error{"date must be YYYY-MM-DD"};
    }
  } else if (req.has_param("week")) {
    range = parse_iso_week(req.get_param_value("week"));
  } else if (req.has_param("month")) {
    range = parse_month(req.get_param_value("month"));
  } else {
    auto latest = store.latest_hub_day();
    if (!latest.ok()) {
      send_store_error(res, latest.error());
      return false;
    }
    range = DateRange{*latest, *latest};
  }
  if (!range.ok()) {
    send_error(res, 400, "bad date", range.error().message);
    return false;
  }
  days = *range;
  return true;
}

void send_error(ServerResponse& res, int status, const std::string& error,
                const std::string& detail) {
  res.status = status;
  send_json(res, json{{"error", error}, {"detail", detail}});
}

void send_store_error(ServerResponse& res, const Error& error) {
  send_error(res, http_status(error.code), error_title(error.code), client_detail(error));
}

SearchAsked search_asked(const ServerRequest& req, size_t offset, size_t limit) {
  return {req.get_param_value("q"),
          req.get_param_value("mode"),
          req.get_param_value("sort"),
          req.get_param_value("exact") == "1",
          offset,
          limit};
}

std::optional<SearchFailure> run_search(ReaderPool::Lease& readers, const SearchAsked& asked,
                                        SearchResults& results, std::vector<StoredPaper>& papers) {
  const std::string& mode = asked.mode;
  if (asked.query.size() > 1000)
    return SearchFailure{ErrorCode::kInvalid, "query too long", "q is limited to 1000 bytes"};
  auto order = parse_search_order(asked.sort);
  if (!order)
    return SearchFailure{ErrorCode::kInvalid, "bad parameter", "sort: " + order.error().message};
  LexicalIndex* index = readers.index();
  // A server builds its index from the store by itself (a new one, first of all): searches
  // wait for it, and /healthz says how far it has come.
  if (!index)
    return SearchFailure{ErrorCode::kUnavailable, "index not ready",
                         "the server is building its search index from the store (progress: "
                         "/healthz); try again shortly",
                         kIndexRetrySeconds};
  SemanticSide semantic = readers.semantic();
  SearchMode search_mode = default_search_mode(semantic);
  if (!mode.empty()) {
    auto parsed = parse_search_mode(mode);
    if (!parsed)
      return SearchFailure{ErrorCode::kInvalid, "bad parameter", "mode: " + parsed.error().message};
    search_mode = *parsed;
  }
  if (search_mode == SearchMode::semantic && !semantic.usable()) {
    return SearchFailure{
        ErrorCode::kUnavailable, "no vectors",
        "semantic search needs the vector index of the server's model (`paperboy index`)"};
  }
  SearchRequest request{asked.query, false, asked.offset, asked.limit};
  request.correct_spelling = !asked.exact;
  request.order = *order;
  auto found = search_papers(*index, semantic, request, search_mode, readers.fusion());
  if (!found.ok()) return SearchFailure{ErrorCode::kInvalid, "bad query", found.error().message};
  std::vector<int64_t> doc_ids;
  for (const auto& hit : found->hits) doc_ids.push_back(hit.doc_id);
  auto stored = readers.store().get_many(doc_ids);
  if (!stored.ok()) {
    return SearchFailure{stored.error().code, error_title(stored.error().code),
                         client_detail(stored.error())};
  }
  results = std::move(found).value();
  papers = std::move(stored).value();
  return std::nullopt;
}

bool search_request(const ServerRequest& req, ServerResponse& res, ReaderPool& pool, size_t offset,
                    size_t limit, FoundPapers& found) {
  SearchAsked asked = search_asked(req, offset, limit);
  if (asked.query.empty()) {
    send_error(res, 400, "missing parameter", "q: the search query");
    return false;
  }
  if (!lease(pool, res, found.readers)) return false;
  if (auto failure = run_search(*found.readers, asked, found.results, found.papers)) {
    if (failure->retry_after > 0)
      res.add_header("Retry-After", std::to_string(failure->retry_after));
    send_error(res, http_status(failure->code), failure->error, failure->detail);
    return false;
  }
  return true;
}

bool find_paper(const std::string& id_text, ServerResponse& res, ReaderPool& pool, Paper& paper) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) {
    bool shaped = shaped_like_arxiv_id(id_text);
    send_error(res, shaped ? 404 : 400, shaped ? "paper not found" : "bad paper id",
               key.error().message);
    return false;
  }
  std::optional<ReaderPool::Lease> readers;
  if (!lease(pool, res, readers)) return false;
  auto found = readers->store().get(key->id);
  if (!found.ok()) {
    send_store_error(res, found.error());
    return false;
  }
  if (!found->has_value()) {
    send_error(res, 404, "paper not found", key->id);
    return false;
  }
  paper = std::move((**found).paper);
  return true;
}

std::string base_url(const ServerRequest& req) { return req.get_header_value(kSiteAddressHeader); }

std::optional<std::string> referring_page(const ServerRequest& req) {
  const std::string referer = req.get_header_value("Referer");
  const std::string host = req.get_header_value("Host");
  // The site's configured address, or the one the browser used to reach it.
  for (const std::string& origin : {base_url(req), "http://" + host, "https://" + host}) {
    if (origin.empty() || origin.ends_with("//")) continue;  // no Host header
    if (referer.size() > origin.size() && referer.starts_with(origin) &&
        referer[origin.size()] == '/') {
      return same_site_target(std::string_view(referer).substr(origin.size()));
    }
  }
  return std::nullopt;
}

std::string client_address(const std::vector<std::string>& trusted_proxies,
                           const ServerRequest& req) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), req.remote_addr) ==
      trusted_proxies.end()) {
    return req.remote_addr;
  }
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  const size_t first = last.find_first_not_of(' ');
  if (first == std::string::npos) return req.remote_addr;
  last = last.substr(first, last.find_last_not_of(' ') - first + 1);
  return last;
}

}  // namespace paperboy
