// Matches a request to its route: static mounts first (GET and HEAD), then the most specific
// route of the request's method whose pattern matches the whole decoded path (a GET route
// answers HEAD too). Specific means more literal characters outside the pattern's groups, so
// `/api/papers/search` and `/api/papers/(.+)/vote` are tried before `/api/papers/(.+)`, and
// the catch-all `(/.*)` last, whatever order the route files register them in; routes equally
// specific keep their order.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace paperboy {

class HttpRouter {
 public:
  using Handler = httplib::Server::Handler;

  // `name` is what /metrics and the log call the route.
  void add(std::string method, std::string name, const std::string& pattern, Handler handler);
  // Files under `dir` answer GET /prefix/<path>, with `headers` added.
  void mount(std::string prefix, std::filesystem::path dir, httplib::Headers headers);

  // Runs the matching route or serves the file; with neither, sets 404. Returns the route's
  // name: "static" for a file, "unmatched" for none. Exceptions reach the caller.
  std::string dispatch(httplib::Request& req, httplib::Response& res) const;
  // The name of the route that would answer `method` `path`; "unmatched" when none would.
  std::string route_for(const std::string& method, const std::string& path) const;

 private:
  bool serve_file(const httplib::Request& req, httplib::Response& res) const;

  struct Route {
    std::string method;
    std::string name;
    std::regex pattern;
    Handler handler;
    size_t specificity = 0;
  };
  const Route* find(const std::string& method, const std::string& path, std::smatch& matches) const;
  struct Mount {
    std::string prefix;
    std::filesystem::path dir;
    httplib::Headers headers;
  };
  std::vector<Route> routes_;
  std::vector<Mount> mounts_;
};

}  // namespace paperboy
