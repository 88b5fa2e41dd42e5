// The opening of every JSON API route that needs to know who asks: a store lease, the visitor
// (cookie or API token), and for writes the sign-in, CSRF and rate-limit checks, each failure
// answered as JSON with a status a client can act on. A route declares what it needs where it
// is registered (`admitted`), and its handler starts with the request admitted.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "server/http/http_message.h"
#include "server/request/hub_context.h"
#include "server/request/visitor.h"
#include "server/rules/community_actions.h"

namespace paperboy {

struct ApiRequest {
  std::optional<ReaderPool::Lease> readers;
  Visitor visitor;
  Store& store() { return readers->store(); }
};

// What a JSON route needs before its handler runs. A read is open to anyone and knows the
// visitor when there is one, or is for an `audience` (a signed-in reader: cookie or API token;
// a moderator; an admin); a write (an `action`) needs a signed-in reader (a session cookie with
// its X-CSRF-Token header, or an API token) within the rate limit of `action`, counted per
// reader; a null `limit` is the general write limit (limits.write).
struct ApiNeeds {
  Audience audience = Audience::kAnyone;
  const char* action = nullptr;
  const RateLimit* limit = nullptr;
};
inline ApiNeeds api_read() { return {}; }
inline ApiNeeds api_signed_in() { return {Audience::kReader}; }
inline ApiNeeds api_for(Audience audience) { return {audience}; }
inline ApiNeeds api_write(const char* action, const RateLimit* limit) {
  return {Audience::kReader, action, limit};
}

using ApiHandler = std::function<void(ApiRequest&, const ServerRequest&, ServerResponse&)>;
// The route handler that admits a request as `needs` says, answering a refusal as JSON, and
// then runs `handler` with the admitted request.
RouteHandler admitted(HubContext& hub, ApiNeeds needs, ApiHandler handler);

// Answers a failed outcome; false when it succeeded.
bool send_failure(ServerResponse& res, const ActionOutcome& outcome);
// The request body as a JSON object; an empty body is an empty object.
bool json_body(const ServerRequest& req, ServerResponse& res, nlohmann::json& body);
// A typed field of a JSON body. Absent or null leaves `out` as it was; any other type than the
// one wanted is answered 400, naming the field and the type it must be, and gives false.
bool read_field(const nlohmann::json& body, const char* name, ServerResponse& res,
                std::string& out);
bool read_field(const nlohmann::json& body, const char* name, ServerResponse& res, bool& out);

}  // namespace paperboy
