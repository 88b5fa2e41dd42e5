#include "server/rules/discussion_actions.h"

#include "core/date.h"
#include "server/formats/post_html.h"
#include "server/formats/post_markdown.h"
#include "server/http/error_answer.h"

namespace paperboy {
namespace {

using nlohmann::json;

PostOutcome failure(ErrorCode code, std::string error, std::string detail) {
  return {code, std::move(error), std::move(detail), {}};
}

PostOutcome failure(const Error& error) {
  return failure(error.code, error_title(error.code), client_detail(error));
}

PostOutcome reread(Store& store, int64_t post_id, Done done) {
  auto post = store.discussions().post(post_id);
  if (!post.ok()) return failure(post.error());
  if (!post->has_value())
    return failure(ErrorCode::kNotFound, "comment not found",
                   "there is no comment " + std::to_string(post_id));
  return {std::nullopt, "", "", std::move(**post), done};
}

// The post, when `user` may change it: its author, or for deletion a moderator too.
PostOutcome owned_post(Store& store, const User& user, int64_t post_id, bool moderators_too) {
  PostOutcome found = reread(store, post_id, Done::kChanged);
  if (!found.ok()) return found;
  if (user.suspended != 0)
    return failure(ErrorCode::kForbidden, "account suspended",
                   "a suspended account cannot change comments");
  const bool author = found.post.user_id == user.id;
  if (!author && !(moderators_too && user.may_moderate())) {
    return failure(ErrorCode::kForbidden, "not yours", "only the comment's author can change it");
  }
  if (found.post.state == PostState::kDeleted || found.post.state == PostState::kHidden) {
    return failure(ErrorCode::kConflict, "comment gone",
                   "the comment was deleted or hidden; it cannot be changed");
  }
  return found;
}

}  // namespace

PostOutcome add_discussion_post(Store& store, int64_t hold_first_posts, const User& author,
                                const StoredPaper& paper, std::string_view typed, int64_t parent_id,
                                int64_t now) {
  if (author.suspended != 0)
    return failure(ErrorCode::kForbidden, "account suspended",
                   "a suspended account cannot post comments");
  auto text = accept_post_text(typed);
  if (!text.ok()) return failure(ErrorCode::kInvalid, "bad comment", text.error().message);
  PostState state = PostState::kVisible;
  if (hold_first_posts > 0 && !author.may_moderate()) {
    auto written = store.discussions().posts_by_since(author.id, 0);
    if (!written.ok()) return failure(written.error());
    if (*written < hold_first_posts) state = PostState::kHeld;
  }
  auto id = store.discussions().add_post(paper.doc_id, author.id, parent_id, *text, state, now);
  if (!id.ok()) return failure(id.error());
  keep_post_html(store, *id, *text);
  return reread(store, *id, Done::kCreated);
}

PostOutcome edit_discussion_post(Store& store, const User& editor, int64_t post_id,
                                 std::string_view typed, int64_t now) {
  PostOutcome found = owned_post(store, editor, post_id, false);
  if (!found.ok()) return found;
  auto text = accept_post_text(typed);
  if (!text.ok()) return failure(ErrorCode::kInvalid, "bad comment", text.error().message);
  if (*text == found.post.body) return found;  // nothing to keep a revision of
  if (auto s = store.discussions().edit_post(post_id, *text, now); !s.ok())
    return failure(s.error());
  keep_post_html(store, post_id, *text);
  return reread(store, post_id, Done::kChanged);
}

PostOutcome delete_discussion_post(Store& store, const User& by, int64_t post_id, int64_t now) {
  PostOutcome found = owned_post(store, by, post_id, true);
  if (!found.ok()) return found;
  // The author deleting is not moderation; a moderator deleting someone's post is logged.
  const int64_t moderator = found.post.user_id == by.id ? 0 : by.id;
  if (auto s = store.discussions().moderate_post(post_id, PostState::kDeleted, moderator, "delete",
                                                 "", now);
      !s.ok()) {
    return failure(s.error());
  }
  return reread(store, post_id, Done::kChanged);
}

PostOutcome like_discussion_post(Store& store, const User& by, int64_t post_id, bool on,
                                 int64_t now) {
  PostOutcome found = reread(store, post_id, Done::kChanged);
  if (!found.ok()) return found;
  if (!shows_place(found.post, by)) {
    return failure(ErrorCode::kNotFound, "comment not found",
                   "there is no comment " + std::to_string(post_id));
  }
  if (found.post.state != PostState::kVisible) {
    return failure(ErrorCode::kConflict, "comment not open", "only a visible comment can be liked");
  }
  if (found.post.user_id == by.id) {
    return failure(ErrorCode::kForbidden, "own comment",
                   "a like is for someone else's comment, not one's own");
  }
  if (auto liked = store.discussions().like(post_id, by.id, on, now); !liked.ok())
    return failure(liked.error());
  return reread(store, post_id, Done::kChanged);
}

bool shows_words(const DiscussionPost& post, const std::optional<User>& viewer) {
  if (post.state == PostState::kVisible) return true;
  if (post.state != PostState::kHeld || !viewer) return false;
  return viewer->id == post.user_id || viewer->may_moderate();
}

bool shows_place(const DiscussionPost& post, const std::optional<User>& viewer) {
  return post.state != PostState::kHeld || shows_words(post, viewer);
}

json post_json(const DiscussionPost& post, const std::optional<User>& viewer) {
  const bool words = shows_words(post, viewer);
  json author = post.handle.empty() ? json(nullptr)
                                    : json{{"user", post.handle}, {"fullname", post.user_name}};
  return {{"id", std::to_string(post.id)},
          {"author", author},
          {"text", words ? post.body : ""},
          {"html", words ? post_html(post) : ""},
          {"createdAt", utc_text(post.created, "%Y-%m-%dT%H:%M:%S.000Z")},
          {"editedAt",
           post.edited ? json(utc_text(post.edited, "%Y-%m-%dT%H:%M:%S.000Z")) : json(nullptr)},
          {"status", std::string(post_state_name(post.state))},
          {"likes", post.likes},
          {"parent", post.parent_id ? json(std::to_string(post.parent_id)) : json(nullptr)}};
}

json discussion_json(const std::vector<DiscussionPost>& thread, const std::optional<User>& viewer) {
  json top = json::array();
  for (const auto& post : thread) {
    if (!shows_place(post, viewer)) continue;
    if (post.parent_id == 0) {
      json item = post_json(post, viewer);
      item["replies"] = json::array();
      top.push_back(std::move(item));
    } else if (!top.empty() && top.back()["id"] == std::to_string(post.parent_id)) {
      top.back()["replies"].push_back(post_json(post, viewer));
    }
  }
  return top;
}

}  // namespace paperboy
