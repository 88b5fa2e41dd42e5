// Accounts: /signup, /signin, /signout (HTML forms with CSRF tokens, rate limited per client
// address) and /settings, where API tokens are made and revoked.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_account_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
