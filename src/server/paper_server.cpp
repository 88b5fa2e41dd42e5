#include "server/paper_server.h"

#include <fmt/format.h>

#include <chrono>

#include "server/api/api_routes.h"
#include "server/api/community_api.h"
#include "server/api/discussion_api.h"
#include "server/api/feed_routes.h"
#include "server/api/thumbnail_route.h"
#include "server/community/collection_routes.h"
#include "server/community/community_routes.h"
#include "server/community/discussion_routes.h"
#include "server/community/link_routes.h"
#include "server/community/moderation_routes.h"
#include "server/community/org_routes.h"
#include "server/community/profile_routes.h"
#include "server/http/http_gzip.h"
#include "server/http/http_message.h"
#include "server/http/http_router.h"
#include "server/http/request_metrics.h"
#include "server/pages/account_routes.h"
#include "server/pages/admin_routes.h"
#include "server/pages/for_you_routes.h"
#include "server/pages/not_found_routes.h"
#include "server/pages/page_routes.h"
#include "server/pages/replies_feed.h"
#include "server/pages/settings_routes.h"
#include "server/pages/subscription_routes.h"
#include "server/request/reader_pool.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct PaperServer::State {
  State(const ServerOptions& options, const PageRenderer& renderer)
      : readers(options.store, options.data_dir, options.bm25, options.embedder, options.fusion),
        hub{readers, renderer, options.hub, options.clock ? options.clock : system_now} {
    if (hub.options.for_you == nullptr) hub.options.for_you = &own_for_you;
  }
  ReaderPool readers;
  ForYouCache own_for_you;  // used when the caller shares none
  RequestMetrics metrics;
  HubContext hub;
  HttpRouter router;
};

PaperServer::PaperServer(ServerOptions options) : options_(std::move(options)) {
  auto renderer = PageRenderer::open(options_.web_dir / "templates");
  if (renderer.ok()) {
    renderer_ = std::move(renderer).value();
  } else {
    setup_error_ = renderer.error().message;
    return;
  }
  state_ = std::make_unique<State>(options_, *renderer_);
  http_ = std::make_unique<HttpEngine>(
      options_.http, [this](ServerRequest& req, ServerResponse& res) { handle(req, res); });
  Routes routes(state_->router);
  add_api_routes(routes, state_->readers, state_->metrics, options_.hub.harvest, options_.hub.mail,
                 {options_.metrics_from, options_.hub.trusted_proxies});
  add_feed_routes(routes, state_->readers);
  add_thumbnail_route(routes, state_->readers);
  add_community_api(routes, state_->hub);
  add_discussion_api(routes, state_->hub);
  add_page_routes(routes, state_->hub);
  add_account_routes(routes, state_->hub);
  add_settings_routes(routes, state_->hub);
  add_community_routes(routes, state_->hub);
  add_discussion_routes(routes, state_->hub);
  add_link_routes(routes, state_->hub);
  add_org_routes(routes, state_->hub);
  add_collection_routes(routes, state_->hub);
  add_moderation_routes(routes, state_->hub);
  add_profile_routes(routes, state_->hub);
  add_replies_feed(routes, state_->hub);
  add_admin_routes(routes, state_->hub);
  add_subscription_routes(routes, state_->hub);
  add_for_you_routes(routes, state_->hub);
  add_not_found_routes(routes, state_->hub);  // the fallback: every GET no route matched
  // Static files change only with a new release; KaTeX comes from npm (installed at build time).
  HttpHeaders cache{{"Cache-Control", "public, max-age=3600"}};
  state_->router.mount("/static/katex", options_.web_dir / "node_modules/katex/dist", cache);
  state_->router.mount("/static", options_.web_dir / "static", cache);
}

std::string PaperServer::route_for(const std::string& method, const std::string& path) const {
  return state_ ? state_->router.route_for(method, path) : "unmatched";
}

std::vector<std::pair<std::string, std::string>> PaperServer::route_patterns() const {
  return state_ ? state_->router.patterns() : std::vector<std::pair<std::string, std::string>>{};
}

// Every request, on a worker thread: its route, an error body where the route left none, the
// metrics (before the answer is written, so a client that has it finds it counted), the log.
void PaperServer::handle(ServerRequest& req, ServerResponse& res) {
  auto start = std::chrono::steady_clock::now();
  std::string route = "unmatched";
  req.headers.erase(kSiteAddressHeader);  // the client's say in it is none
  req.headers.emplace(kSiteAddressHeader, site_address_);
  try {
    route = state_->router.dispatch(req, res);
  } catch (const std::exception& e) {
    // The exception's text may name SQL, files or internals: it goes to the log only.
    fmt::print(stderr, "{} {}: internal error: {}\n", req.method, req.path, e.what());
    res = ServerResponse();
    send_error(res, 500, "internal error", "the server failed to answer this request");
  }
  if (res.status < 0) res.status = 200;  // the route answered without saying so
  if (res.status >= 400 && res.body.empty()) {
    if (res.status == 404)
      send_error(res, 404, "not found", "no such route");
    else
      send_error(res, res.status, "request failed", "HTTP status " + std::to_string(res.status));
  }
  gzip_if_accepted(req, res);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  state_->metrics.record(route, res.status, seconds);
  if (options_.log_requests) {
    // Behind a trusted balancer the reader's address is the one it forwarded, as rate limits
    // count it; the balancer's own would make every line the same.
    fmt::print(stderr, "{} {} {} {} {:.1f}ms\n", client_address(options_.hub.trusted_proxies, req),
               req.method, req.path, res.status, seconds * 1000);
  }
}

PaperServer::~PaperServer() = default;

Status PaperServer::bind() {
  if (!setup_error_.empty()) return Error{setup_error_};
  if (auto bound = http_->bind(options_.host, options_.port); !bound.ok()) return bound;
  port_ = http_->port();
  site_address_ = options_.base_url;
  while (!site_address_.empty() && site_address_.back() == '/') site_address_.pop_back();
  if (site_address_.empty()) {
    const bool any = options_.host == "0.0.0.0" || options_.host == "::";
    const bool v6 = options_.host.find(':') != std::string::npos;
    site_address_ = "http://" +
                    (any  ? std::string("localhost")
                     : v6 ? "[" + options_.host + "]"
                          : options_.host) +
                    ":" + std::to_string(port_);
  }
  return Status::Ok();
}

Status PaperServer::serve() {
  if (!http_) return Error{setup_error_};
  return http_->run();
}

void PaperServer::stop() {
  if (http_) http_->stop();
}

}  // namespace paperboy
