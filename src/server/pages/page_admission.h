// The opening of every HTML page and form: a store lease, the visitor, and what the route
// declared it needs (a signed-in reader, a moderator or an admin; for a form, its CSRF token
// and a rate bucket), each refusal answered as a page a browser can act on: sign in and come
// back, "moderators only", "form expired", "too many attempts". A route declares its needs
// where it is registered (`admitted`), and its handler starts with the request admitted; the
// JSON routes' twin is request/api_request.h.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "server/http/http_message.h"
#include "server/pages/page_request.h"
#include "server/request/hub_context.h"
#include "server/request/visitor.h"

namespace paperboy {

// Where a signed-out visitor is sent instead of a page for readers: the sign-in page's address,
// with where to come back to.
using SignInAddress = std::function<std::string(const ServerRequest&)>;
// Sign in, then go to `path` (a same-site path; its query and fragment are kept).
SignInAddress sign_in_then(const std::string& path);
// Sign in, then go to the paper the route's `:id` names, at `fragment` ("#discussion").
SignInAddress sign_in_then_paper(std::string fragment = "");

struct PageNeeds {
  Audience audience = Audience::kAnyone;
  // A form post names its action: the form must carry the visitor's CSRF token, and the post
  // takes a token from the bucket (action, who) within `limit`. A null `limit` is the
  // reader's general write limit (bucket "write"). `who` is the signed-in reader, else the
  // client's address; `per_client` counts the client's address even for a reader (sign-in,
  // forms that check a password: a stolen session must not become a password oracle).
  const char* action = nullptr;
  const RateLimit* limit = nullptr;
  bool per_client = false;
  // Null: sign in and come back to this page (a GET's own address; for a form, the same-site
  // page it was posted from, else the front page).
  SignInAddress sign_in = nullptr;
};

inline PageNeeds page_read() { return {}; }
inline PageNeeds page_for(Audience audience, SignInAddress sign_in = nullptr) {
  return {.audience = audience, .sign_in = std::move(sign_in)};
}
// A form anyone may send (sign-in, sign-up, subscribe), counted per reader or address.
inline PageNeeds anyone_form(const char* action, const RateLimit* limit) {
  return {.action = action, .limit = limit};
}
// A signed-in reader's form.
inline PageNeeds reader_form(const char* action, const RateLimit* limit,
                             SignInAddress sign_in = nullptr) {
  return {.audience = Audience::kReader,
          .action = action,
          .limit = limit,
          .sign_in = std::move(sign_in)};
}

using PageHandler =
    std::function<void(HubContext&, PageRequest&, const ServerRequest&, ServerResponse&)>;
// The route handler that admits a request as `needs` says, answering a refusal as a page
// (or a redirect to sign in), and then runs `handler` with the admitted request.
RouteHandler admitted(HubContext& hub, PageNeeds needs, PageHandler handler);

}  // namespace paperboy
