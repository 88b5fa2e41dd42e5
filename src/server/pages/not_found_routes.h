// What a reader gets at a URL no route serves: an HTML "Page not found" with a way on for page
// URLs, a JSON error for the API and feeds, and a redirect for a stray trailing slash.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

// Registered after every other route: it matches any GET.
void add_not_found_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
