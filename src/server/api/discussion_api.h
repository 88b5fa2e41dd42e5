// The discussion under each paper as JSON:
//   GET  /api/papers/{id}/comments[?sort=newest|oldest|top&p=&limit=]  top-level comments with
//        their replies (X-Total-Count: top-level comments)
//   POST /api/papers/{id}/comments {"text", "parent"?}   → 201 and the comment
//   PATCH|DELETE /api/comments/{n}  {"text"}             edit (author) / delete (author, moderator)
//   POST|DELETE /api/comments/{n}/like                   POST /api/comments/{n}/report {"reason"}
//   POST|DELETE /api/papers/{id}/follow-discussion       replies then reach the digest and feed
// Writes: an API token, or the session cookie with X-CSRF-Token; posts are rate-limited per
// account and site-wide (429 with Retry-After).
#pragma once

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

void add_discussion_api(const Routes& routes, HubContext& hub);

}  // namespace paperboy
