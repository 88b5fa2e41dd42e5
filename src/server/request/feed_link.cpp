#include "server/request/feed_link.h"

#include "mail/link_signer.h"
#include "server/request/route_helpers.h"

namespace paperboy {

std::optional<int64_t> feed_owner(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                                  ReaderPool::Lease& readers) {
  if (hub.options.links == nullptr) {
    send_error(res, 404, "not found", "this server signs no feed links");
    return std::nullopt;
  }
  auto user_id =
      hub.options.links->verify(req.get_param_value("token"), LinkPurpose::kFeed, hub.now());
  if (!user_id.ok()) {
    send_error(res, 403, "bad feed link", user_id.error().message);
    return std::nullopt;
  }
  auto user = readers.store().community().user_by_id(*user_id);
  if (!user.ok()) {
    send_store_error(res, user.error());
    return std::nullopt;
  }
  if (!user->has_value()) {
    send_error(res, 403, "bad feed link", "the account this link was made for has been deleted");
    return std::nullopt;
  }
  return *user_id;
}

}  // namespace paperboy
