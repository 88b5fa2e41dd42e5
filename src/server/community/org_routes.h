// Organisations on the web and in the API: /orgs (every organisation, and the form that creates
// one), /orgs/{name} (its papers newest first or by votes, its members, follow, and for its
// admins the member and description forms), linking a paper to one from the paper's page, and
// `GET /api/organizations/{name}`, `POST /api/papers/{id}/organization`, over org_actions.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_org_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
