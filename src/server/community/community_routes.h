// The community's HTML forms: vote and un-vote (POST /papers/{id}/vote), save to and remove
// from the library (/papers/{id}/save, /unsave) and /submit. All need a signed-in visitor and
// the form's CSRF token; without scripts each answers with a redirect back to the page.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_community_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
