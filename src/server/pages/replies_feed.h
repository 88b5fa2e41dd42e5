// A reader's private Atom feed of new comments in the discussions they follow or took part in
// (/feeds/replies.atom?token=…): feed readers have no session, so a signed link names the
// reader, as for the "for you" feed.
#pragma once

#include <string>

#include "server/http/routes.h"
#include "server/request/hub_context.h"

namespace paperboy {

// The feed's path for `user_id`; empty when the server signs no links.
std::string replies_feed_path(const HubContext& hub, int64_t user_id);

void add_replies_feed(const Routes& routes, HubContext& hub);

}  // namespace paperboy
