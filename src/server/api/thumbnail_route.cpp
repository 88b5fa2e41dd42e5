#include "server/api/thumbnail_route.h"

#include "core/paper.h"
#include "server/request/route_helpers.h"

namespace paperboy {

void add_thumbnail_route(const Routes& routes, ReaderPool& pool) {
  // Registered before the paper page's /papers/(.+), which would take the whole path for an id.
  routes.get("/papers/:id/thumbnail.png", [&pool](const ServerRequest& req, ServerResponse& res) {
    auto key = parse_paper_key(req.path_params[0]);
    if (!key.ok()) return send_error(res, 404, "paper not found", key.error().message);
    std::optional<ReaderPool::Lease> readers;
    if (!lease(pool, res, readers)) return;
    auto found = readers->store().get(key->id);
    if (!found.ok()) return send_store_error(res, found.error());
    if (!found->has_value()) return send_error(res, 404, "paper not found", key->id);
    auto image = readers->store().thumbnails().thumbnail((**found).doc_id);
    if (!image.ok()) return send_store_error(res, image.error());
    if (!image->has_value()) {
      return send_error(res, 404, "no thumbnail yet",
                        "the first page of " + key->id + " has not been drawn");
    }
    const Thumbnail& thumbnail = **image;
    const std::string etag = "\"v" + std::to_string(thumbnail.version) + "\"";
    const bool named = req.get_param_value("v") == std::to_string(thumbnail.version);
    res.add_header("Cache-Control",
                   named ? "public, max-age=31536000, immutable" : "public, max-age=3600");
    res.add_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(thumbnail.png, "image/png");
  });
}

}  // namespace paperboy
