// /admin pages, for the addresses given with `serve --admin`: the harvest status (HTML and
// JSON) and a button to run a round now.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_admin_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
