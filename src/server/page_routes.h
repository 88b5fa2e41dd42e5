// The HTML pages for reading: the daily list (/, /papers/date|week|month/…), a paper
// (/papers/{id}), /search, /trending, /authors/{name} and the signed-in visitor's /library.
#pragma once

#include "server/hub_context.h"
#include "server/routes.h"

namespace paperboy {

void add_page_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
