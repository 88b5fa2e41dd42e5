// paperboy serve: the HTTP server over the data directory. SIGTERM or SIGINT stops it after
// the requests in flight are answered.
#include <fmt/format.h>
#include <signal.h>

#include <thread>

#include "cli_context.h"
#include "server/paper_server.h"

namespace paperboy::cli {
namespace {

// "127.0.0.1:8080", ":8080" or "8080".
bool parse_listen(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  std::string port_text = colon == std::string::npos ? text : text.substr(colon + 1);
  if (colon != std::string::npos && colon > 0) host = text.substr(0, colon);
  try {
    size_t used = 0;
    port = std::stoi(port_text, &used);
    return used == port_text.size() && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void add_serve_command(CLI::App& app, CliContext& context) {
  struct Args {
    std::string listen = "127.0.0.1:8080";
    size_t threads = default_server_threads();
    bool quiet = false;
    std::string web_dir = PAPERBOY_WEB_DIR;
    TrendingParams trending;
    bool secure_cookies = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("serve", "Serve the hub (web pages and JSON API) over HTTP (127.0.0.1:8080 by default).");
  cmd->add_option("--listen", args->listen, "address and port to listen on")->capture_default_str();
  cmd->add_option("--threads", args->threads, "request threads")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_flag("-q,--quiet", args->quiet, "no request log");
  cmd->add_option("--web", args->web_dir, "folder with templates/, static/ and node_modules/katex")->capture_default_str();
  cmd->add_option("--trending-days", args->trending.window_days, "days of papers trending ranks")
      ->capture_default_str()->check(CLI::Range(1, 365));
  cmd->add_option("--trending-gravity", args->trending.gravity, "how fast votes age: votes / (hours + 2)^gravity")
      ->capture_default_str()->check(CLI::Range(0.0, 10.0));
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "mark cookies Secure (behind a TLS proxy that sends no X-Forwarded-Proto)");
  cmd->callback([args, &context] {
    ServerOptions options;
    if (!parse_listen(args->listen, options.host, options.port)) {
      return context.fail("--listen: expected HOST:PORT, got '" + args->listen + "'");
    }
    options.threads = args->threads;
    options.data_dir = context.data_dir;
    options.log_requests = !args->quiet;
    options.web_dir = args->web_dir;
    options.hub.trending = args->trending;
    options.hub.secure_cookies = args->secure_cookies;
    // Signals are taken by a dedicated thread with sigwait, so stopping never runs inside a
    // signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto store = context.open_store();  // creates and migrates the store before serving
    if (!store.ok()) return context.fail(store.error().message);
    store->reset();
    PaperServer server(options);
    if (auto s = server.bind(); !s.ok()) return context.fail(s.message());
    fmt::print(stderr, "paperboy: serving {} on http://{}:{}/ with {} threads\n", context.data_dir, options.host,
               server.port(), options.threads);
    std::thread waiter([&server, signals] {
      int signal = 0;
      sigwait(&signals, &signal);
      fmt::print(stderr, "paperboy: {} received, finishing requests in flight\n", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      server.stop();
    });
    Status served = server.serve();
    // Wake the waiter if the server stopped on its own.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!served.ok()) return context.fail(served.message());
    fmt::print(stderr, "paperboy: stopped\n");
  });
}

}  // namespace paperboy::cli
