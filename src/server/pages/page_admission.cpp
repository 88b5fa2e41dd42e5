#include "server/pages/page_admission.h"

#include "core/markup_escape.h"
#include "server/http/error_answer.h"
#include "server/http/url_text.h"
#include "server/pages/page_helpers.h"
#include "server/request/rate_limiter.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

// The readers and the visitor; false when the answer (an error page) has been sent.
bool open_page(HubContext& hub, const ServerRequest& req, ServerResponse& res, PageRequest& page) {
  auto leased = hub.readers.lease();
  if (!leased.ok()) {
    res.status = 503;
    res.set_content(
        "<!doctype html><title>Unavailable</title><p>The paper store cannot be opened: " +
            xml_escape(client_detail({leased.error().message, ErrorCode::kUnavailable})) + "</p>",
        "text/html; charset=utf-8");
    return false;
  }
  page.readers.emplace(std::move(leased).value());
  auto visitor = identify(req, page.store().community(), hub.now(), hub.options.admins);
  if (!visitor.ok()) {
    // Browsers never send API tokens; a script that sent a bad one should hear why.
    if (visitor.error().code == ErrorCode::kInvalid) {
      send_message_page(hub, req, res, Visitor{}, 401, "Not signed in",
                        client_detail(visitor.error()));
    } else {
      send_store_error_page(hub, req, res, Visitor{}, visitor.error());
    }
    return false;
  }
  page.visitor = std::move(visitor).value();
  return true;
}

// Where sign-in brings a visitor back to when the route named no place.
std::string back_here(const ServerRequest& req) {
  if (req.method == "GET" || req.method == "HEAD") {
    return req.params.empty() ? req.path : req.path + "?" + query_text(req.params);
  }
  return referring_page(req).value_or("/");
}

bool audience_ok(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                 const PageNeeds& needs, const PageRequest& page) {
  if (admits(needs.audience, page.visitor)) return true;
  if (page.visitor.suspended) {
    send_message_page(hub, req, res, page.visitor, 403, "Account suspended", kSuspendedText);
    return false;
  }
  if (!page.visitor.user) {
    redirect_local(
        res, needs.sign_in ? needs.sign_in(req) : "/signin?next=" + url_query(back_here(req)));
    return false;
  }
  if (needs.audience == Audience::kAdmin) {
    // A reader learns only that the page is not theirs; how admins are made is the operator's
    // to know (README, `paperboy admin --help`), not every visitor's.
    send_message_page(hub, req, res, page.visitor, 403, "Admins only",
                      "This page is for the site's admins.");
  } else {
    send_message_page(hub, req, res, page.visitor, 403, "Moderators only",
                      "This page is for the site's moderators and admins.");
  }
  return false;
}

bool form_ok(HubContext& hub, const ServerRequest& req, ServerResponse& res, const PageNeeds& needs,
             PageRequest& page) {
  if (!csrf_ok(req, page.visitor)) {
    send_message_page(
        hub, req, res, page.visitor, 403, "Form expired",
        "The form was missing its security token or it did not match (forms expire when you sign "
        "in or out). Go back, reload the page and try again.");
    return false;
  }
  // A form that names no bucket of its own still has one: the reader's writes, all together.
  const bool general = needs.limit == nullptr;
  const RateLimit& limit = general ? hub.options.limits.write : *needs.limit;
  const std::string who = page.visitor.user && !needs.per_client
                              ? std::to_string(page.visitor.user->id)
                              : client_address(hub.options.trusted_proxies, req);
  if (!allow_rate(page.community(), general ? "write" : needs.action, who, limit,
                  static_cast<double>(hub.now()))) {
    const int64_t wait = retry_after_seconds(limit);
    res.add_header("Retry-After", std::to_string(wait));
    send_message_page(hub, req, res, page.visitor, 429, "Too many attempts",
                      "Please wait " + wait_text(wait) + " and try again.");
    return false;
  }
  return true;
}

}  // namespace

SignInAddress sign_in_then(const std::string& path) {
  return [next = "/signin?next=" + url_query(path)](const ServerRequest&) { return next; };
}

SignInAddress sign_in_then_paper(std::string fragment) {
  return [fragment = std::move(fragment)](const ServerRequest& req) {
    return "/signin?next=" + url_query("/papers/" + url_path(req.path_params.at(0)) + fragment);
  };
}

RouteHandler admitted(HubContext& hub, PageNeeds needs, PageHandler handler) {
  return [&hub, needs = std::move(needs), handler = std::move(handler)](const ServerRequest& req,
                                                                        ServerResponse& res) {
    PageRequest page;
    if (!open_page(hub, req, res, page) || !audience_ok(hub, req, res, needs, page)) return;
    if (needs.action != nullptr && !form_ok(hub, req, res, needs, page)) return;
    handler(hub, page, req, res);
  };
}

}  // namespace paperboy
