#include "server/http/http_router.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

namespace paperboy {
namespace {

// The types our static files have (KaTeX's scripts, styles and fonts; our own assets).
std::string content_type_of(const std::filesystem::path& file) {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {".css", "text/css"},
      {".js", "text/javascript"},
      {".mjs", "text/javascript"},
      {".html", "text/html"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain"},
      {".xml", "application/xml"},
      {".webmanifest", "application/manifest+json"},
  };
  std::string extension = file.extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

// A path below a mount, as the client may name it: segments of printable characters joined by
// single slashes. No empty segment (so never an absolute path, which would replace the mount's
// directory when appended), no hidden or ".." segment, no backslash, NUL or control character.
// The path has been percent-decoded already, so "%2F", "%2e%2e" and "%00" are judged here too.
bool is_safe_relative_path(std::string_view path) {
  if (path.empty()) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment[0] == '.') return false;
    for (unsigned char c : segment) {
      if (c < 0x20 || c == 0x7f || c == '\\') return false;
    }
    start = end + 1;
  }
  return true;
}

// The file `relative` names below `root`, after every symbolic link is followed: only a regular
// file inside the root's own real directory is served, so a link placed in the tree that points
// out of it is refused like "..".
std::optional<std::filesystem::path> file_below(const std::filesystem::path& root,
                                                std::string_view relative) {
  std::error_code ec;
  const std::filesystem::path real_root = std::filesystem::canonical(root, ec);
  if (ec) return std::nullopt;
  const std::filesystem::path real_file =
      std::filesystem::canonical(real_root / std::filesystem::path(relative), ec);
  if (ec || !std::filesystem::is_regular_file(real_file, ec)) return std::nullopt;
  auto [root_end, file_at] =
      std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (root_end != real_root.end() || file_at == real_file.end()) return std::nullopt;
  return real_file;
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

void HttpRouter::add(std::string method, std::string name, const std::string& pattern,
                     Handler handler) {
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
    if (req.path.size() <= mount.prefix.size() ||
        req.path.compare(0, mount.prefix.size(), mount.prefix) != 0 ||
        req.path[mount.prefix.size()] != '/') {
      continue;
    }
    std::string_view relative = std::string_view(req.path).substr(mount.prefix.size() + 1);
    if (!is_safe_relative_path(relative)) continue;
    auto found = file_below(mount.dir, relative);
    if (!found) continue;
    const std::filesystem::path& file = *found;
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
