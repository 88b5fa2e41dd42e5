// The HTTP/1.1 transport under `paperboy serve`: Boost.Beast on Boost.Asio (Debian's
// libboost-dev), event-driven. A connection costs a socket and a buffer until its request has
// fully arrived; only then does a worker thread run the handler. So slow, idle or half-open
// clients hold no thread, and every read and write has a deadline.
//
// Requests and responses are our own plain values (http_message.h); http_router.h matches them
// to routes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "server/http/http_message.h"

namespace paperboy {

struct HttpEngineOptions {
  size_t workers = 8;                           // threads that run handlers
  size_t io_threads = 2;                        // threads that read, parse and write
  size_t max_body_bytes = 1 << 20;              // larger bodies get 413
  size_t max_header_bytes = size_t{16} * 1024;  // a larger request line and headers get 431
  // An idle keep-alive connection is closed after this long without a new request.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // From a request's first byte, its request line and headers must arrive within this, and
  // then its body within body_deadline: a client dripping bytes is cut off, not waited for.
  std::chrono::milliseconds header_deadline{std::chrono::seconds(10)};
  std::chrono::milliseconds body_deadline{std::chrono::seconds(30)};
  // A client that does not read its response within this is disconnected.
  std::chrono::milliseconds write_deadline{std::chrono::seconds(30)};
  // Connections one address may hold open at once; more are answered 503 and closed. Behind a
  // reverse proxy every client shares its address, so this bounds one client, not a proxy's
  // worth: set it above the proxy's connection pool.
  size_t max_connections_per_address = 1024;
  // Connections open at once, all addresses together; 0 sets it from the open-file limit
  // (raised to its hard limit at bind) less what the server needs for its own files. At the
  // cap, the longest-idle keep-alive connection is closed to admit a new one; with none idle,
  // the new one is answered 503.
  size_t max_connections = 0;
};

// Fills the response for a complete request; runs on a worker thread.
using HttpHandler = std::function<void(ServerRequest&, ServerResponse&)>;

class HttpEngine {
 public:
  HttpEngine(HttpEngineOptions options, HttpHandler handler);
  ~HttpEngine();

  // Binds and listens; port 0 picks a free port, which port() then tells.
  Status bind(const std::string& host, int port);
  int port() const;
  // Serves until stop(); answers the requests in flight before it returns.
  Status run();
  // Safe from any thread, before or during run().
  void stop();

  // Connections open now (tests and /metrics).
  size_t open_connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paperboy
