// /settings: the signed-in reader's name, address and password, API tokens (a new one shown
// once, after a redirect), and deleting the account with everything it owns.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_settings_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
