#include "listen_options.h"

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

void ListenOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--listen", listen, "address and port to listen on")->capture_default_str();
  cmd.add_option("--threads", http.workers,
                 "threads that run requests (connections need none of their own)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd.add_option(
         "--max-connections-per-address", http.max_connections_per_address,
         "connections one client address may hold open; more are answered 503 (behind a proxy, "
         "set it above the proxy's pool)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cmd.add_option("--max-connections", http.max_connections,
                 "connections open at once, all clients together (default: the open-file limit "
                 "less what the server keeps for its own files); at the cap the longest-idle one "
                 "is closed for a new one")
      ->check(CLI::Range(1, 10'000'000));
  cmd.add_flag("-q,--quiet", quiet, "no request log");
  cmd.add_option("--web", web_dir, "folder with templates/, static/ and node_modules/katex")
      ->capture_default_str();
  cmd.add_option(
      "--trusted-proxy", trusted_proxies,
      "address of a load balancer in front (127.0.0.1 for nginx on this machine): its requests are "
      "rate-limited by the client address it puts last in X-Forwarded-For; repeatable");
  cmd.add_option("--metrics-from", metrics_from,
                 "client address that may read /metrics (a Prometheus server); repeatable. "
                 "Default: loopback only, so the figures are not public")
      ->capture_default_str();
  cmd.add_flag("--secure-cookies", secure_cookies,
               "mark cookies Secure (behind a TLS proxy that sends no X-Forwarded-Proto)");
}

Status ListenOptions::apply(ServerOptions& options) const {
  if (!parse_listen(listen, options.host, options.port))
    return Error{"--listen: expected HOST:PORT, got '" + listen + "'"};
  options.http = http;
  options.log_requests = !quiet;
  options.web_dir = web_dir;
  options.metrics_from = metrics_from;
  options.hub.trusted_proxies = trusted_proxies;
  options.hub.secure_cookies = secure_cookies;
  return Status::Ok();
}

}  // namespace paperboy::cli
