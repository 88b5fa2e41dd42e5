// The HTML pages for reading: the daily list (/, /papers/date|week|month/…), a paper
// (/papers/{id}), /search, /trending, /authors/{name} and the signed-in visitor's /library.
#pragma once

#include <string>

#include "server/http/routes.h"
#include "server/pages/discussion_page.h"
#include "server/pages/page_request.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_page_routes(const Routes& routes, HubContext& hub);

// The save form as the reader left it when it was refused: their tags and what to change.
struct RefusedSave {
  std::string tags;
  std::string problem;
};
// The page of the paper `id_text` names, with `status`; a refused save form is shown again
// beside it rather than on a page of its own, so nothing typed is lost (a refused comment too).
void send_paper_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                     ServerResponse& res, const std::string& id_text, int status = 200,
                     const RefusedSave* refused = nullptr,
                     const RefusedPost* refused_post = nullptr);

}  // namespace paperboy
