#include "server/pages/not_found_routes.h"

#include <array>
#include <string_view>

#include "server/http/same_site.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

// Machine-read paths answer in JSON, as the rest of their routes do.
bool is_machine_path(std::string_view path) {
  constexpr std::array<std::string_view, 4> prefixes = {"/api/", "/feeds/", "/export/", "/static/"};
  for (auto prefix : prefixes) {
    if (path.starts_with(prefix)) return true;
  }
  return path == "/api" || path == "/healthz" || path == "/metrics";
}

// The answers that need no page: JSON for machine paths, a redirect for a trailing slash.
// False when the request is left for the HTML 404 page.
bool answered_without_page(const ServerRequest& req, ServerResponse& res) {
  const std::string& path = req.path;
  if (is_machine_path(path)) {
    send_error(res, 404, "not found", "no such route: " + path);
    return true;
  }
  // "/library/" is "/library": one canonical URL, and no dead end for a typed slash.
  if (path.size() > 1 && path.back() == '/') {
    std::string target = path;
    while (target.size() > 1 && target.back() == '/') target.pop_back();
    // Only to a path of this site: "/%2Fevil.example/" would otherwise send the reader to
    // "//evil.example", another host.
    if (auto local = same_site_target(target)) {
      std::string query = query_text(req.params);
      res.status = 301;
      res.add_header("Location", *local + (query.empty() ? "" : "?" + query));
      return true;
    }
  }
  return false;
}

void not_found_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                    ServerResponse& res) {
  send_message_page(hub, req, res, page.visitor, 404, "Page not found",
                    "There is no page at " + req.path +
                        ". The daily papers, trending and search are linked above.");
}

}  // namespace

void add_not_found_routes(const Routes& routes, HubContext& hub) {
  // Browsers and feed readers ask for /favicon.ico whatever the page links to.
  routes.get("/favicon.ico", [](const ServerRequest&, ServerResponse& res) {
    res.status = 301;
    res.add_header("Location", "/static/favicon.svg");
  });
  routes.fallback([page = admitted(hub, page_read(), not_found_page)](const ServerRequest& req,
                                                                      ServerResponse& res) {
    if (!answered_without_page(req, res)) page(req, res);
  });
}

}  // namespace paperboy
