// The reader a private feed link names. Feed readers have no session, so the signed link is
// the credential: it must be ours, for feeds, unexpired, and name an account that still
// exists (numbers are never given twice, and a deleted account's links die with it).
#pragma once

#include <optional>

#include "server/http/http_message.h"
#include "server/request/hub_context.h"
#include "server/request/reader_pool.h"

namespace paperboy {

// The account's number, or nullopt after answering 404 (no signing on this server), 403 (a
// bad link, or its account is gone) or the store's error.
std::optional<int64_t> feed_owner(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                                  ReaderPool::Lease& readers);

}  // namespace paperboy
