// The discussion's HTML forms (the paper page's discussion section posts to them; each answers
// with a redirect back to the comment, or the paper page again with a refused comment in its
// box): POST /papers/{id}/comments, /papers/{id}/follow-discussion, /comments/{n}/edit,
// /comments/{n}/delete, /comments/{n}/like, /comments/{n}/report.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_discussion_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
