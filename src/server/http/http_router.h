// Matches a request to its route: static mounts first (GET and HEAD), then the most specific
// route of the request's method whose pattern matches the whole decoded path (a GET route
// answers HEAD too), then the fallback of GET requests. Specific means more literal characters,
// so `/api/papers/search` and `/api/papers/:id/vote` are tried before `/api/papers/:id`,
// whatever order the route files register them in; routes equally specific keep their order.
//
// A pattern is a path whose `:name` parts are parameters, each compiled once at registration:
//   :id          a paper id, which may hold a slash (hep-th/9901001): one or more characters,
//                the last not a slash
//   :n           a number: one or more digits
//   :other       one path segment: one or more characters but '/'
//   :name(re)    what the regular expression `re` matches, e.g. `:day(\d{4}-\d{2}-\d{2})`
// Everything else is literal ('.' included). What the parameters matched reaches the handler
// in `req.path_params`, in order. The route's name, for /metrics and the log, is its pattern
// without the `(re)` parts, after the method for any but GET: "POST /papers/:id/vote".
#pragma once

#include <filesystem>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "server/http/http_message.h"

namespace paperboy {

class HttpRouter {
 public:
  // Throws std::invalid_argument for a pattern that does not parse (a programming error, found
  // at start-up).
  void add(const std::string& method, const std::string& pattern, RouteHandler handler);
  // What answers a GET (or HEAD) no route and no mount matched; the route name "not found".
  void fallback(RouteHandler handler);
  // Files under `dir` answer GET /prefix/<path>, with `headers` added.
  void mount(std::string prefix, std::filesystem::path dir, HttpHeaders headers);

  // Runs the matching route or serves the file; with neither, sets 404. Returns the route's
  // name: "static" for a file, "unmatched" for none. Exceptions reach the caller.
  std::string dispatch(ServerRequest& req, ServerResponse& res) const;
  // The name of the route that would answer `method` `path`; "unmatched" when none would.
  std::string route_for(const std::string& method, const std::string& path) const;
  // Every route as registered: (method, pattern), most specific first (tests walk them all).
  std::vector<std::pair<std::string, std::string>> patterns() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::string name;
    std::string literal_prefix;  // the pattern up to its first parameter: a cheap first test
    std::regex regex;
    RouteHandler handler;
    size_t specificity = 0;
  };
  const Route* find(const std::string& method, const std::string& path,
                    std::vector<std::string>& params) const;
  bool serve_file(const ServerRequest& req, ServerResponse& res) const;

  struct Mount {
    std::string prefix;
    std::filesystem::path dir;
    HttpHeaders headers;
  };
  std::vector<Route> routes_;
  std::vector<Mount> mounts_;
  RouteHandler fallback_;
};

}  // namespace paperboy
