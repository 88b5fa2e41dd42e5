#include "server/account_routes.h"

#include <fmt/format.h>

#include <algorithm>

#include "server/community_actions.h"
#include "server/credentials.h"
#include "server/page_helpers.h"
#include "server/route_helpers.h"

namespace paperboy {
namespace {

constexpr size_t kMinPassword = 8;
constexpr size_t kMaxPassword = 1024;  // Argon2 takes any length; this only bounds the work

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// A deliberately plain check: one @, something on both sides, a dot in the domain, no spaces
// or control characters (the address ends up in mail headers).
std::string email_problem(std::string_view email) {
  if (email.empty()) return "the email address is missing";
  if (email.size() > 254) return "the email address is longer than 254 characters";
  if (has_control_characters(email) || email.find(' ') != std::string_view::npos) {
    return "the email address contains spaces or control characters";
  }
  size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos ||
      email.find('.', at) == std::string_view::npos || email.back() == '.') {
    return "'" + std::string(email) + "' is not an email address";
  }
  return "";
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string next_path(const httplib::Request& req) {
  std::string next = req.get_param_value("next");
  return next.empty() ? "/" : next;
}

// An upvote a signed-out reader asked for (?vote=ID from the vote button), carried through
// sign-in or sign-up and cast as soon as they are in. Empty when none, or no such paper.
struct PendingVote {
  std::string id;
  std::string title;
};
PendingVote pending_vote(const httplib::Request& req, Store& store) {
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

FormPage sign_in_form(const std::string& email, const std::string& next, const PendingVote& vote = {}) {
  return {.heading = "Sign in",
          .intro = vote.id.empty() ? "" : "Sign in to upvote “" + vote.title + "”. The vote counts as soon as you are in, "
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
  return {.heading = "Sign up",
          .intro = vote.id.empty() ? "Vote for papers, save them to your library and submit new ones."
                                   : "Create an account to upvote “" + vote.title + "”. The vote counts as soon as "
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
Status start_session(HubContext& hub, const httplib::Request& req, httplib::Response& res, Community& community,
                     int64_t user_id) {
  std::string token = random_token();
  Session session{user_id, random_token(), hub.now() + kSessionSeconds};
  if (auto s = community.add_session(token_hash(token), session); !s.ok()) return s;
  set_cookie(req, res, kSessionCookie, token, kSessionSeconds, hub.options.secure_cookies);
  // The anonymous CSRF cookie has done its job.
  set_cookie(req, res, kCsrfCookie, "", 0, hub.options.secure_cookies);
  return Status::Ok();
}

void sign_up(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!begin_form_post(hub, req, res, page, "sign-up", &hub.options.limits.sign_up, req.remote_addr)) return;
  std::string email = lower(req.get_param_value("email"));
  std::string name = req.get_param_value("name");
  std::string password = req.get_param_value("password");
  std::string problem = email_problem(email);
  if (problem.empty() && (name.empty() || name.size() > 100 || has_control_characters(name))) {
    problem = "the display name must be 1 to 100 characters, without control characters";
  }
  if (problem.empty() && (password.size() < kMinPassword || password.size() > kMaxPassword)) {
    problem = fmt::format("the password must be {} to {} characters long", kMinPassword, kMaxPassword);
  }
  PendingVote vote = pending_vote(req, page.store());
  FormPage form = sign_up_form(email, name, next_path(req), vote);
  if (!problem.empty()) {
    form.error = "Could not create the account: " + problem + ".";
    return send_form(hub, req, res, page.visitor, 400, form);
  }
  auto hash = hash_password(password);
  if (!hash.ok()) return send_message_page(hub, req, res, page.visitor, 503, "Try again", hash.error().message);
  auto user_id = page.community().create_user(email, name, *hash, hub.now());
  if (!user_id.ok()) {
    form.error = "Could not create the account: " + user_id.error().message + ".";
    return send_form(hub, req, res, page.visitor, 409, form);
  }
  if (auto s = start_session(hub, req, res, page.community(), *user_id); !s.ok()) {
    return send_message_page(hub, req, res, page.visitor, 500, "Store error", s.message());
  }
  cast_pending_vote(hub, page.store(), *user_id, vote);
  redirect_local(res, next_path(req));
}

void sign_in(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!begin_form_post(hub, req, res, page, "sign-in", &hub.options.limits.sign_in, req.remote_addr)) return;
  std::string email = lower(req.get_param_value("email"));
  std::string password = req.get_param_value("password");
  auto user = page.community().user_by_email(email);
  if (!user.ok()) return send_message_page(hub, req, res, page.visitor, 500, "Store error", user.error().message);
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
  if (auto s = start_session(hub, req, res, page.community(), (**user).id); !s.ok()) {
    return send_message_page(hub, req, res, page.visitor, 500, "Store error", s.message());
  }
  cast_pending_vote(hub, page.store(), (**user).id, pending_vote(req, page.store()));
  redirect_local(res, next_path(req));
}

void sign_out(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!begin_form_post(hub, req, res, page, "sign-out", nullptr, "")) return;
  if (!page.visitor.session_hash.empty()) {
    if (auto s = page.community().delete_session(page.visitor.session_hash); !s.ok()) {
      return send_message_page(hub, req, res, page.visitor, 500, "Store error", s.message());
    }
  }
  set_cookie(req, res, kSessionCookie, "", 0, hub.options.secure_cookies);
  redirect_local(res, "/");
}

void settings_page(HubContext& hub, const httplib::Request& req, httplib::Response& res, PageRequest& page,
                   int status, const std::string& notice, const std::string& secret) {
  FormPage form{.heading = "Settings",
                .intro = fmt::format("Signed in as {} <{}>. API tokens let scripts vote, submit and read your "
                                     "library: send 'Authorization: Bearer TOKEN'.",
                                     page.visitor.user->name, page.visitor.user->email),
                .action = "/settings/tokens",
                .submit_label = "Create API token",
                .fields = {{"label", "Token name", "text", "", "off"}},
                .notice = notice,
                .secret = secret};
  auto tokens = page.community().api_tokens(page.visitor.user->id);
  send_form(hub, req, res, page.visitor, status, form, [&](ctemplate::TemplateDictionary& dict) {
    if (!tokens.ok() || tokens->empty()) return;
    dict.ShowSection("TOKENS");
    for (const auto& token : *tokens) {
      auto* item = dict.AddSectionDictionary("TOKEN");
      item->SetValue("TOKEN_LABEL", token.label);
      item->SetValue("TOKEN_CREATED", utc_day(token.created).str());
      item->SetValue("TOKEN_HASH", token.token_hash);
    }
  });
}

void token_post(HubContext& hub, const httplib::Request& req, httplib::Response& res, bool revoke) {
  PageRequest page;
  if (!begin_form_post(hub, req, res, page, "token", nullptr, "")) return;
  if (!page.visitor.user) return redirect_local(res, "/signin?next=/settings");
  if (revoke) {
    auto revoked = page.community().revoke_api_token(page.visitor.user->id, req.get_param_value("token"));
    if (!revoked.ok()) return send_message_page(hub, req, res, page.visitor, 500, "Store error", revoked.error().message);
    return settings_page(hub, req, res, page, *revoked ? 200 : 404, *revoked ? "Token revoked." : "No such token.", "");
  }
  std::string label = req.get_param_value("label");
  if (label.empty() || label.size() > 100 || has_control_characters(label)) {
    return settings_page(hub, req, res, page, 400, "A token needs a name of 1 to 100 characters.", "");
  }
  std::string token = random_token();
  if (auto s = page.community().add_api_token(token_hash(token), page.visitor.user->id, label, hub.now()); !s.ok()) {
    return send_message_page(hub, req, res, page.visitor, 500, "Store error", s.message());
  }
  settings_page(hub, req, res, page, 200, "Your new token (shown only now; copy it):", token);
}

}  // namespace

void add_account_routes(const Routes& routes, HubContext& hub) {
  routes.get("/signin", "/signin", [&hub](const httplib::Request& req, httplib::Response& res) {
    PageRequest page;
    if (!begin_page(hub, req, res, page)) return;
    send_form(hub, req, res, page.visitor, 200, sign_in_form("", next_path(req), pending_vote(req, page.store())));
  });
  routes.get("/signup", "/signup", [&hub](const httplib::Request& req, httplib::Response& res) {
    PageRequest page;
    if (!begin_page(hub, req, res, page)) return;
    send_form(hub, req, res, page.visitor, 200, sign_up_form("", "", next_path(req), pending_vote(req, page.store())));
  });
  routes.post("/signup", "/signup", [&hub](const httplib::Request& req, httplib::Response& res) { sign_up(hub, req, res); });
  routes.post("/signin", "/signin", [&hub](const httplib::Request& req, httplib::Response& res) { sign_in(hub, req, res); });
  routes.post("/signout", "/signout", [&hub](const httplib::Request& req, httplib::Response& res) { sign_out(hub, req, res); });
  routes.get("/settings", "/settings", [&hub](const httplib::Request& req, httplib::Response& res) {
    PageRequest page;
    if (!begin_page(hub, req, res, page)) return;
    if (!page.visitor.user) return redirect_local(res, "/signin?next=/settings");
    settings_page(hub, req, res, page, 200, "", "");
  });
  routes.post("/settings/tokens", "/settings/tokens",
              [&hub](const httplib::Request& req, httplib::Response& res) { token_post(hub, req, res, false); });
  routes.post("/settings/tokens/revoke", "/settings/tokens/revoke",
              [&hub](const httplib::Request& req, httplib::Response& res) { token_post(hub, req, res, true); });
}

}  // namespace paperboy
