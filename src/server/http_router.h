// Matches a request to its route the way cpp-httplib's server did, which the routes were
// written for: static mounts first (GET and HEAD), then the first route of the request's method
// whose pattern matches the whole decoded path (a GET route answers HEAD too).
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

 private:
  bool serve_file(const httplib::Request& req, httplib::Response& res) const;

  struct Route {
    std::string method;
    std::string name;
    std::regex pattern;
    Handler handler;
  };
  struct Mount {
    std::string prefix;
    std::filesystem::path dir;
    httplib::Headers headers;
  };
  std::vector<Route> routes_;
  std::vector<Mount> mounts_;
};

}  // namespace paperboy
