#include "server/community/community_routes.h"

#include "server/http/error_answer.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/pages/page_routes.h"
#include "server/request/route_helpers.h"
#include "server/rules/community_actions.h"

namespace paperboy {
namespace {

FormPage submit_form(const std::string& id) {
  return {.heading = "Submit a paper",
          .intro =
              "Put a paper on today's daily list by its arXiv id (2410.14649, arXiv:2410.14649v2, "
              "https://arxiv.org/abs/2410.14649 or math/0309136).",
          .action = "/submit",
          .submit_label = "Submit",
          .fields = {{"id", "arXiv id", "text", id, "off"}}};
}

std::string paper_path(const std::string& id) { return "/papers/" + url_path(id); }

// Back where the visitor was (a listing or the paper), as a browser without scripts expects.
std::string back_from_paper_form(const ServerRequest& req) {
  auto from = referring_page(req);
  // A form sent again from its own refused page has that page's URL (the POST's) as Referer.
  return from && *from != url_path(req.path) ? *from : paper_path(req.path_params[0]);
}

// A form on one paper, for signed-in readers: anonymous visitors are sent to sign in first and
// come back; an upvote is carried through sign-in and cast then.
PageNeeds paper_form_needs(const char* name, const RateLimit* limit) {
  return reader_form(name, limit, [name](const ServerRequest& req) {
    const bool upvote = std::string_view(name) == "vote" && req.get_param_value("action") != "down";
    return "/signin?next=" + url_query(back_from_paper_form(req)) +
           (upvote ? "&vote=" + url_query(req.path_params[0]) : "");
  });
}

template <typename Action>
void paper_form(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                const char* name, Action action) {
  const std::string id = req.path_params[0];
  const std::string back_path = back_from_paper_form(req);
  ActionOutcome outcome = action();
  if (outcome.refused == ErrorCode::kInvalid && std::string_view(name) == "save") {
    // Refused tags: the paper page again, with the reader's tags in the box and what to change.
    RefusedSave refused{req.get_param_value("tags"), outcome.detail};
    return send_paper_page(hub, page, req, res, id, 400, &refused);
  }
  if (!outcome.ok()) {
    return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                             outcome.error, outcome.detail, paper_path(id), "Back to the paper");
  }
  redirect_local(res, back_path);
}

}  // namespace

void add_community_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  routes.post("/papers/:id/vote",
              admitted(hub, paper_form_needs("vote", &hub.options.limits.vote),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         paper_form(hub, page, req, res, "vote", [&] {
                           const bool up = req.get_param_value("action") != "down";
                           return vote_for_paper(page.store(), page.visitor.user->id,
                                                 req.path_params[0], up, hub.now());
                         });
                       }));
  routes.post("/papers/:id/save",
              admitted(hub, paper_form_needs("save", nullptr),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         paper_form(hub, page, req, res, "save", [&] {
                           return save_paper(page.store(), page.visitor.user->id,
                                             req.path_params[0],
                                             split_tags(req.get_param_value("tags")), hub.now());
                         });
                       }));
  routes.post("/papers/:id/unsave",
              admitted(hub, paper_form_needs("save", nullptr),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         paper_form(hub, page, req, res, "save", [&] {
                           return unsave_paper(page.store(), page.visitor.user->id,
                                               req.path_params[0]);
                         });
                       }));
  routes.get("/submit", admitted(hub, page_for(Audience::kReader),
                                 [](HubContext& hub, PageRequest& page, Req req, Res res) {
                                   send_form(hub, req, res, page.visitor, 200,
                                             submit_form(req.get_param_value("id")));
                                 }));
  routes.post(
      "/submit",
      admitted(hub, reader_form("submit", &hub.options.limits.submit, sign_in_then("/submit")),
               [](HubContext& hub, PageRequest& page, Req req, Res res) {
                 std::string id = req.get_param_value("id");
                 ActionOutcome outcome =
                     submit_paper(page.store(), page.visitor.user->id, id, hub.now(),
                                  hub.options.paper_lookup, hub.options.submission_rules);
                 if (outcome.retry_after > 0)
                   res.add_header("Retry-After", std::to_string(outcome.retry_after));
                 if (outcome.ok())
                   return redirect_local(res, paper_path(outcome.paper.paper.id) + "?submitted=1");
                 FormPage form = submit_form(id);
                 form.error =
                     outcome.detail;  // the reader's words; the short label is for the JSON API
                 send_form(hub, req, res, page.visitor, http_status(*outcome.refused), form);
               }));
}

}  // namespace paperboy
