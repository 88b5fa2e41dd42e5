// Accounts: /signup, /signin, /signout (HTML forms with CSRF tokens, rate limited per client
// address) and /settings, where API tokens are made and revoked.
#pragma once

#include "server/hub_context.h"
#include "server/routes.h"

namespace paperboy {

void add_account_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
