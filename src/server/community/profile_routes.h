// Readers in public: the profile page /u/{handle} (name, affiliation, links, the papers whose
// authorship a moderator approved; an old handle redirects to the new one) and the claim form
// of a paper page (POST /papers/{id}/claim, position from 1), which puts the claim in the
// moderators' queue.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_profile_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
