// A discussion post's HTML is made once, when the post is written, and kept with it: a page of
// fifty comments then costs the same whatever the comments hold (issue 32), and the renderer's
// budget is paid by the writer, not by every reader after a restart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace paperboy {

// The renderer's version, kept with each post's HTML: raise it whenever post_to_html's output
// changes, and posts rendered before are rendered again (and remembered) when next read.
inline constexpr int64_t kPostRenderer = 1;

// The post's HTML: as kept when it was written, or rendered now when none of this renderer's
// is (posts written before the HTML was kept, or by an older renderer).
std::string post_html(const DiscussionPost& post);

// Makes and keeps the HTML of a post just written or edited. A store that fails here costs only
// that: pages render the post instead, and the failure is logged.
void keep_post_html(Store& store, int64_t post_id, std::string_view text);

}  // namespace paperboy
