#include "server/pages/settings_routes.h"

#include <map>

#include "core/handle.h"
#include "server/http/error_answer.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/rules/account_rules.h"
#include "server/rules/credentials.h"

namespace paperboy {
namespace {

// A new token travels to the next GET of /settings in a short-lived HttpOnly cookie (never in
// a URL), is shown once, and the cookie is cleared: a reload shows nothing and creates nothing.
constexpr const char* kNewTokenCookie = "pb_new_token";
constexpr int64_t kNewTokenSeconds = 120;

// What a settings form that succeeded says on the page it redirects to (/settings?done=KEY):
// Post/Redirect/Get, so a reload shows the page again instead of posting the form again. Only
// these fixed sentences can appear: the query names one, it carries no text of its own.
const std::map<std::string, std::string>& done_notices() {
  static const std::map<std::string, std::string> notices = {
      {"profile", "Your name and address were saved."},
      {"email",
       "Your address was changed, and every other session of this account was signed out."},
      {"password",
       "Your password was changed, and every other session of this account was signed out. API "
       "tokens keep working: revoke them below, or sign out everywhere."},
      {"revoked", "The token was revoked: it no longer works."},
  };
  return notices;
}

struct SettingsMessage {
  int status = 200;
  std::string notice, error;
};

void settings_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                   PageRequest& page, const SettingsMessage& message) {
  const User& user = *page.visitor.user;
  ctemplate::TemplateDictionary dict("settings");
  dict.SetValue("CSRF", page.visitor.csrf);
  dict.SetValue("USER_NAME", user.name);
  dict.SetValue("USER_EMAIL", user.email);
  dict.SetValue("HANDLE", user.handle);
  dict.SetValue("AFFILIATION", user.affiliation);
  dict.SetValue("LINKS", user.links);
  std::string notice = message.notice;
  if (auto done = done_notices().find(req.get_param_value("done"));
      notice.empty() && message.status == 200 && done != done_notices().end())
    notice = done->second;
  if (!notice.empty()) dict.SetValueAndShowSection("NOTICE_TEXT", notice, "NOTICE");
  if (!message.error.empty()) dict.SetValueAndShowSection("ERROR_TEXT", message.error, "ERROR");
  if (std::string token = cookie_value(req, kNewTokenCookie);
      !token.empty() && message.status == 200) {
    dict.SetValueAndShowSection("NEW_TOKEN_VALUE", token, "NEW_TOKEN");
    set_cookie(req, res, kNewTokenCookie, "", 0, hub.options.secure_cookies);
  }
  auto tokens = page.community().api_tokens(user.id);
  if (tokens.ok() && !tokens->empty()) {
    dict.ShowSection("TOKENS");
    for (const auto& token : *tokens) {
      auto* item = dict.AddSectionDictionary("TOKEN");
      item->SetValue("TOKEN_LABEL", token.label);
      item->SetValue("TOKEN_CREATED", utc_day(token.created).str());
      item->SetValue("TOKEN_HASH", token.token_hash);
    }
  }
  res.status = message.status;
  send_page(hub, req, res, page.visitor, {"Settings"}, "settings.tpl", dict);
}

bool password_matches(const User& user, const std::string& password) {
  return password.size() <= kMaxPassword && verify_password(user.password_hash, password);
}

void token_post(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                bool revoke) {
  if (!revoke && !allow_rate(page.community(), "token", std::to_string(page.visitor.user->id),
                             hub.options.limits.token, static_cast<double>(hub.now()))) {
    const int64_t wait = retry_after_seconds(hub.options.limits.token);
    res.add_header("Retry-After", std::to_string(wait));
    return settings_page(
        hub, req, res, page,
        {429, "",
         "No token was made: you have made several lately; wait " + wait_text(wait) + "."});
  }
  if (revoke) {
    auto revoked =
        page.community().revoke_api_token(page.visitor.user->id, req.get_param_value("token"));
    if (!revoked.ok()) return send_store_error_page(hub, req, res, page.visitor, revoked.error());
    if (!*revoked)
      return settings_page(hub, req, res, page,
                           {404, "", "No such token: it was revoked already."});
    return redirect_local(res, "/settings?done=revoked");
  }
  std::string label = req.get_param_value("label");
  if (label.empty() || label.size() > 100 || has_control_characters(label)) {
    return settings_page(hub, req, res, page,
                         {400, "", "A token needs a name of 1 to 100 characters."});
  }
  std::string token = random_token();
  if (auto s = page.community().add_api_token(token_hash(token), page.visitor.user->id, label,
                                              hub.now());
      !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  set_cookie(req, res, kNewTokenCookie, token, kNewTokenSeconds, hub.options.secure_cookies);
  redirect_local(res, "/settings#new-token");
}

void profile_post(HubContext& hub, PageRequest& page, const ServerRequest& req,
                  ServerResponse& res) {
  const User& user = *page.visitor.user;
  std::string name = req.get_param_value("name");
  std::string email = lower(req.get_param_value("email"));
  std::string problem = name_problem(name);
  if (problem.empty()) problem = email_problem(email);
  // A new address takes the password: it is where the account's mail goes.
  if (problem.empty() && email != user.email &&
      !password_matches(user, req.get_param_value("password"))) {
    problem = "to change the email address, give your current password";
  }
  if (problem.empty()) {
    auto s = page.community().update_user(user.id, email, name);
    if (!s.ok() && s.error().code != ErrorCode::kConflict) {
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    }
    if (!s.ok()) problem = client_detail(s.error());
  }
  if (!problem.empty())
    return settings_page(hub, req, res, page, {400, "", "Nothing was changed: " + problem + "."});
  // A new address is where password resets and digests go: whoever held another session
  // (a stolen cookie) must not keep it past the change.
  if (email != user.email) {
    if (auto s = page.community().end_sessions(user.id, page.visitor.session_hash); !s.ok()) {
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    }
    return redirect_local(res, "/settings?done=email");
  }
  redirect_local(res, "/settings?done=profile");
}

// The public side of the account: its handle (the old one keeps leading here) and profile.
void public_profile_post(HubContext& hub, PageRequest& page, const ServerRequest& req,
                         ServerResponse& res) {
  const User& user = *page.visitor.user;
  const std::string handle = req.get_param_value("handle");
  const std::string affiliation = req.get_param_value("affiliation");
  const std::string links = req.get_param_value("links");
  std::string problem;
  if (auto s = check_handle(handle); !s.ok()) problem = s.message();
  if (problem.empty()) problem = affiliation_problem(affiliation);
  if (problem.empty()) problem = links_problem(links);
  if (problem.empty() && handle != user.handle) {
    auto s = page.store().profiles().set_handle(user.id, handle, hub.now());
    if (!s.ok() && s.error().code != ErrorCode::kConflict)
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    if (!s.ok()) problem = client_detail(s.error());
  }
  if (!problem.empty()) {
    return settings_page(hub, req, res, page,
                         {400, "", "Your public profile was not changed: " + problem + "."});
  }
  if (auto s = page.store().profiles().set_profile(user.id, affiliation, links); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  redirect_local(res, "/u/" + url_path(handle) + "?saved=1");
}

void password_post(HubContext& hub, PageRequest& page, const ServerRequest& req,
                   ServerResponse& res) {
  const User& user = *page.visitor.user;
  std::string fresh = req.get_param_value("new_password");
  if (!password_matches(user, req.get_param_value("password"))) {
    return settings_page(hub, req, res, page,
                         {400, "", "The password was not changed: the current password is wrong."});
  }
  if (fresh.size() < kMinPassword || fresh.size() > kMaxPassword) {
    return settings_page(
        hub, req, res, page,
        {400, "", "The password was not changed: a password is at least 8 characters long."});
  }
  auto hash = hash_password(fresh);
  if (!hash.ok())
    return send_message_page(hub, req, res, page.visitor, 503, "Try again",
                             client_detail(hash.error()));
  if (auto s = page.community().set_password_hash(user.id, *hash); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  if (auto s = page.community().end_sessions(user.id, page.visitor.session_hash); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  redirect_local(res, "/settings?done=password");
}

// Every session, this one included, and every API token: for a reader who fears a cookie or a
// token has leaked.
void sign_out_everywhere_post(HubContext& hub, PageRequest& page, const ServerRequest& req,
                              ServerResponse& res) {
  const User& user = *page.visitor.user;
  if (!password_matches(user, req.get_param_value("password"))) {
    return settings_page(hub, req, res, page,
                         {400, "", "Nothing was signed out: the current password is wrong."});
  }
  if (auto s = page.community().end_sessions(user.id, ""); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  auto revoked = page.community().revoke_api_tokens(user.id);
  if (!revoked.ok()) return send_store_error_page(hub, req, res, page.visitor, revoked.error());
  set_cookie(req, res, kSessionCookie, "", 0, hub.options.secure_cookies);
  Visitor gone;
  gone.csrf = page.visitor.csrf;
  send_message_page(hub, req, res, gone, 200, "Signed out everywhere",
                    "Every session of your account has ended, this one too, and " +
                        std::to_string(*revoked) + " API token" +
                        (*revoked == 1 ? " was" : "s were") + " revoked. Sign in again to go on.");
}

void delete_post(HubContext& hub, PageRequest& page, const ServerRequest& req,
                 ServerResponse& res) {
  if (!password_matches(*page.visitor.user, req.get_param_value("password")) ||
      req.get_param_value("confirm") != "1") {
    return settings_page(
        hub, req, res, page,
        {400, "", "Your account was not deleted: tick the box and give your current password."});
  }
  if (auto s = page.community().delete_user(page.visitor.user->id); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  set_cookie(req, res, kSessionCookie, "", 0, hub.options.secure_cookies);
  Visitor gone;  // signed out from here on
  gone.csrf = page.visitor.csrf;
  send_message_page(
      hub, req, res, gone, 200, "Account deleted",
      "Your account, votes, library, saved searches, follows and subscriptions are deleted.");
}

// A settings form: a signed-in reader's, back to /settings after signing in. Forms that check
// the password are rate limited as sign-ins are, per client address (a stolen session must not
// become a password oracle); the others count as the reader's writes.
PageNeeds settings_form(HubContext& hub, const char* action, bool checks_password) {
  if (!checks_password) return reader_form(action, nullptr, sign_in_then("/settings"));
  return {.audience = Audience::kReader,
          .action = action,
          .limit = &hub.options.limits.sign_in,
          .per_client = true,
          .sign_in = sign_in_then("/settings")};
}

}  // namespace

void add_settings_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  routes.get("/settings", admitted(hub, page_for(Audience::kReader),
                                   [](HubContext& hub, PageRequest& page, Req req, Res res) {
                                     settings_page(hub, req, res, page, {});
                                   }));
  routes.post("/settings/tokens",
              admitted(hub, settings_form(hub, "token", false),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         token_post(hub, page, req, res, false);
                       }));
  routes.post("/settings/tokens/revoke",
              admitted(hub, settings_form(hub, "token", false),
                       [](HubContext& hub, PageRequest& page, Req req, Res res) {
                         token_post(hub, page, req, res, true);
                       }));
  routes.post("/settings/profile",
              admitted(hub, settings_form(hub, "profile", true), profile_post));
  routes.post("/settings/public",
              admitted(hub, settings_form(hub, "profile", false), public_profile_post));
  routes.post("/settings/password",
              admitted(hub, settings_form(hub, "password", true), password_post));
  routes.post(
      "/settings/sign-out-everywhere",
      admitted(hub, settings_form(hub, "sign-out-everywhere", true), sign_out_everywhere_post));
  routes.post("/settings/delete",
              admitted(hub, settings_form(hub, "delete-account", true), delete_post));
}

}  // namespace paperboy
