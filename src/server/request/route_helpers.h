// What the route files share: JSON answers and errors, parameter checks, borrowing readers.
// Each check that fails has already sent a 400 (or 503) and returns false.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/http/http_message.h"
#include "server/request/reader_pool.h"

namespace paperboy {

inline constexpr size_t kMaxLimit = 100;  // most items one request may ask for

void send_json(ServerResponse& res, const nlohmann::json& body);
// {"error": …, "detail": …} with the status code.
void send_error(ServerResponse& res, int status, const std::string& error,
                const std::string& detail);

// A failed store operation, as error_answer.h maps it: no SQL or file names reach the client.
void send_store_error(ServerResponse& res, const Error& error);

// An optional non-negative integer parameter, capped at `max`.
bool read_count(const ServerRequest& req, ServerResponse& res, const char* name, size_t max,
                size_t& value);
// A store connection and index handle for this request (503 when the store cannot be opened).
bool lease(ReaderPool& pool, ServerResponse& res, std::optional<ReaderPool::Lease>& out);
// date=, week= or month= (one at most); the latest listed day when none is given.
bool listing_days(const ServerRequest& req, ServerResponse& res, Store& store, DateRange& days);
// The search itself, shared by the JSON and HTML routes: runs `query` on the leased index and
// hydrates the hits from the store. On failure, what went wrong as a status and message.
struct SearchFailure {
  ErrorCode code = ErrorCode::kInvalid;
  std::string error;
  std::string detail;
  int64_t retry_after = 0;  // seconds, when waiting helps (the index is being built)
};
// How long a client is asked to wait while a new server builds its index.
inline constexpr int64_t kIndexRetrySeconds = 10;
// What a reader asked a search for, from q=, mode=, sort= and exact=1.
struct SearchAsked {
  std::string query;
  std::string mode;  // lexical, semantic or hybrid; empty: hybrid when vectors exist, else lexical
  std::string sort;  // relevance (empty), newest or votes
  bool exact = false;  // no spelling correction: search the words as typed
  size_t offset = 0;
  size_t limit = 20;
};
SearchAsked search_asked(const ServerRequest& req, size_t offset, size_t limit);
std::optional<SearchFailure> run_search(ReaderPool::Lease& readers, const SearchAsked& asked,
                                        SearchResults& results, std::vector<StoredPaper>& papers);

// A search from the request's `q` (required, at most 1000 bytes), hydrated from the store.
// Holds the lease, so the results' excerpts are made while this thread still owns the index.
struct FoundPapers {
  std::optional<ReaderPool::Lease> readers;
  SearchResults results;
  std::vector<StoredPaper> papers;  // in rank order
};
bool search_request(const ServerRequest& req, ServerResponse& res, ReaderPool& pool, size_t offset,
                    size_t limit, FoundPapers& found);
// The paper named by `id_text` in any id form: a 400 for a malformed id, 404 when unknown.
bool find_paper(const std::string& id_text, ServerResponse& res, ReaderPool& pool, Paper& paper);
// The server's public address ("https://papers.example.org", no trailing slash), for the
// absolute links in feeds and headers: `serve --base-url`, else the address it listens on.
// Never the request's Host header, which the client chooses. PaperServer puts it in this
// header of every request, after taking out any the client sent.
inline constexpr const char* kSiteAddressHeader = "X-Paperboy-Site-Address";
std::string base_url(const ServerRequest& req);
// The page a form was posted from, as a same-site path, when the Referer names this site.
std::optional<std::string> referring_page(const ServerRequest& req);
// The address a rate limit counts a request against: the peer, or, when the peer is a trusted
// proxy, the last address in X-Forwarded-For (the one that proxy appended).
std::string client_address(const std::vector<std::string>& trusted_proxies,
                           const ServerRequest& req);

}  // namespace paperboy
