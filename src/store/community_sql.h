// What both backends read the community tables with: the same columns in the same order, so
// SqliteDiscussions and PgDiscussions (SqliteProfiles and PgProfiles) fill their structs alike,
// and the same order of a thread.
#pragma once

#include <map>
#include <vector>

#include "store/discussions.h"

namespace paperboy {

// A page of top-level posts, each followed by its replies (`replies` oldest first).
inline std::vector<DiscussionPost> thread_order(std::vector<DiscussionPost> top,
                                                std::vector<DiscussionPost> replies) {
  std::map<int64_t, std::vector<DiscussionPost>> by_parent;
  for (auto& reply : replies) by_parent[reply.parent_id].push_back(std::move(reply));
  std::vector<DiscussionPost> out;
  for (auto& post : top) {
    const int64_t id = post.id;
    out.push_back(std::move(post));
    for (auto& reply : by_parent[id]) out.push_back(std::move(reply));
  }
  return out;
}

// A post with its author's handle and name, in DiscussionPost's order; a WHERE clause follows.
inline constexpr const char* kPostColumns =
    "SELECT p.post_id, p.doc_id, coalesce(p.user_id, 0), p.parent_id, p.body, p.state, "
    "p.created, p.edited, p.likes, coalesce(u.handle, ''), coalesce(u.name, ''), p.rendered, "
    "p.rendered_by "
    "FROM discussion_posts p LEFT JOIN users u ON u.user_id = p.user_id ";

// A claim with its paper's key, the slot's name and the claimant, in AuthorClaim's order.
inline constexpr const char* kClaimColumns =
    "SELECT c.claim_id, c.doc_id, c.position, c.user_id, c.state, c.created, c.decided, p.id, "
    "coalesce(a.name, ''), u.handle, u.name FROM author_claims c "
    "JOIN papers p ON p.doc_id = c.doc_id JOIN users u ON u.user_id = c.user_id "
    "LEFT JOIN paper_authors a ON a.doc_id = c.doc_id AND a.position = c.position ";

}  // namespace paperboy
