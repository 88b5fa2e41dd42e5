#include "server/http_router.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace paperboy {
namespace {

// The types our static files have (KaTeX's scripts, styles and fonts; our own assets).
std::string content_type_of(const std::filesystem::path& file) {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {".css", "text/css"},           {".js", "text/javascript"},     {".mjs", "text/javascript"},
      {".html", "text/html"},         {".json", "application/json"},  {".map", "application/json"},
      {".svg", "image/svg+xml"},      {".png", "image/png"},          {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},       {".woff", "font/woff"},         {".ttf", "font/ttf"},
      {".txt", "text/plain"},         {".xml", "application/xml"},    {".webmanifest", "application/manifest+json"},
  };
  std::string extension = file.extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

// No "..", no empty or hidden segments: a request path never climbs out of its mount.
bool is_safe_relative_path(const std::string& path) {
  std::stringstream segments(path);
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment.empty()) continue;
    if (segment[0] == '.' || segment.find('\\') != std::string::npos || segment.find('\0') != std::string::npos) {
      return false;
    }
  }
  return true;
}

// The literal characters of a route pattern outside its groups (a group around the whole
// pattern does not count as one): how specific the route is.
size_t literal_characters(std::string_view pattern) {
  if (pattern.size() >= 2 && pattern.front() == '(' && pattern.back() == ')') {
    int depth = 0;
    bool wraps = true;
    for (size_t i = 0; i + 1 < pattern.size() && wraps; ++i) {
      if (pattern[i] == '\\')
        ++i;
      else if (pattern[i] == '(')
        ++depth;
      else if (pattern[i] == ')' && --depth == 0)
        wraps = false;  // closes before the end
    }
    if (wraps) pattern = pattern.substr(1, pattern.size() - 2);
  }
  size_t literals = 0;
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (depth == 0 && !in_class) ++literals;  // an escaped character is itself
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && std::string_view("^$.*+?|{}").find(c) == std::string_view::npos) {
      ++literals;
    }
  }
  return literals;
}

}  // namespace

void HttpRouter::add(std::string method, std::string name, const std::string& pattern, Handler handler) {
  Route route{std::move(method), std::move(name), std::regex(pattern), std::move(handler),
              literal_characters(pattern)};
  // After every route at least as specific: the most specific first, ties in the order given.
  auto at = std::find_if(routes_.begin(), routes_.end(),
                         [&](const Route& r) { return r.specificity < route.specificity; });
  routes_.insert(at, std::move(route));
}

const HttpRouter::Route* HttpRouter::find(const std::string& method, const std::string& path,
                                          std::smatch& matches) const {
  for (const Route& route : routes_) {
    if (route.method == method && std::regex_match(path, matches, route.pattern)) return &route;
  }
  return nullptr;
}

std::string HttpRouter::route_for(const std::string& method, const std::string& path) const {
  std::smatch matches;
  const Route* route = find(method == "HEAD" ? "GET" : method, path, matches);
  return route ? route->name : "unmatched";
}

void HttpRouter::mount(std::string prefix, std::filesystem::path dir, httplib::Headers headers) {
  mounts_.push_back({std::move(prefix), std::move(dir), std::move(headers)});
}

std::string HttpRouter::dispatch(httplib::Request& req, httplib::Response& res) const {
  const bool read = req.method == "GET" || req.method == "HEAD";
  if (read && serve_file(req, res)) return "static";
  const Route* route = find(req.method == "HEAD" ? "GET" : req.method, req.path, req.matches);
  if (route == nullptr) {
    res.status = 404;
    return "unmatched";
  }
  route->handler(req, res);
  return route->name;
}

bool HttpRouter::serve_file(const httplib::Request& req, httplib::Response& res) const {
  for (const Mount& mount : mounts_) {
    if (req.path.size() <= mount.prefix.size() || req.path.compare(0, mount.prefix.size(), mount.prefix) != 0 ||
        req.path[mount.prefix.size()] != '/') {
      continue;
    }
    std::string relative = req.path.substr(mount.prefix.size() + 1);
    if (!is_safe_relative_path(relative)) continue;
    std::filesystem::path file = mount.dir / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) continue;
    std::ostringstream body;
    body << in.rdbuf();
    for (const auto& [name, value] : mount.headers) res.set_header(name, value);
    res.status = 200;
    res.set_content(body.str(), content_type_of(file));
    return true;
  }
  return false;
}

}  // namespace paperboy
