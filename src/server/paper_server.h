// `paperboy serve`: the HTTP/1.1 server. Connections are event-driven (http_engine.h: Boost.Beast),
// so slow and idle clients hold no thread; complete requests run on a pool of worker threads.
// Routes are thin and call into the store and index; see api_routes.h.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "index/lexical_index.h"
#include "server/http/http_engine.h"
#include "server/http/http_message.h"
#include "server/request/hub_context.h"
#include "store/store_location.h"

namespace paperboy {

// Workers run only complete requests, but a request may wait on the disk (SQLite, Xapian), so
// a few per core keep the cores busy.
inline size_t default_server_threads() {
  return size_t{4} * std::max(1u, std::thread::hardware_concurrency());
}

struct ServerOptions {
  std::string host = "127.0.0.1";
  // The public address readers reach the server at (https://papers.example.org), for absolute
  // links; empty: http://HOST:PORT of the listening socket.
  std::string base_url;
  // Client addresses that may read /metrics (loopback by default).
  std::vector<std::string> metrics_from = {"127.0.0.1", "::1"};
  int port = 8080;  // 0 picks a free port (tests)
  std::filesystem::path data_dir = "./paperboy-data";
  StoreLocation store;  // default: the data directory's store.sqlite
  Bm25Params bm25;
  // Worker threads, deadlines, body and per-address connection limits.
  HttpEngineOptions http = {.workers = default_server_threads()};
  bool log_requests = true;  // one line per request on stderr
  // Templates (web/templates), static files (web/static) and KaTeX (web/node_modules/katex).
  std::filesystem::path web_dir = PAPERBOY_WEB_DIR;
  HubOptions hub;
  // The model queries are embedded with (null: lexical search only, no similar papers), and
  // how hybrid search fuses; the embedder must outlive the server.
  const Embedder* embedder = nullptr;
  FusionSettings fusion;
  std::function<int64_t()> clock;  // unix seconds; the system clock when empty (tests set it)
};

class PaperServer {
 public:
  explicit PaperServer(ServerOptions options);
  ~PaperServer();

  // Connections open now (tests).
  size_t open_connections() const { return http_ ? http_->open_connections() : 0; }

  // Binds the listening socket; afterwards port() is the real port. Fails too when the page
  // templates could not be loaded.
  Status bind();
  int port() const { return port_; }
  // The name of the route that answers `method` `path` (HttpRouter::route_for).
  std::string route_for(const std::string& method, const std::string& path) const;
  // Every route's (method, pattern) (HttpRouter::patterns).
  std::vector<std::pair<std::string, std::string>> route_patterns() const;
  // Serves until stop(); requests in flight when stop() is called are answered first.
  Status serve();
  // Safe from any thread (a signal-waiting thread, a test).
  void stop();

 private:
  void handle(ServerRequest& req, ServerResponse& res);

  struct State;
  ServerOptions options_;
  std::unique_ptr<PageRenderer> renderer_;
  std::unique_ptr<State> state_;
  std::string setup_error_;
  std::unique_ptr<HttpEngine> http_;
  int port_ = 0;
  std::string site_address_;  // base_url(), set at bind
};

}  // namespace paperboy
