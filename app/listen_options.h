// `serve`'s transport and access settings: where it listens, its threads and connection caps,
// the request log, the web folder, and whom it trusts (balancers, /metrics readers, TLS in
// front).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "server/paper_server.h"

namespace paperboy::cli {

struct ListenOptions {
  std::string listen = "127.0.0.1:8080";
  HttpEngineOptions http = {.workers = default_server_threads()};
  bool quiet = false;
  std::string web_dir = PAPERBOY_WEB_DIR;
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> metrics_from = {"127.0.0.1", "::1"};
  bool secure_cookies = false;

  void add_to(CLI::App& cmd);
  // Fails on a --listen that is not HOST:PORT, :PORT or PORT.
  Status apply(ServerOptions& options) const;
};

}  // namespace paperboy::cli
