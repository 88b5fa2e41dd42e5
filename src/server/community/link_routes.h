// A paper's links, changed by its authors, its submitter or a moderator: the hub's
// `POST /api/papers/{id}/links` (JSON: githubRepo, projectPage, linkedModels, linkedDatasets,
// linkedSpaces) and the paper page's form (`POST /papers/{id}/links`), over link_actions.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_link_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
