// The opening of every JSON API route that needs to know who asks: a store lease, the visitor
// (cookie or API token), and for writes the sign-in, CSRF and rate-limit checks, each failure
// answered as JSON with a status a client can act on.
#pragma once

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

// False when the request has been answered (no reader free, bad credentials).
bool begin_api(HubContext& hub, const ServerRequest& req, ServerResponse& res, ApiRequest& api);
// A signed-in user (cookie with X-CSRF-Token, or an API token), within `limit` for `action`,
// counted per user; a null `limit` is the general write limit (limits.write).
bool begin_api_write(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                     ApiRequest& api, const char* action, const RateLimit* limit);
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
