// `paperboy serve`: the HTTP/1.1 server (cpp-httplib from Debian, the library our model peers
// Typesense and others reach for: one header, a thread pool, keep-alive). Routes are thin and
// call into the store and index; see api_routes.h.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "index/lexical_index.h"
#include "server/hub_context.h"

namespace httplib {
class Server;
}

namespace paperboy {

// cpp-httplib serves a connection on one pool thread for as long as it is kept alive (blocking
// I/O), so the pool must outnumber the open connections, not just the cores: with one thread
// per core, two idle browser tabs would stall everyone else for the keep-alive timeout.
inline size_t default_server_threads() { return 8 * std::max(1u, std::thread::hardware_concurrency()); }

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (tests)
  size_t threads = default_server_threads();
  std::filesystem::path data_dir = "./paperboy-data";
  Bm25Params bm25;
  size_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  bool log_requests = true;         // one line per request on stderr
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

  // Binds the listening socket; afterwards port() is the real port. Fails too when the page
  // templates could not be loaded.
  Status bind();
  int port() const { return port_; }
  // Serves until stop(); requests in flight when stop() is called are answered first.
  Status serve();
  // Safe from any thread (a signal-waiting thread, a test).
  void stop();

 private:
  struct State;
  ServerOptions options_;
  std::unique_ptr<PageRenderer> renderer_;
  std::unique_ptr<State> state_;
  std::string setup_error_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

}  // namespace paperboy
