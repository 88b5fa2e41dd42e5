#include "server/community/community_routes.h"

#include "server/http/error_answer.h"
#include "server/pages/page_helpers.h"
#include "server/pages/page_routes.h"
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

// A form action on one paper by a signed-in visitor; anonymous visitors are sent to sign in
// first and come back to the paper.
template <typename Action>
void paper_form(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                const RateLimit* limit, const char* name, Action action) {
  PageRequest page;
  std::string id = req.path_params[0];
  if (!begin_page(hub, req, res, page)) return;
  // Back where the visitor was (a listing or the paper), as a browser without scripts expects.
  std::string back = req.get_header_value("Referer");
  std::string origin = "http://" + req.get_header_value("Host");
  bool local = back.compare(0, origin.size(), origin) == 0;
  // A form sent again from its own refused page has that page's URL (the POST's) as Referer.
  std::string back_path =
      local && back.substr(origin.size()) != req.path ? back.substr(origin.size()) : paper_path(id);
  if (!page.visitor.user) {
    // Signed out: sign in first, then come back here; an upvote is carried and cast then.
    bool upvote = std::string_view(name) == "vote" && req.get_param_value("action") != "down";
    return redirect_local(
        res, "/signin?next=" + url_query(back_path) + (upvote ? "&vote=" + url_query(id) : ""));
  }
  if (!check_form_post(hub, req, res, page, name, limit, std::to_string(page.visitor.user->id)))
    return;
  ActionOutcome outcome = action(page);
  if (outcome.refused == ErrorCode::kInvalid && std::string_view(name) == "save") {
    // Refused tags: the paper page again, with the reader's tags in the box and what to change.
    RefusedSave refused{req.get_param_value("tags"), outcome.detail};
    return send_paper_page(hub, req, res, id, 400, &refused);
  }
  if (!outcome.ok()) {
    return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                             outcome.error, outcome.detail, paper_path(id), "Back to the paper");
  }
  redirect_local(res, back_path);
}

}  // namespace

void add_community_routes(const Routes& routes, HubContext& hub) {
  routes.post("/papers/:id/vote", [&hub](const ServerRequest& req, ServerResponse& res) {
    paper_form(hub, req, res, &hub.options.limits.vote, "vote", [&](PageRequest& page) {
      bool up = req.get_param_value("action") != "down";
      return vote_for_paper(page.store(), page.visitor.user->id, req.path_params[0], up, hub.now());
    });
  });
  routes.post("/papers/:id/save", [&hub](const ServerRequest& req, ServerResponse& res) {
    paper_form(hub, req, res, nullptr, "save", [&](PageRequest& page) {
      return save_paper(page.store(), page.visitor.user->id, req.path_params[0],
                        split_tags(req.get_param_value("tags")), hub.now());
    });
  });
  routes.post("/papers/:id/unsave", [&hub](const ServerRequest& req, ServerResponse& res) {
    paper_form(hub, req, res, nullptr, "save", [&](PageRequest& page) {
      return unsave_paper(page.store(), page.visitor.user->id, req.path_params[0]);
    });
  });
  routes.get("/submit", [&hub](const ServerRequest& req, ServerResponse& res) {
    PageRequest page;
    if (!begin_page(hub, req, res, page)) return;
    if (!page.visitor.user) return redirect_local(res, "/signin?next=/submit");
    send_form(hub, req, res, page.visitor, 200, submit_form(req.get_param_value("id")));
  });
  routes.post("/submit", [&hub](const ServerRequest& req, ServerResponse& res) {
    PageRequest page;
    if (!begin_page(hub, req, res, page)) return;
    if (!page.visitor.user) return redirect_local(res, "/signin?next=/submit");
    std::string user = std::to_string(page.visitor.user->id);
    if (!check_form_post(hub, req, res, page, "submit", &hub.options.limits.submit, user)) return;
    std::string id = req.get_param_value("id");
    ActionOutcome outcome = submit_paper(page.store(), page.visitor.user->id, id, hub.now(),
                                         hub.options.paper_lookup, hub.options.submission_rules);
    if (outcome.retry_after > 0) res.add_header("Retry-After", std::to_string(outcome.retry_after));
    if (outcome.ok()) return redirect_local(res, paper_path(outcome.paper.paper.id));
    FormPage form = submit_form(id);
    form.error = outcome.detail;  // the reader's words; the short label is for the JSON API
    send_form(hub, req, res, page.visitor, http_status(*outcome.refused), form);
  });
}

}  // namespace paperboy
