// What moderators do, on one page (/moderation): the reported comments, the comments held for
// review, the author claims waiting, account suspension, role grants (admins only) and the
// log of every action with who and why. Each action is a form POST:
//   /moderation/posts/{n}   action=hide|restore|delete|approve|keep, reason
//   /moderation/claims/{n}  action=approve|reject, reason
//   /moderation/accounts    handle, action=suspend|unsuspend, hide_posts, reason
//   /moderation/roles       handle, role (admins)
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_moderation_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
