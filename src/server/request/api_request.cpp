#include "server/request/api_request.h"

#include "server/http/error_answer.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

// False when the request has been answered (no reader free, bad credentials).
bool begin_api(HubContext& hub, const ServerRequest& req, ServerResponse& res, ApiRequest& api) {
  if (!lease(hub.readers, res, api.readers)) return false;
  auto visitor = identify(req, api.store().community(), hub.now(), hub.options.admins);
  if (!visitor.ok()) {
    // Bad credentials are the client's; a store that failed to check them is not.
    if (visitor.error().code == ErrorCode::kInvalid) {
      send_error(res, 401, "not authenticated", client_detail(visitor.error()));
    } else {
      send_store_error(res, visitor.error());
    }
    return false;
  }
  api.visitor = std::move(visitor).value();
  return true;
}

bool audience_ok(ServerResponse& res, Audience audience, const ApiRequest& api) {
  if (admits(audience, api.visitor)) return true;
  if (api.visitor.suspended) {
    send_error(res, 403, "account suspended",
               "this account is suspended by the site's moderators: it can read, not write");
  } else if (!api.visitor.user) {
    send_error(res, 401, "not authenticated",
               "sign in, or send 'Authorization: Bearer TOKEN' (tokens: /settings)");
  } else {
    send_error(
        res, 403, "forbidden",
        audience == Audience::kAdmin ? "admins only (serve --admin EMAIL)" : "moderators only");
  }
  return false;
}

// A signed-in user (cookie with X-CSRF-Token, or an API token), within `limit` for `action`,
// counted per user; a null `limit` is the general write limit (limits.write).
bool begin_api_write(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                     ApiRequest& api, const char* action, const RateLimit* limit) {
  if (!begin_api(hub, req, res, api) || !audience_ok(res, Audience::kReader, api)) return false;
  if (!csrf_ok(req, api.visitor)) {
    send_error(res, 403, "missing CSRF token",
               "requests signed in by cookie must send the page's X-CSRF-Token header");
    return false;
  }
  if (limit == nullptr) {  // none named: the reader's writes, all together
    limit = &hub.options.limits.write;
    action = "write";
  }
  if (!allow_rate(api.store().community(), action, std::to_string(api.visitor.user->id), *limit,
                  static_cast<double>(hub.now()))) {
    const int64_t wait = retry_after_seconds(*limit);
    res.add_header("Retry-After", std::to_string(wait));
    send_error(res, 429, "rate limited",
               std::string("too many ") + action + " requests; wait " + wait_text(wait));
    return false;
  }
  return true;
}

}  // namespace

RouteHandler admitted(HubContext& hub, ApiNeeds needs, ApiHandler handler) {
  return [&hub, needs, handler = std::move(handler)](const ServerRequest& req,
                                                     ServerResponse& res) {
    ApiRequest api;
    const bool admit = needs.action == nullptr
                           ? begin_api(hub, req, res, api) && audience_ok(res, needs.audience, api)
                           : begin_api_write(hub, req, res, api, needs.action, needs.limit);
    if (admit) handler(api, req, res);
  };
}

bool send_failure(ServerResponse& res, const ActionOutcome& outcome) {
  if (outcome.ok()) return false;
  if (outcome.retry_after > 0) res.add_header("Retry-After", std::to_string(outcome.retry_after));
  send_error(res, http_status(*outcome.refused), outcome.error, outcome.detail);
  return true;
}

namespace {

template <typename T>
bool read_typed(const nlohmann::json& body, const char* name, ServerResponse& res, T& out,
                bool (nlohmann::json::*is)() const noexcept, const char* type) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  if (!((*it).*is)()) {
    send_error(res, 400, "bad field",
               std::string(name) + " must be " + type + ", not " + it->type_name());
    return false;
  }
  out = it->get<T>();
  return true;
}

}  // namespace

bool read_field(const nlohmann::json& body, const char* name, ServerResponse& res,
                std::string& out) {
  return read_typed(body, name, res, out, &nlohmann::json::is_string, "a string");
}

bool read_field(const nlohmann::json& body, const char* name, ServerResponse& res, bool& out) {
  return read_typed(body, name, res, out, &nlohmann::json::is_boolean, "true or false");
}

bool json_body(const ServerRequest& req, ServerResponse& res, nlohmann::json& body) {
  if (req.body.empty()) {
    body = nlohmann::json::object();
    return true;
  }
  body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(res, 400, "bad JSON", "the request body must be a JSON object");
    return false;
  }
  return true;
}

}  // namespace paperboy
