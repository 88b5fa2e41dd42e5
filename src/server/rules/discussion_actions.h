// What a reader does in a paper's discussion — post, reply, edit, delete — checked once and
// shared by the HTML forms and the JSON API. The rules: a suspended account cannot post; the
// text passes accept_post_text; replies go one level deep; only the author edits, the author
// or a moderator deletes; with `hold_first_posts` (--hold-first-posts), a new account's first
// posts wait for a moderator.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/rules/community_actions.h"

namespace paperboy {

// As ActionOutcome, for a post.
struct PostOutcome {
  std::optional<ErrorCode> refused;  // empty: done
  std::string error;
  std::string detail;
  DiscussionPost post;  // as stored afterwards
  Done done = Done::kChanged;
  bool ok() const { return !refused.has_value(); }
};

PostOutcome add_discussion_post(Store& store, int64_t hold_first_posts, const User& author,
                                const StoredPaper& paper, std::string_view typed, int64_t parent_id,
                                int64_t now);
PostOutcome edit_discussion_post(Store& store, const User& editor, int64_t post_id,
                                 std::string_view typed, int64_t now);
PostOutcome delete_discussion_post(Store& store, const User& by, int64_t post_id, int64_t now);
// Likes (or stops liking) a visible post; 404 for one the reader cannot see, 409 for one held,
// hidden or deleted. Liking twice changes nothing.
PostOutcome like_discussion_post(Store& store, const User& by, int64_t post_id, bool on,
                                 int64_t now);

// Whether `viewer` (none: anonymous) sees the post's words: visible ones to all, held ones to
// their author and moderators; hidden and deleted ones only keep their place.
bool shows_words(const DiscussionPost& post, const std::optional<User>& viewer);
// Whether `viewer` sees the post at all (held posts are not shown to others).
bool shows_place(const DiscussionPost& post, const std::optional<User>& viewer);

// A thread (as Discussions::thread returns it) as the API's JSON array: top-level posts with
// their `replies`, each {id, author {user, fullname}, text, html, createdAt, editedAt, status,
// likes}; words left out where shows_words says so.
nlohmann::json discussion_json(const std::vector<DiscussionPost>& thread,
                               const std::optional<User>& viewer);
nlohmann::json post_json(const DiscussionPost& post, const std::optional<User>& viewer);

}  // namespace paperboy
