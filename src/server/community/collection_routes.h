// Collections on the web and in the API: /collections (a reader's own and their organisations',
// and the form that makes one), /collections/{n} (the papers in order with their notes; for
// those who keep it, move, remove and edit), its Atom feed, BibTeX and RIS, the paper page's
// "Add to collection", and /api/collections, over collection_actions.
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_collection_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
