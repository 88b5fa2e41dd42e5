// Atom (RFC 4287) feeds of paper listings: the daily list, a search, an author.
#pragma once

#include <span>
#include <string>

#include "core/markup_escape.h"
#include "core/paper.h"

namespace paperboy {

struct FeedInfo {
  std::string title;     // "paperboy: daily papers 2025-10-21"
  std::string self_url;  // the feed's own absolute URL; also its id
  std::string site_url;  // the server's base URL, for entry links
  Date updated;          // the newest day in the feed; today's date when empty
};

std::string atom_feed(const FeedInfo& info, std::span<const Paper> papers);

}  // namespace paperboy
