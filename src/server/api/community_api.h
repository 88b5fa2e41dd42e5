// The community's JSON API and the listings that need an account or the trending ranking:
//   POST|DELETE /api/papers/{id}/vote    POST /api/submit {"id"}    POST /api/tokens {"label"}
//   GET /api/library[?tag=]  PUT|DELETE /api/library/{id} {"tags": [...]}   GET /api/me
//   GET /api/trending   /feeds/trending.atom   /export/library.bib|.ris[?tag=]
// Writes need a signed-in user: an API token (Authorization: Bearer), or the session cookie
// with the page's X-CSRF-Token header.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_community_api(const Routes& routes, HubContext& hub);

}  // namespace paperboy
