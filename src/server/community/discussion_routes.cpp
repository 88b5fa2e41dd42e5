#include "server/community/discussion_routes.h"

#include "server/formats/post_markdown.h"
#include "server/http/error_answer.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/pages/page_routes.h"
#include "server/rules/discussion_actions.h"

namespace paperboy {
namespace {

using Req = const ServerRequest&;
using Res = ServerResponse&;

constexpr size_t kMaxReasonBytes = 1000;

std::string paper_path(const std::string& id) { return "/papers/" + url_path(id); }

// The post a /comments/{n}/… form names, and its paper.
bool post_and_paper(HubContext& hub, Req req, Res res, PageRequest& page, DiscussionPost& post,
                    StoredPaper& paper) {
  const std::string n = req.path_params[0];
  auto found = n.size() > 18
                   ? Result<std::optional<DiscussionPost>>(std::optional<DiscussionPost>())
                   : page.store().discussions().post(std::stoll(n));
  if (!found.ok()) {
    send_store_error_page(hub, req, res, page.visitor, found.error());
    return false;
  }
  std::vector<StoredPaper> papers;
  if (found->has_value()) {
    auto read = page.store().get_many(std::span<const int64_t>(&(**found).doc_id, 1));
    if (read.ok()) papers = std::move(read).value();
  }
  if (!found->has_value() || papers.empty() || !shows_place(**found, page.visitor.user)) {
    send_message_page(hub, req, res, page.visitor, 404, "Comment not found",
                      "There is no comment " + n + ".");
    return false;
  }
  post = std::move(**found);
  paper = std::move(papers.front());
  return true;
}

void answer(HubContext& hub, Req req, Res res, PageRequest& page, const PostOutcome& outcome,
            const StoredPaper& paper) {
  if (!outcome.ok()) {
    return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                             outcome.error, outcome.detail,
                             paper_path(paper.paper.id) + "#discussion", "Back to the discussion");
  }
  redirect_local(res, paper_path(paper.paper.id) + "#comment-" + std::to_string(outcome.post.id));
}

void new_post(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string id = req.path_params[0];
  if (!allow_rate(page.community(), "post", "site", hub.options.limits.post_site,
                  static_cast<double>(hub.now()))) {
    const int64_t wait = retry_after_seconds(hub.options.limits.post_site);
    res.add_header("Retry-After", std::to_string(wait));
    return send_message_page(hub, req, res, page.visitor, 429, "Too many comments",
                             "The site takes only so many comments a minute. Please wait " +
                                 wait_text(wait) + " and try again.");
  }
  auto found = paper_for_form(hub, req, res, page, id);
  if (!found) return;
  const std::string parent_text = req.get_param_value("parent");
  int64_t parent = 0;
  if (!parent_text.empty() && parent_text.size() < 19 &&
      parent_text.find_first_not_of("0123456789") == std::string::npos) {
    parent = std::stoll(parent_text);
  }
  const std::string text = req.get_param_value("text");
  PostOutcome outcome = add_discussion_post(page.store(), hub.options.hold_first_posts,
                                            *page.visitor.user, *found, text, parent, hub.now());
  if (outcome.refused == ErrorCode::kInvalid) {
    RefusedPost refused{parent, text, outcome.detail};
    return send_paper_page(hub, page, req, res, id, 400, nullptr, &refused);
  }
  answer(hub, req, res, page, outcome, *found);
}

// A form on one comment (/comments/:n/…), by a signed-in reader.
template <typename Change>
void change_post(HubContext& hub, PageRequest& page, Req req, Res res, Change change) {
  DiscussionPost post;
  StoredPaper paper;
  if (!post_and_paper(hub, req, res, page, post, paper)) return;
  change(post, paper);
}

}  // namespace

void add_discussion_routes(const Routes& routes, HubContext& hub) {
  // The buckets are the JSON API's (discussion_api.cpp): a reader's posts are counted once,
  // whichever way they come.
  routes.post("/papers/:id/comments", admitted(hub,
                                               reader_form("post", &hub.options.limits.post,
                                                           sign_in_then_paper("#discussion")),
                                               new_post));
  routes.post("/comments/:n/edit",
              admitted(hub, reader_form("edit", &hub.options.limits.edit),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         change_post(hub, page, req, res,
                                     [&](const DiscussionPost& post, const StoredPaper& paper) {
                                       PostOutcome outcome = edit_discussion_post(
                                           page.store(), *page.visitor.user, post.id,
                                           req.get_param_value("text"), hub.now());
                                       answer(hub, req, res, page, outcome, paper);
                                     });
                       }));
  routes.post("/comments/:n/delete",
              admitted(hub, reader_form("edit", &hub.options.limits.edit),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         change_post(hub, page, req, res,
                                     [&](const DiscussionPost& post, const StoredPaper& paper) {
                                       answer(
                                           hub, req, res, page,
                                           delete_discussion_post(page.store(), *page.visitor.user,
                                                                  post.id, hub.now()),
                                           paper);
                                     });
                       }));
  routes.post("/comments/:n/like",
              admitted(hub, reader_form("vote", &hub.options.limits.vote),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         change_post(hub, page, req, res,
                                     [&](const DiscussionPost& post, const StoredPaper& paper) {
                                       const bool on = req.get_param_value("on") != "0";
                                       answer(hub, req, res, page,
                                              like_discussion_post(page.store(), *page.visitor.user,
                                                                   post.id, on, hub.now()),
                                              paper);
                                     });
                       }));
  routes.post(
      "/comments/:n/report",
      admitted(hub, reader_form("report", &hub.options.limits.submit),
               [](HubContext& hub, PageRequest& page, Req req, Res res) {
                 change_post(
                     hub, page, req, res,
                     [&](const DiscussionPost& post, const StoredPaper& paper) {
                       auto reason = accept_post_text(req.get_param_value("reason"));
                       if (!reason.ok() || reason->size() > kMaxReasonBytes) {
                         return send_message_page(
                             hub, req, res, page.visitor, 400, "Say why",
                             "A report needs a reason of 1 to 1,000 bytes of text.",
                             paper_path(paper.paper.id) + "#comment-" + std::to_string(post.id),
                             "Back to the comment");
                       }
                       auto report = page.store().discussions().report(
                           post.id, page.visitor.user->id, *reason, hub.now());
                       if (!report.ok() && report.error().code != ErrorCode::kConflict) {
                         return send_store_error_page(hub, req, res, page.visitor, report.error());
                       }
                       redirect_local(res, paper_path(paper.paper.id) + "?reported=1#discussion");
                     });
               }));
  routes.post("/papers/:id/follow-discussion",
              admitted(hub,
                       reader_form("preference", &hub.options.limits.preference,
                                   sign_in_then_paper("#discussion")),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         const std::string id = req.path_params[0];
                         auto found = paper_for_form(hub, req, res, page, id);
                         if (!found) return;
                         const bool on = req.get_param_value("on") != "0";
                         auto changed = page.store().discussions().set_following(
                             page.visitor.user->id, found->doc_id, on, hub.now());
                         if (!changed.ok())
                           return send_store_error_page(hub, req, res, page.visitor,
                                                        changed.error());
                         redirect_local(res, paper_path(found->paper.id) + "#discussion");
                       }));
}

}  // namespace paperboy
