// /authors/{name}: the papers under one author's name, newest first. A name typed in another
// case, without its accents or with '+' for spaces ("/authors/yu+qiao") is sent to the
// spelling the papers use.
#pragma once

#include "server/http/routes.h"
#include "server/pages/page_request.h"
#include "server/request/hub_context.h"

namespace paperboy {

void author_page(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res);

}  // namespace paperboy
