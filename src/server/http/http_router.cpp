#include "server/http/http_router.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
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

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// What a parameter matches when its pattern gives no expression of its own.
std::string default_expression(const std::string& parameter) {
  // A paper id may hold a slash (hep-th/9901001) but never ends with one: "/papers/ID/" is
  // left to the fallback, which sends it to "/papers/ID".
  if (parameter == "id") return ".*[^/]";
  if (parameter == "n") return "\\d+";
  return "[^/]+";
}

struct CompiledPattern {
  std::string expression;      // the whole pattern as an ECMAScript regular expression
  std::string name;            // the pattern without its parameters' expressions
  std::string literal_prefix;  // up to the first parameter
  size_t literals = 0;         // literal characters: how specific the route is
  size_t parameters = 0;
};

CompiledPattern compile(const std::string& pattern) {
  CompiledPattern out;
  bool prefix_open = true;
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c != ':' || i + 1 == pattern.size() || !is_name_character(pattern[i + 1])) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
        out.expression.push_back('\\');
      out.expression.push_back(c);
      out.name.push_back(c);
      if (prefix_open) out.literal_prefix.push_back(c);
      ++out.literals;
      ++i;
      continue;
    }
    prefix_open = false;
    size_t end = i + 1;
    while (end < pattern.size() && is_name_character(pattern[end])) ++end;
    const std::string parameter = pattern.substr(i + 1, end - i - 1);
    std::string expression = default_expression(parameter);
    if (end < pattern.size() && pattern[end] == '(') {
      int depth = 0;
      size_t close = end;
      for (; close < pattern.size(); ++close) {
        if (pattern[close] == '\\') {
          ++close;
        } else if (pattern[close] == '(') {
          ++depth;
        } else if (pattern[close] == ')' && --depth == 0) {
          break;
        }
      }
      if (close >= pattern.size())
        throw std::invalid_argument(
            fmt::format("route pattern {}: unclosed '(' after :{}", pattern, parameter));
      expression = pattern.substr(end + 1, close - end - 1);
      end = close + 1;
    }
    out.expression += "(" + expression + ")";
    out.name += ":" + parameter;
    ++out.parameters;
    i = end;
  }
  return out;
}

}  // namespace

void HttpRouter::add(const std::string& method, const std::string& pattern, RouteHandler handler) {
  static const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end())
    throw std::invalid_argument(fmt::format("no route can answer the HTTP method {}", method));
  CompiledPattern compiled = compile(pattern);
  std::regex regex(compiled.expression);
  // A capturing group inside a parameter's expression would shift the ones after it.
  if (regex.mark_count() != compiled.parameters)
    throw std::invalid_argument(fmt::format(
        "route pattern {}: groups inside a parameter's expression must be (?:...)", pattern));
  // Reads and writes of one path are told apart in /metrics and the log.
  std::string name = method == "GET" ? compiled.name : method + " " + compiled.name;
  Route route{method,           pattern,
              std::move(name),  std::move(compiled.literal_prefix),
              std::move(regex), std::move(handler),
              compiled.literals};
  // After every route at least as specific: the most specific first, ties in the order given.
  auto at = std::find_if(routes_.begin(), routes_.end(),
                         [&](const Route& r) { return r.specificity < route.specificity; });
  routes_.insert(at, std::move(route));
}

void HttpRouter::fallback(RouteHandler handler) { fallback_ = std::move(handler); }

std::vector<std::pair<std::string, std::string>> HttpRouter::patterns() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

const HttpRouter::Route* HttpRouter::find(const std::string& method, const std::string& path,
                                          std::vector<std::string>& params) const {
  std::smatch matches;
  for (const Route& route : routes_) {
    if (route.method != method ||
        path.compare(0, route.literal_prefix.size(), route.literal_prefix) != 0 ||
        !std::regex_match(path, matches, route.regex)) {
      continue;
    }
    params.clear();
    for (size_t i = 1; i < matches.size(); ++i) params.push_back(matches[i].str());
    return &route;
  }
  return nullptr;
}

std::string HttpRouter::route_for(const std::string& method, const std::string& path) const {
  std::vector<std::string> params;
  const bool read = method == "GET" || method == "HEAD";
  const Route* route = find(read ? "GET" : method, path, params);
  if (route) return route->name;
  return read && fallback_ ? "not found" : "unmatched";
}

void HttpRouter::mount(std::string prefix, std::filesystem::path dir, HttpHeaders headers) {
  mounts_.push_back({std::move(prefix), std::move(dir), std::move(headers)});
}

std::string HttpRouter::dispatch(ServerRequest& req, ServerResponse& res) const {
  const bool read = req.method == "GET" || req.method == "HEAD";
  if (read && serve_file(req, res)) return "static";
  const Route* route = find(read ? "GET" : req.method, req.path, req.path_params);
  if (route != nullptr) {
    route->handler(req, res);
    return route->name;
  }
  if (read && fallback_) {
    fallback_(req, res);
    return "not found";
  }
  res.status = 404;
  return "unmatched";
}

bool HttpRouter::serve_file(const ServerRequest& req, ServerResponse& res) const {
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
    for (const auto& [name, value] : mount.headers) res.add_header(name, value);
    res.status = 200;
    res.set_content(body.str(), content_type_of(file));
    return true;
  }
  return false;
}

}  // namespace paperboy
