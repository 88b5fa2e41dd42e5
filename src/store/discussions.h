// The discussion under each paper: readers' posts (Markdown as typed) and one level of replies,
// likes, followers, reports, and what moderators did about them. Not to be confused with
// Paper::comments, which is arXiv's comments line ("12 pages, 3 figures").
//
// A post is never removed while its paper lives: deleting one keeps its place (a reply under it
// still reads in order), hiding one keeps it for the moderation log, and every edit keeps the
// text it replaced.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

// visible: everyone sees it; held: waits for a moderator (only its author and moderators see
// it); hidden: a moderator took it down; deleted: its author (or a moderator) deleted it.
inline constexpr int kKeptRevisions = 20;

enum class PostState { kVisible, kHeld, kHidden, kDeleted };
std::string_view post_state_name(PostState state);
// The state a stored name stands for (visible for an unknown one).
PostState parse_post_state(std::string_view name);

struct DiscussionPost {
  int64_t id = 0;
  int64_t doc_id = 0;
  int64_t user_id = 0;    // 0 once the account is deleted
  int64_t parent_id = 0;  // the top-level post a reply answers; 0 for a top-level post
  std::string body;       // Markdown, exactly as typed
  PostState state = PostState::kVisible;
  int64_t created = 0;
  int64_t edited = 0;  // 0 when never edited
  int64_t likes = 0;
  std::string handle;  // the author's, read with the post ("" once the account is deleted)
  std::string user_name;
  // The HTML the server made of `body` when it was written, and the version of the renderer
  // that made it (0: none yet, or the text changed since): a page shows it without rendering.
  std::string rendered;
  int64_t rendered_by = 0;
};

struct PostRevision {
  std::string body;  // the text an edit replaced
  int64_t replaced = 0;
};

struct PostReport {
  int64_t id = 0;
  int64_t post_id = 0;
  int64_t user_id = 0;
  std::string handle;  // the reporter's
  std::string reason;
  int64_t created = 0;
};

struct ModerationEntry {
  int64_t id = 0;
  int64_t moderator_id = 0;  // 0: the command line, or a deleted account
  std::string moderator_handle;
  std::string action;  // "hide", "restore", "delete", "approve", "suspend", "claim-approve", …
  std::string target;  // "post:12", "user:3", "claim:5"
  std::string reason;
  int64_t created = 0;
};

struct DiscussionCount {
  int64_t doc_id = 0;
  int64_t posts = 0;  // visible posts, replies included
};

class Discussions {
 public:
  virtual ~Discussions() = default;

  enum class Order { kNewest, kOldest, kTop };

  // A post in `state` (visible, or held for review). `parent_id` must be a top-level post of
  // the same paper (replies go one level deep); otherwise invalid.
  virtual Result<int64_t> add_post(int64_t doc_id, int64_t user_id, int64_t parent_id,
                                   std::string_view body, PostState state, int64_t now) = 0;
  virtual Result<std::optional<DiscussionPost>> post(int64_t post_id) = 0;
  // A page of the paper's top-level posts in `order` (top: most likes, then newest), each
  // followed by its replies, oldest first. Every state: the caller shows what the reader may.
  virtual Result<std::vector<DiscussionPost>> thread(int64_t doc_id, Order order, size_t offset,
                                                     size_t limit) = 0;
  virtual Result<int64_t> top_level_posts(int64_t doc_id) = 0;
  // Keeps the HTML made of a post's text, unless the text has changed since (a later edit wins).
  virtual Status keep_rendering(int64_t post_id, std::string_view body, int64_t renderer,
                                std::string_view html) = 0;
  // Replaces the text (and forgets the rendering of the old one), keeping the old text as a
  // revision: the newest kKeptRevisions of them, so a reader editing in a loop cannot grow the
  // store without bound.
  virtual Status edit_post(int64_t post_id, std::string_view body, int64_t now) = 0;
  virtual Result<std::vector<PostRevision>> revisions(int64_t post_id) = 0;
  // Whether anything changed.
  virtual Result<bool> like(int64_t post_id, int64_t user_id, bool on, int64_t now) = 0;
  virtual Result<std::vector<int64_t>> liked_among(int64_t user_id,
                                                   std::span<const int64_t> post_ids) = 0;
  // Visible posts per paper, for the papers that have any.
  virtual Result<std::vector<DiscussionCount>> visible_counts(std::span<const int64_t> doc_ids) = 0;
  // Posts the account wrote in any state since `since` (rate limits, first posts held).
  virtual Result<int64_t> posts_by_since(int64_t user_id, int64_t since) = 0;

  virtual Result<bool> set_following(int64_t user_id, int64_t doc_id, bool on, int64_t now) = 0;
  virtual Result<bool> following(int64_t user_id, int64_t doc_id) = 0;
  // Visible posts by others, after `after_post_id`, on papers the reader follows or under the
  // reader's own posts: their replies feed and digest. Newest first.
  virtual Result<std::vector<DiscussionPost>> replies_for(int64_t user_id, int64_t after_post_id,
                                                          size_t limit) = 0;

  // A conflict when the reader has an open report on the post already.
  virtual Result<int64_t> report(int64_t post_id, int64_t user_id, std::string_view reason,
                                 int64_t now) = 0;
  // Open reports, oldest first.
  virtual Result<std::vector<PostReport>> open_reports(size_t limit) = 0;
  // Held posts, oldest first.
  virtual Result<std::vector<DiscussionPost>> held_posts(size_t limit) = 0;
  // Puts the post in `state`, closes its open reports and logs `action` with the moderator and
  // the reason, in one transaction (moderator 0: its author deleting it, not logged).
  virtual Status moderate_post(int64_t post_id, PostState state, int64_t moderator_id,
                               std::string_view action, std::string_view reason, int64_t now) = 0;
  // Suspends an account and, when asked, hides its visible posts (each logged "suspend-hide");
  // or lifts the suspension, ending its sessions and restoring the posts the suspension hid
  // that no moderator acted on since. Logged, in one transaction.
  virtual Status suspend_user(int64_t user_id, bool suspend, bool hide_posts, int64_t moderator_id,
                              std::string_view reason, int64_t now) = 0;
  // Newest first.
  virtual Result<std::vector<ModerationEntry>> moderation_log(size_t limit) = 0;
};

}  // namespace paperboy
