// Mail subscriptions from the web: the front page's form (double opt-in: a confirmation mail
// with a signed link), the confirm and unsubscribe pages those links open (POST /unsubscribe
// is also RFC 8058's one-click), and the preferences page. The signed token in the link is the
// credential: no sign-in is needed, and a forged, altered or expired token is refused.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_subscription_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
