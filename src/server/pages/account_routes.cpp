#include "server/pages/account_routes.h"

#include <fmt/format.h>

#include <algorithm>

#include "server/http/error_answer.h"
#include "server/http/same_site.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/route_helpers.h"
#include "server/rules/account_rules.h"
#include "server/rules/community_actions.h"
#include "server/rules/credentials.h"

namespace paperboy {
namespace {

std::string next_path(const ServerRequest& req) {
  return same_site_target(req.get_param_value("next")).value_or("/");
}

// An upvote a signed-out reader asked for (?vote=ID from the vote button), carried through
// sign-in or sign-up and cast as soon as they are in. Empty when none, or no such paper.
struct PendingVote {
  std::string id;
  std::string title;
};
PendingVote pending_vote(const ServerRequest& req, Store& store) {
  std::string text = req.get_param_value("vote");
  if (text.empty()) return {};
  auto key = parse_paper_key(text);
  if (!key.ok()) return {};
  auto found = store.get(key->id);
  if (!found.ok() || !found->has_value()) return {};
  return {key->id, (**found).paper.title};
}

// The other form's link keeps where to go and the vote.
std::string carried(const std::string& path, const std::string& next, const PendingVote& vote) {
  std::string url = path + "?next=" + url_query(next);
  return vote.id.empty() ? url : url + "&vote=" + url_query(vote.id);
}

FormPage sign_in_form(const std::string& email, const std::string& next,
                      const PendingVote& vote = {}) {
  return {.heading = "Sign in",
          .intro = vote.id.empty() ? ""
                                   : "Sign in to upvote “" + vote.title +
                                         "”. The vote counts as soon as you are in, "
                                         "and you go back to the page you were on.",
          .action = "/signin",
          .submit_label = vote.id.empty() ? "Sign in" : "Sign in and upvote",
          .fields = {{"email", "Email", "email", email, "username"},
                     {"password", "Password", "password", "", "current-password"}},
          .next = next,
          .vote = vote.id,
          .footnote = "No account yet?",
          .footnote_link = "Sign up",
          .footnote_url = carried("/signup", next, vote)};
}

FormPage sign_up_form(const std::string& email, const std::string& name, const std::string& next,
                      const PendingVote& vote = {}) {
  return {
      .heading = "Sign up",
      .intro = vote.id.empty() ? "Vote for papers, save them to your library and submit new ones."
                               : "Create an account to upvote “" + vote.title +
                                     "”. The vote counts as soon as "
                                     "the account exists, and you go back to the page you were on.",
      .action = "/signup",
      .submit_label = vote.id.empty() ? "Create account" : "Create account and upvote",
      .fields = {{"email", "Email", "email", email, "email"},
                 {"name", "Display name", "text", name, "nickname"},
                 {"password", "Password (at least 8 characters)", "password", "", "new-password"}},
      .next = next,
      .vote = vote.id,
      .footnote = "Have an account?",
      .footnote_link = "Sign in",
      .footnote_url = carried("/signin", next, vote)};
}

// Casts the pending vote of a reader who has just signed in or up. A vote that cannot be cast
// (the paper was withdrawn meanwhile) is not worth failing the sign-in for.
void cast_pending_vote(HubContext& hub, Store& store, int64_t user_id, const PendingVote& vote) {
  if (!vote.id.empty()) (void)vote_for_paper(store, user_id, vote.id, true, hub.now());
}

// Starts a session: the cookie holds a random token, the store only its hash.
Status start_session(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                     Community& community, int64_t user_id) {
  std::string token = random_token();
  Session session{user_id, random_token(), hub.now() + kSessionSeconds};
  if (auto s = community.add_session(token_hash(token), session); !s.ok()) return s;
  set_cookie(req, res, kSessionCookie, token, kSessionSeconds, hub.options.secure_cookies);
  // The anonymous CSRF cookie has done its job.
  set_cookie(req, res, kCsrfCookie, "", 0, hub.options.secure_cookies);
  return Status::Ok();
}

void sign_up(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  std::string email = lower(req.get_param_value("email"));
  std::string name = req.get_param_value("name");
  std::string password = req.get_param_value("password");
  std::string problem = email_problem(email);
  if (problem.empty()) problem = name_problem(name);
  if (problem.empty() && (password.size() < kMinPassword || password.size() > kMaxPassword)) {
    problem =
        fmt::format("the password must be {} to {} characters long", kMinPassword, kMaxPassword);
  }
  PendingVote vote = pending_vote(req, page.store());
  FormPage form = sign_up_form(email, name, next_path(req), vote);
  if (!problem.empty()) {
    form.error = "Could not create the account: " + problem + ".";
    return send_form(hub, req, res, page.visitor, 400, form);
  }
  auto hash = hash_password(password);
  if (!hash.ok())
    return send_message_page(hub, req, res, page.visitor, 503, "Try again",
                             client_detail(hash.error()));
  auto user_id = page.community().create_user(email, name, *hash, hub.now());
  if (!user_id.ok() && user_id.error().code != ErrorCode::kConflict) {
    return send_store_error_page(hub, req, res, page.visitor, user_id.error());
  }
  if (!user_id.ok()) {
    form.error = "Could not create the account: " + client_detail(user_id.error()) + ".";
    return send_form(hub, req, res, page.visitor, 409, form);
  }
  if (auto s = start_session(hub, req, res, page.community(), *user_id); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  cast_pending_vote(hub, page.store(), *user_id, vote);
  redirect_local(res, next_path(req));
}

void sign_in(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  std::string email = lower(req.get_param_value("email"));
  std::string password = req.get_param_value("password");
  // Guesses spread over many addresses still meet the account's own limit (kept apart from the
  // settings forms', so a reader's own password checks there do not lock them out here). Any
  // address is counted, known or not, so the answer does not tell which accounts exist.
  if (!allow_rate(page.community(), "sign-in-account", email.substr(0, 320),
                  hub.options.limits.sign_in_account, static_cast<double>(hub.now()))) {
    const int64_t wait = retry_after_seconds(hub.options.limits.sign_in_account);
    res.add_header("Retry-After", std::to_string(wait));
    FormPage form = sign_in_form(email, next_path(req));
    form.error =
        "Too many sign-ins to this account lately. Wait " + wait_text(wait) + " and try again.";
    return send_form(hub, req, res, page.visitor, 429, form);
  }
  auto user = page.community().user_by_email(email);
  if (!user.ok()) return send_store_error_page(hub, req, res, page.visitor, user.error());
  // An unknown address costs one hash too, so response times do not tell which addresses exist.
  static const std::string kDecoyHash = [] {
    auto decoy = hash_password("decoy password");
    return decoy.ok() ? *decoy : std::string();
  }();
  const std::string& hash = user->has_value() ? (**user).password_hash : kDecoyHash;
  bool matches = password.size() <= kMaxPassword && verify_password(hash, password);
  if (!user->has_value() || !matches) {
    FormPage form = sign_in_form(email, next_path(req), pending_vote(req, page.store()));
    form.error = "Wrong email or password.";
    return send_form(hub, req, res, page.visitor, 401, form);
  }
  // Said only to whoever knows the password: a suspension is not news to the rest.
  if ((**user).suspended != 0) {
    FormPage form = sign_in_form(email, next_path(req));
    form.error = "This account is suspended by the site's moderators.";
    return send_form(hub, req, res, page.visitor, 403, form);
  }
  if (auto s = start_session(hub, req, res, page.community(), (**user).id); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  cast_pending_vote(hub, page.store(), (**user).id, pending_vote(req, page.store()));
  redirect_local(res, next_path(req));
}

void sign_out(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  if (!page.visitor.session_hash.empty()) {
    if (auto s = page.community().delete_session(page.visitor.session_hash); !s.ok()) {
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    }
  }
  set_cookie(req, res, kSessionCookie, "", 0, hub.options.secure_cookies);
  redirect_local(res, "/");
}

}  // namespace

void add_account_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  routes.get("/signin",
             admitted(hub, page_read(), [](HubContext& hub, PageRequest& page, Req req, Res res) {
               send_form(hub, req, res, page.visitor, 200,
                         sign_in_form("", next_path(req), pending_vote(req, page.store())));
             }));
  routes.get("/signup",
             admitted(hub, page_read(), [](HubContext& hub, PageRequest& page, Req req, Res res) {
               send_form(hub, req, res, page.visitor, 200,
                         sign_up_form("", "", next_path(req), pending_vote(req, page.store())));
             }));
  // Counted per client address, signed in or not: guessing passwords or making accounts from
  // one address is what the buckets stop.
  routes.post("/signup", admitted(hub,
                                  PageNeeds{.action = "sign-up",
                                            .limit = &hub.options.limits.sign_up,
                                            .per_client = true},
                                  sign_up));
  routes.post("/signin", admitted(hub,
                                  PageNeeds{.action = "sign-in",
                                            .limit = &hub.options.limits.sign_in,
                                            .per_client = true},
                                  sign_in));
  routes.post("/signout", admitted(hub, anyone_form("sign-out", nullptr), sign_out));
}

}  // namespace paperboy
