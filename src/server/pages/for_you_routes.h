// The reader's side of recommendations: /for-you (and per library tag), /api/for-you, a private
// Atom feed of it (signed link), "Not interested" on any card, following categories and
// authors, and saved searches (with "alert me" for the digest, and an Atom feed each).
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_for_you_routes(const Routes& routes, HubContext& hub);

}  // namespace paperboy
