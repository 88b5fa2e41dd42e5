// /search: the search form, and the results of the request's query with what the searcher did
// with it (a spelling correction, acronym expansions), its order, count and pages.
#pragma once

#include "server/http/http_message.h"
#include "server/pages/page_request.h"
#include "server/request/hub_context.h"

namespace paperboy {

void search_page(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res);

}  // namespace paperboy
