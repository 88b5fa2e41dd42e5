#include "server/community/moderation_routes.h"

#include <ctime>
#include <map>
#include <optional>
#include <set>

#include "core/bidi_controls.h"
#include "core/date.h"
#include "core/handle.h"
#include "server/formats/post_html.h"
#include "server/formats/post_markdown.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"

namespace paperboy {
namespace {

using Req = const ServerRequest&;
using Res = ServerResponse&;

constexpr size_t kQueueLength = 100;
constexpr size_t kLogLength = 200;

// The papers of these posts, by number.
std::map<int64_t, std::string> paper_ids(Store& store, const std::vector<DiscussionPost>& posts) {
  std::vector<int64_t> docs;
  docs.reserve(posts.size());
  for (const auto& p : posts) docs.push_back(p.doc_id);
  std::map<int64_t, std::string> ids;
  if (auto papers = store.get_many(docs); papers.ok()) {
    for (const auto& p : *papers) ids[p.doc_id] = p.paper.id;
  }
  return ids;
}

void add_post_actions(ctemplate::TemplateDictionary& item, const DiscussionPost& post,
                      const std::string& csrf) {
  auto* actions = item.AddIncludeDictionary("POST_ACTIONS");
  actions->SetFilename("post_moderation.tpl");
  actions->SetIntValue("POST_ID", post.id);
  actions->SetValue("CSRF", csrf);
  if (post.state == PostState::kHeld) actions->ShowSection("APPROVE");
  if (post.state == PostState::kVisible) actions->ShowSection("KEEP");
}

// What an edited post said before: moderators judge what was written, not only what is left.
void add_revisions(ctemplate::TemplateDictionary& item, Discussions& talk,
                   const DiscussionPost& post) {
  if (post.edited == 0) return;
  auto revisions = talk.revisions(post.id);
  if (!revisions.ok() || revisions->empty()) return;
  auto* section = item.AddSectionDictionary("REVISIONS");
  section->SetIntValue("REVISION_COUNT", static_cast<long>(revisions->size()));
  for (const auto& revision : *revisions) {
    auto* one = section->AddSectionDictionary("REVISION");
    one->SetValue("REPLACED", utc_text(revision.replaced, "%Y-%m-%d %H:%M"));
    one->SetValue("REVISION_TEXT", revision.body);
  }
}

// The number of a log target ("post:12" → 12 for kind "post"), or none.
std::optional<int64_t> target_number(const std::string& target, std::string_view kind) {
  if (target.size() <= kind.size() + 1 || target.compare(0, kind.size(), kind) != 0 ||
      target[kind.size()] != ':')
    return std::nullopt;
  const std::string digits = target.substr(kind.size() + 1);
  if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(digits);
}

// The log, its targets named as a moderator reads them: an account by its handle, linked to
// its profile; a comment by its author and linked in place. "Restore" is offered on a
// comment's newest entry only, and only while the comment is still hidden or deleted.
void add_log(ctemplate::TemplateDictionary& dict, PageRequest& page,
             const std::vector<ModerationEntry>& log) {
  if (log.empty()) {
    dict.ShowSection("NO_LOG");
    return;
  }
  auto* table = dict.AddSectionDictionary("LOG");
  std::map<int64_t, std::optional<DiscussionPost>> posts;
  std::map<int64_t, std::optional<User>> users;
  std::vector<DiscussionPost> found_posts;
  for (const auto& e : log) {
    if (auto n = target_number(e.target, "post"); n && !posts.contains(*n)) {
      auto post = page.store().discussions().post(*n);
      posts[*n] = post.ok() ? *post : std::nullopt;
      if (posts[*n]) found_posts.push_back(*posts[*n]);
    } else if (auto u = target_number(e.target, "user"); u && !users.contains(*u)) {
      auto user = page.community().user_by_id(*u);
      users[*u] = user.ok() ? *user : std::nullopt;
    }
  }
  auto papers = paper_ids(page.store(), found_posts);
  std::set<std::string> seen;
  for (const auto& e : log) {
    auto* row = table->AddSectionDictionary("ENTRY");
    row->SetValue("WHEN", utc_text(e.created, "%Y-%m-%d %H:%M"));
    row->SetValue("WHO", e.moderator_handle.empty() ? "command line" : "@" + e.moderator_handle);
    row->SetValue("ACTION", e.action);
    row->SetValue("TARGET", e.target);
    row->SetValue("REASON", e.reason);
    const bool newest = seen.insert(e.target).second;
    std::string text = e.target, url;
    if (auto n = target_number(e.target, "post"); n && posts[*n]) {
      const DiscussionPost& post = *posts[*n];
      text = "comment " + std::to_string(*n) +
             (post.handle.empty() ? std::string() : " by @" + post.handle);
      if (papers.contains(post.doc_id))
        url = "/papers/" + url_path(papers[post.doc_id]) + "#comment-" + std::to_string(*n);
      const bool removed = post.state == PostState::kHidden || post.state == PostState::kDeleted;
      if (newest && removed &&
          (e.action == "hide" || e.action == "delete" || e.action == "suspend-hide")) {
        row->SetValueAndShowSection("POST_ID", std::to_string(*n), "RESTORE");
      }
    } else if (auto u = target_number(e.target, "user"); u) {
      text = users[*u] ? "@" + users[*u]->handle : "a deleted account";
      if (users[*u]) url = "/u/" + url_path(users[*u]->handle);
    }
    if (url.empty()) {
      row->SetValueAndShowSection("TARGET_NAME", text, "TARGET_TEXT");
    } else {
      auto* link = row->AddSectionDictionary("TARGET_LINK");
      link->SetValue("TARGET_URL", url);
      link->SetValue("TARGET_NAME", text);
    }
  }
}

void moderation_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  Discussions& talk = page.store().discussions();
  ctemplate::TemplateDictionary dict("moderation");
  dict.SetValue("CSRF", page.visitor.csrf);
  if (const std::string done = req.get_param_value("done"); !done.empty()) {
    dict.SetValueAndShowSection("NOTICE_TEXT", done, "NOTICE");
  }
  auto reports = talk.open_reports(kQueueLength);
  auto held = talk.held_posts(kQueueLength);
  auto claims = page.store().profiles().claims_in_state(ClaimState::kPending, kQueueLength);
  auto log = talk.moderation_log(kLogLength);
  for (const Error* e :
       {reports.ok() ? nullptr : &reports.error(), held.ok() ? nullptr : &held.error(),
        claims.ok() ? nullptr : &claims.error(), log.ok() ? nullptr : &log.error()}) {
    if (e) return send_store_error_page(hub, req, res, page.visitor, *e);
  }
  std::vector<DiscussionPost> reported;
  for (const auto& r : *reports) {
    if (auto p = talk.post(r.post_id); p.ok() && p->has_value()) reported.push_back(**p);
  }
  auto reported_papers = paper_ids(page.store(), reported);
  dict.SetIntValue("REPORT_COUNT", static_cast<long>(reports->size()));
  if (reports->empty()) dict.ShowSection("NO_REPORTS");
  for (const auto& r : *reports) {
    auto post = std::find_if(reported.begin(), reported.end(),
                             [&](const auto& p) { return p.id == r.post_id; });
    if (post == reported.end()) continue;
    auto* item = dict.AddSectionDictionary("REPORT");
    item->SetIntValue("REPORT_ID", r.id);
    item->SetIntValue("POST_ID", post->id);
    item->SetValue("REPORTER", r.handle);
    item->SetValue("REASON", r.reason);
    item->SetValue("STATE", std::string(post_state_name(post->state)));
    item->SetValue("PAPER_PATH", url_path(reported_papers[post->doc_id]));
    if (post->handle.empty()) {
      item->ShowSection("NO_AUTHOR");
    } else {
      item->SetValueAndShowSection("AUTHOR", post->handle, "AUTHOR");
    }
    item->SetValue("BODY_HTML", post_html(*post));
    add_revisions(*item, talk, *post);
    add_post_actions(*item, *post, page.visitor.csrf);
  }
  auto held_papers = paper_ids(page.store(), *held);
  dict.SetIntValue("HELD_COUNT", static_cast<long>(held->size()));
  if (held->empty()) dict.ShowSection("NO_HELD");
  for (const auto& post : *held) {
    auto* item = dict.AddSectionDictionary("HELD");
    item->SetIntValue("POST_ID", post.id);
    item->SetValue("AUTHOR", post.handle);
    item->SetValue("PAPER_ID", held_papers[post.doc_id]);
    item->SetValue("PAPER_PATH", url_path(held_papers[post.doc_id]));
    item->SetValue("BODY_HTML", post_html(post));
    add_post_actions(*item, post, page.visitor.csrf);
  }
  dict.SetIntValue("CLAIM_COUNT", static_cast<long>(claims->size()));
  if (claims->empty()) dict.ShowSection("NO_CLAIMS");
  for (const auto& c : *claims) {
    auto* item = dict.AddSectionDictionary("CLAIM");
    item->SetIntValue("CLAIM_ID", c.id);
    item->SetValue("HANDLE", c.handle);
    item->SetValue("USER_NAME", without_bidi_controls(c.user_name));
    item->SetIntValue("POSITION", c.position + 1);
    item->SetValue("AUTHOR_NAME", c.author_name);
    item->SetValue("PAPER_ID", c.paper_id);
    item->SetValue("PAPER_PATH", url_path(c.paper_id));
  }
  if (page.visitor.user->role == Role::kAdmin) dict.ShowSection("ROLES");
  add_log(dict, page, *log);
  send_page(hub, req, res, page.visitor, {"Moderation"}, "moderation.tpl", dict);
}

void done(Res res, const std::string& what, const char* anchor) {
  redirect_local(res, "/moderation?done=" + url_query(what) + "#" + anchor);
}

void act_on_post(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string n = req.path_params[0];
  const std::string action = req.get_param_value("action");
  static const std::map<std::string, PostState> kStates = {{"hide", PostState::kHidden},
                                                           {"restore", PostState::kVisible},
                                                           {"delete", PostState::kDeleted},
                                                           {"approve", PostState::kVisible},
                                                           {"keep", PostState::kVisible}};
  auto state = kStates.find(action);
  if (state == kStates.end() || n.size() > 18) {
    return send_message_page(hub, req, res, page.visitor, 400, "Unknown action",
                             "Say hide, restore, delete, approve or keep.", "/moderation",
                             "Back to moderation");
  }
  auto changed =
      page.store().discussions().moderate_post(std::stoll(n), state->second, page.visitor.user->id,
                                               action, req.get_param_value("reason"), hub.now());
  if (!changed.ok()) return send_store_error_page(hub, req, res, page.visitor, changed.error());
  done(res, "Comment " + n + ": " + action + ".", "reports");
}

void act_on_claim(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string n = req.path_params[0];
  const std::string action = req.get_param_value("action");
  if ((action != "approve" && action != "reject") || n.size() > 18) {
    return send_message_page(hub, req, res, page.visitor, 400, "Unknown action",
                             "Say approve or reject.", "/moderation", "Back to moderation");
  }
  auto decided = page.store().profiles().decide_claim(std::stoll(n), action == "approve",
                                                      page.visitor.user->id,
                                                      req.get_param_value("reason"), hub.now());
  if (!decided.ok()) return send_store_error_page(hub, req, res, page.visitor, decided.error());
  done(res, "Claim " + n + ": " + (action == "approve" ? "approved." : "rejected."), "claims");
}

// The account a form names by handle; answered when there is none.
std::optional<User> named_account(HubContext& hub, Req req, Res res, PageRequest& page) {
  const std::string handle = req.get_param_value("handle");
  auto found = check_handle(handle).ok()
                   ? page.store().profiles().user_by_handle(handle)
                   : Result<std::optional<HandleMatch>>(std::optional<HandleMatch>());
  if (!found.ok()) {
    send_store_error_page(hub, req, res, page.visitor, found.error());
    return std::nullopt;
  }
  if (!found->has_value()) {
    send_message_page(hub, req, res, page.visitor, 404, "No such account",
                      "No account has the handle '" + handle + "'.", "/moderation#accounts",
                      "Back to moderation");
    return std::nullopt;
  }
  return (**found).user;
}

void act_on_account(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string action = req.get_param_value("action");
  if (action != "suspend" && action != "unsuspend") {
    return send_message_page(hub, req, res, page.visitor, 400, "Unknown action",
                             "Say suspend or unsuspend.", "/moderation", "Back to moderation");
  }
  auto user = named_account(hub, req, res, page);
  if (!user) return;
  if (user->id == page.visitor.user->id ||
      (user->role == Role::kAdmin && page.visitor.user->role != Role::kAdmin)) {
    return send_message_page(hub, req, res, page.visitor, 403, "Not this account",
                             "Moderators cannot suspend themselves or an admin.",
                             "/moderation#accounts", "Back to moderation");
  }
  auto changed = page.store().discussions().suspend_user(
      user->id, action == "suspend", req.get_param_value("hide_posts") == "1",
      page.visitor.user->id, req.get_param_value("reason"), hub.now());
  if (!changed.ok()) return send_store_error_page(hub, req, res, page.visitor, changed.error());
  done(res, "@" + user->handle + (action == "suspend" ? " is suspended." : " may act again."),
       "accounts");
}

void grant_role(HubContext& hub, PageRequest& page, Req req, Res res) {
  if (page.visitor.user->role != Role::kAdmin) {
    return send_message_page(hub, req, res, page.visitor, 403, "Admins only",
                             "Only admins grant roles.", "/moderation", "Back to moderation");
  }
  auto role = parse_role(req.get_param_value("role"));
  if (!role) {
    return send_message_page(hub, req, res, page.visitor, 400, "Unknown role",
                             "Say reader, moderator or admin.", "/moderation",
                             "Back to moderation");
  }
  auto user = named_account(hub, req, res, page);
  if (!user) return;
  if (auto s = page.store().profiles().set_role(user->id, *role, page.visitor.user->id, hub.now());
      !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  done(res, "@" + user->handle + " is now " + std::string(role_name(*role)) + ".", "accounts");
}

}  // namespace

void add_moderation_routes(const Routes& routes, HubContext& hub) {
  // A moderator's forms count against the general write limit, as any reader's do.
  const PageNeeds moderator_form{.audience = Audience::kModerator, .action = "moderate"};
  routes.get("/moderation", admitted(hub, page_for(Audience::kModerator), moderation_page));
  routes.post("/moderation/posts/:n", admitted(hub, moderator_form, act_on_post));
  routes.post("/moderation/claims/:n", admitted(hub, moderator_form, act_on_claim));
  routes.post("/moderation/accounts", admitted(hub, moderator_form, act_on_account));
  routes.post("/moderation/roles", admitted(hub, moderator_form, grant_role));
}

}  // namespace paperboy
