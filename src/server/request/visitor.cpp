#include "server/request/visitor.h"

#include <algorithm>

#include "server/rules/credentials.h"

namespace paperboy {

std::string cookie_value(const ServerRequest& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

void set_cookie(const ServerRequest& req, ServerResponse& res, std::string_view name,
                std::string_view value, int64_t max_age, bool always_secure) {
  bool secure = always_secure || req.get_header_value("X-Forwarded-Proto") == "https";
  std::string cookie = std::string(name) + "=" + std::string(value) +
                       "; Path=/; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  res.add_header("Set-Cookie", cookie);
}

namespace {

Result<Visitor> identify_user(const ServerRequest& req, Community& community, int64_t now) {
  Visitor visitor;
  std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.compare(0, kBearer.size(), kBearer) != 0) {
      return Error{"the Authorization header must be 'Bearer <token>'", ErrorCode::kInvalid};
    }
    auto user_id = community.api_token_user(token_hash(authorization.substr(kBearer.size())));
    if (!user_id.ok()) return user_id.error();
    if (!user_id->has_value()) return Error{"unknown or revoked API token", ErrorCode::kInvalid};
    auto user = community.user_by_id(**user_id);
    if (!user.ok()) return user.error();
    if (user->has_value() && (**user).suspended != 0) {
      return Error{"this account is suspended", ErrorCode::kForbidden};
    }
    visitor.user = std::move(user).value();
    visitor.by_api_token = true;
    return visitor;
  }
  std::string session_cookie = cookie_value(req, kSessionCookie);
  if (!session_cookie.empty()) {
    std::string hash = token_hash(session_cookie);
    auto session = community.session(hash, now);
    if (!session.ok()) return session.error();
    if (session->has_value()) {
      auto user = community.user_by_id((**session).user_id);
      if (!user.ok()) return user.error();
      // A suspended account's session is worth nothing but its sign-out form and the reason.
      if (user->has_value()) {
        visitor.session_hash = hash;
        visitor.csrf = (**session).csrf;
        if ((**user).suspended == 0)
          visitor.user = std::move(user).value();
        else
          visitor.suspended = true;
        return visitor;
      }
    }
  }
  visitor.csrf = cookie_value(req, kCsrfCookie);
  if (visitor.csrf.size() != 43) {  // absent or not one of ours
    visitor.csrf = random_token();
    visitor.csrf_is_new = true;
  }
  return visitor;
}

}  // namespace

Result<Visitor> identify(const ServerRequest& req, Community& community, int64_t now,
                         const std::vector<std::string>& admins) {
  auto visitor = identify_user(req, community, now);
  if (visitor.ok() && visitor->user &&
      std::find(admins.begin(), admins.end(), visitor->user->email) != admins.end()) {
    visitor->user->role = Role::kAdmin;
  }
  return visitor;
}

bool csrf_ok(const ServerRequest& req, const Visitor& visitor) {
  if (visitor.by_api_token) return true;
  if (visitor.csrf_is_new) return false;  // the form was not served to this browser
  std::string sent =
      req.has_param("csrf") ? req.get_param_value("csrf") : req.get_header_value("X-CSRF-Token");
  return !sent.empty() && same_secret(sent, visitor.csrf);
}

bool admits(Audience audience, const Visitor& visitor) {
  if (audience == Audience::kAnyone) return true;
  if (!visitor.user) return false;
  switch (audience) {
    case Audience::kModerator:
      return visitor.user->may_moderate() && visitor.user->suspended == 0;
    case Audience::kAdmin:
      return visitor.user->role == Role::kAdmin;
    default:
      return true;
  }
}

}  // namespace paperboy
