#include "server/paper_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>

#include "server/api_routes.h"
#include "server/account_routes.h"
#include "server/admin_routes.h"
#include "server/community_api.h"
#include "server/community_routes.h"
#include "server/feed_routes.h"
#include "server/for_you_routes.h"
#include "server/not_found_routes.h"
#include "server/page_routes.h"
#include "server/reader_pool.h"
#include "server/request_metrics.h"
#include "server/route_helpers.h"
#include "server/settings_routes.h"
#include "server/subscription_routes.h"

namespace paperboy {
namespace {

// A request is handled start to finish on one pool thread, so the route and start time can
// travel from the pre-routing hook to the logger in thread-locals.
thread_local std::chrono::steady_clock::time_point request_start;
thread_local std::string request_route;

int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

struct PaperServer::State {
  State(const ServerOptions& options, const PageRenderer& renderer)
      : readers(options.data_dir, options.bm25, options.embedder, options.fusion),
        hub{readers, renderer, options.hub, options.clock ? options.clock : system_now, {}} {
    if (hub.options.for_you == nullptr) hub.options.for_you = &own_for_you;
  }
  ReaderPool readers;
  ForYouCache own_for_you;  // used when the caller shares none
  RequestMetrics metrics;
  HubContext hub;
};

PaperServer::PaperServer(ServerOptions options)
    : options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {
  auto renderer = PageRenderer::open(options_.web_dir / "templates");
  if (renderer.ok()) {
    renderer_ = std::move(renderer).value();
  } else {
    setup_error_ = renderer.error().message;
    return;
  }
  state_ = std::make_unique<State>(options_, *renderer_);
  size_t threads = options_.threads;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(options_.max_body_bytes);
  // Without TCP_NODELAY a response written in two segments waits for the client's delayed ACK:
  // every small answer took 40 ms (bench/http).
  http_->set_tcp_nodelay(true);
  http_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    request_route = "unmatched";
    // A request with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112
    // §6.3), as `curl -X POST …/vote` sends it; cpp-httplib 0.11 would read such a POST until
    // the connection closes and answer 400. Saying so spares it. The request is the server's own
    // non-const object, handed to this hook as const.
    if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") &&
        !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) return send_error(res, 404, "not found", "no such route");
    if (res.status == 413) return send_error(res, 413, "request too large", "the body exceeds the server's limit");
    send_error(res, res.status, "request failed", "HTTP status " + std::to_string(res.status));
  });
  http_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unexpected error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    }
    send_error(res, 500, "internal error", what);
  });
  // Metrics are recorded before the response is written (the logger runs after), so a client
  // that has its answer also finds it counted in /metrics.
  http_->set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    state_->metrics.record(request_route, res.status, seconds);
  });
  http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    if (options_.log_requests) {
      fmt::print(stderr, "{} {} {} {} {:.1f}ms\n", req.remote_addr, req.method, req.path, res.status, seconds * 1000);
    }
  });
  Routes routes([this](const char* method, const std::string& name, const std::string& pattern,
                        httplib::Server::Handler handler) {
    std::string verb = method;
    // Reads and writes of one path are told apart in /metrics and the log.
    std::string route = verb == "GET" ? name : verb + " " + name;
    auto named = [route, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      request_route = route;
      handler(req, res);
    };
    if (verb == "GET") http_->Get(pattern, std::move(named));
    else if (verb == "POST") http_->Post(pattern, std::move(named));
    else if (verb == "PUT") http_->Put(pattern, std::move(named));
    else if (verb == "DELETE") http_->Delete(pattern, std::move(named));
    else throw std::logic_error(std::string("no such HTTP method: ") + method);
  });
  add_api_routes(routes, state_->readers, state_->metrics, options_.hub.harvest, options_.hub.mail);
  add_feed_routes(routes, state_->readers);
  add_community_api(routes, state_->hub);
  add_page_routes(routes, state_->hub);
  add_account_routes(routes, state_->hub);
  add_settings_routes(routes, state_->hub);
  add_community_routes(routes, state_->hub);
  add_admin_routes(routes, state_->hub);
  add_subscription_routes(routes, state_->hub);
  add_for_you_routes(routes, state_->hub);
  add_not_found_routes(routes, state_->hub);  // last: it matches every GET the others did not
  // Static files change only with a new release; KaTeX comes from npm (installed at build time).
  httplib::Headers cache{{"Cache-Control", "public, max-age=3600"}};
  http_->set_mount_point("/static/katex", (options_.web_dir / "node_modules/katex/dist").string(), cache);
  http_->set_mount_point("/static", (options_.web_dir / "static").string(), cache);
}

PaperServer::~PaperServer() = default;

Status PaperServer::bind() {
  if (!setup_error_.empty()) return Error{setup_error_};
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
  } else if (http_->bind_to_port(options_.host, options_.port)) {
    port_ = options_.port;
  } else {
    port_ = -1;
  }
  if (port_ < 0) return Error{fmt::format("cannot listen on {}:{}", options_.host, options_.port)};
  return Status::Ok();
}

Status PaperServer::serve() {
  // listen_after_bind returns once stop() is called and the thread pool has finished the
  // requests it had taken.
  if (!http_->listen_after_bind()) return Error{"the server stopped with an error"};
  return Status::Ok();
}

void PaperServer::stop() { http_->stop(); }

}  // namespace paperboy
