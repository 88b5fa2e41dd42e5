// Who is asking: a signed-in user (session cookie), a script (API token), or nobody; and the
// CSRF token this visitor's forms must carry. Signed-in visitors use their session's token;
// anonymous visitors (sign-in and sign-up forms) a random one in a cookie of its own, checked
// by double submission. Requests with an API token carry no ambient credentials, so they need
// no CSRF token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/http/http_message.h"
#include "store/community.h"

namespace paperboy {

inline constexpr const char* kSessionCookie = "pb_session";
inline constexpr const char* kCsrfCookie = "pb_csrf";
inline constexpr int64_t kSessionSeconds = int64_t{30} * 86400;

struct Visitor {
  std::optional<User> user;
  std::string session_hash;  // the stored hash of the session cookie, when signed in by one
  bool by_api_token = false;
  std::string csrf;          // what forms must send back in `csrf` (or X-CSRF-Token)
  bool csrf_is_new = false;  // an anonymous visitor's token not yet in a cookie
  // Signed in to an account the moderators suspended: `user` is empty (the session confers
  // nothing), but pages say why, and forms answer 403 with the reason instead of sign-in.
  bool suspended = false;
};

// A bad or unknown API token is an error (the script should hear about it); a stale cookie
// is not (the visitor is simply anonymous). An account whose address is in `admins` (serve
// --admin) acts as an admin whatever its stored role.
Result<Visitor> identify(const ServerRequest& req, Community& community, int64_t now,
                         const std::vector<std::string>& admins = {});
bool csrf_ok(const ServerRequest& req, const Visitor& visitor);

// Who a route is for. A suspended moderator is a reader until the suspension ends.
enum class Audience { kAnyone, kReader, kModerator, kAdmin };
bool admits(Audience audience, const Visitor& visitor);

std::string cookie_value(const ServerRequest& req, std::string_view name);
// HttpOnly and SameSite=Lax always; Secure when the request came over TLS (a proxy's
// X-Forwarded-Proto) or the server is told it is behind one. max_age 0 deletes the cookie.
void set_cookie(const ServerRequest& req, ServerResponse& res, std::string_view name,
                std::string_view value, int64_t max_age, bool always_secure);

}  // namespace paperboy
