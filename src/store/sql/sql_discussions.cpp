#include "store/sql/sql_discussions.h"

#include <map>

#include "store/sql/moderation_log.h"

namespace paperboy {
namespace {

// A page of top-level posts, each followed by its replies (`replies` oldest first).
std::vector<DiscussionPost> thread_order(std::vector<DiscussionPost> top,
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
constexpr const char* kPostColumns =
    "SELECT p.post_id, p.doc_id, coalesce(p.user_id, 0), p.parent_id, p.body, p.state, "
    "p.created, p.edited, p.likes, coalesce(u.handle, ''), coalesce(u.name, ''), p.rendered, "
    "p.rendered_by "
    "FROM discussion_posts p LEFT JOIN users u ON u.user_id = p.user_id ";

Result<std::vector<DiscussionPost>> posts_of(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<DiscussionPost> posts;
  for (size_t r = 0; r < rows->rows(); ++r) {
    posts.push_back({rows->integer(r, 0), rows->integer(r, 1), rows->integer(r, 2),
                     rows->integer(r, 3), rows->text(r, 4), parse_post_state(rows->text(r, 5)),
                     rows->integer(r, 6), rows->integer(r, 7), rows->integer(r, 8),
                     rows->text(r, 9), rows->text(r, 10), rows->text(r, 11), rows->integer(r, 12)});
  }
  return posts;
}

// The first row's first integer, 0 when there is no row.
Result<int64_t> first_integer(const Result<SqlRows>& rows) {
  auto first = sql_first_integer(rows);
  if (!first.ok()) return first.error();
  return first->value_or(0);
}

Error no_post(int64_t post_id) {
  return Error{"there is no post " + std::to_string(post_id), ErrorCode::kNotFound};
}

}  // namespace

Result<int64_t> SqlDiscussions::add_post(int64_t doc_id, int64_t user_id, int64_t parent_id,
                                         std::string_view body, PostState state, int64_t now) {
  if (parent_id != 0) {
    auto parent = post(parent_id);
    if (!parent.ok()) return parent.error();
    if (!parent->has_value() || (*parent)->doc_id != doc_id || (*parent)->parent_id != 0) {
      return Error{"a reply answers a top-level post of the same paper; post " +
                       std::to_string(parent_id) + " is not one",
                   ErrorCode::kInvalid};
    }
  }
  return first_integer(session_.query(
      "INSERT INTO discussion_posts(doc_id, user_id, parent_id, body, state, created) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING post_id",
      doc_id, user_id, parent_id, body, post_state_name(state), now));
}

Result<std::optional<DiscussionPost>> SqlDiscussions::post(int64_t post_id) {
  auto posts =
      posts_of(session_.query(std::string(kPostColumns) + "WHERE p.post_id = $1", post_id));
  if (!posts.ok()) return posts.error();
  if (posts->empty()) return std::optional<DiscussionPost>();
  return std::optional<DiscussionPost>(std::move(posts->front()));
}

Result<std::vector<DiscussionPost>> SqlDiscussions::thread(int64_t doc_id, Order order,
                                                           size_t offset, size_t limit) {
  const char* order_by = order == Order::kOldest ? "p.created, p.post_id"
                         : order == Order::kTop  ? "p.likes DESC, p.created DESC, p.post_id DESC"
                                                 : "p.created DESC, p.post_id DESC";
  auto top = posts_of(session_.query(std::string(kPostColumns) +
                                         "WHERE p.doc_id = $1 AND p.parent_id = 0 ORDER BY " +
                                         order_by + " LIMIT $2 OFFSET $3",
                                     doc_id, limit, offset));
  if (!top.ok() || top->empty()) return top;
  std::vector<int64_t> ids;
  for (const auto& p : *top) ids.push_back(p.id);
  auto replies = posts_of(session_.query(std::string(kPostColumns) + "WHERE " +
                                             session_.dialect().in_list("p.parent_id", 1) +
                                             " ORDER BY p.created, p.post_id",
                                         sql_list(session_.dialect(), ids)));
  if (!replies.ok()) return replies.error();
  return thread_order(std::move(top).value(), std::move(replies).value());
}

Result<int64_t> SqlDiscussions::top_level_posts(int64_t doc_id) {
  return first_integer(session_.query(
      "SELECT count(*) FROM discussion_posts WHERE doc_id = $1 AND parent_id = 0", doc_id));
}

Status SqlDiscussions::keep_rendering(int64_t post_id, std::string_view body, int64_t renderer,
                                      std::string_view html) {
  return sql_done(session_.query(
      "UPDATE discussion_posts SET rendered = $1, rendered_by = $2 WHERE post_id = $3 "
      "AND body = $4",
      html, renderer, post_id, body));
}

Status SqlDiscussions::edit_post(int64_t post_id, std::string_view body, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // The row lock orders two edits of one post, so each revision number is taken once.
  auto kept = sql_touched(session_.query(
      "WITH latest AS (SELECT post_id, body FROM discussion_posts WHERE post_id = $1" +
          std::string(session_.dialect().lock_rows()) +
          ") INSERT INTO discussion_revisions(post_id, revision, body, replaced) "
          "SELECT post_id, (SELECT coalesce(max(revision), 0) + 1 FROM discussion_revisions "
          "WHERE post_id = $1), body, $2 FROM latest",
      post_id, now));
  if (!kept.ok()) return kept.error();
  if (!*kept) return no_post(post_id);
  if (auto s = sql_done(session_.query(
          "UPDATE discussion_posts SET body = $1, edited = $2, rendered = '', rendered_by = 0 "
          "WHERE post_id = $3",
          body, now, post_id));
      !s.ok()) {
    return s;
  }
  if (auto s = sql_done(
          session_.query("DELETE FROM discussion_revisions WHERE post_id = $1 AND revision <= "
                         "(SELECT max(revision) FROM discussion_revisions WHERE post_id = $1) - $2",
                         post_id, int64_t{kKeptRevisions}));
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<std::vector<PostRevision>> SqlDiscussions::revisions(int64_t post_id) {
  auto rows = session_.query(
      "SELECT body, replaced FROM discussion_revisions WHERE post_id = $1 ORDER BY revision",
      post_id);
  if (!rows.ok()) return rows.error();
  std::vector<PostRevision> out;
  for (size_t r = 0; r < rows->rows(); ++r) out.push_back({rows->text(r, 0), rows->integer(r, 1)});
  return out;
}

Result<bool> SqlDiscussions::like(int64_t post_id, int64_t user_id, bool on, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto done =
      on ? sql_touched(session_.query(
               "INSERT INTO discussion_likes(post_id, user_id, created) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               post_id, user_id, now))
         : sql_touched(
               session_.query("DELETE FROM discussion_likes WHERE post_id = $1 AND user_id = $2",
                              post_id, user_id));
  if (!done.ok() || !*done) return done;
  if (auto s = sql_done(
          session_.query("UPDATE discussion_posts SET likes = likes + $1 WHERE post_id = $2",
                         int64_t{on ? 1 : -1}, post_id));
      !s.ok()) {
    return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<int64_t>> SqlDiscussions::liked_among(int64_t user_id,
                                                         std::span<const int64_t> post_ids) {
  if (post_ids.empty()) return std::vector<int64_t>();
  return sql_integers(
      session_.query("SELECT post_id FROM discussion_likes WHERE user_id = $1 AND " +
                         session_.dialect().in_list("post_id", 2),
                     user_id, sql_list(session_.dialect(), post_ids)));
}

Result<std::vector<DiscussionCount>> SqlDiscussions::visible_counts(
    std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<DiscussionCount>();
  auto rows = session_.query(
      "SELECT doc_id, count(*) FROM discussion_posts WHERE state = 'visible' "
      "AND " +
          session_.dialect().in_list("doc_id", 1) + " GROUP BY doc_id",
      sql_list(session_.dialect(), doc_ids));
  if (!rows.ok()) return rows.error();
  std::vector<DiscussionCount> out;
  for (size_t r = 0; r < rows->rows(); ++r)
    out.push_back({rows->integer(r, 0), rows->integer(r, 1)});
  return out;
}

Result<int64_t> SqlDiscussions::posts_by_since(int64_t user_id, int64_t since) {
  return first_integer(
      session_.query("SELECT count(*) FROM discussion_posts WHERE user_id = $1 AND created >= $2",
                     user_id, since));
}

Result<bool> SqlDiscussions::set_following(int64_t user_id, int64_t doc_id, bool on, int64_t now) {
  if (on) {
    return sql_touched(session_.query(
        "INSERT INTO discussion_followers(user_id, doc_id, since) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING",
        user_id, doc_id, now));
  }
  return sql_touched(session_.query(
      "DELETE FROM discussion_followers WHERE user_id = $1 AND doc_id = $2", user_id, doc_id));
}

Result<bool> SqlDiscussions::following(int64_t user_id, int64_t doc_id) {
  auto n = first_integer(
      session_.query("SELECT count(*) FROM discussion_followers WHERE user_id = $1 AND doc_id = $2",
                     user_id, doc_id));
  if (!n.ok()) return n.error();
  return *n > 0;
}

Result<std::vector<DiscussionPost>> SqlDiscussions::replies_for(int64_t user_id,
                                                                int64_t after_post_id,
                                                                size_t limit) {
  return posts_of(session_.query(
      std::string(kPostColumns) +
          "WHERE p.post_id > $2 AND p.state = 'visible' AND coalesce(p.user_id, 0) <> $1 AND "
          "(p.doc_id IN (SELECT doc_id FROM discussion_followers WHERE user_id = $1) OR "
          " p.parent_id IN (SELECT post_id FROM discussion_posts WHERE user_id = $1)) "
          "ORDER BY p.post_id DESC LIMIT $3",
      user_id, after_post_id, limit));
}

Result<int64_t> SqlDiscussions::report(int64_t post_id, int64_t user_id, std::string_view reason,
                                       int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto target =
      first_integer(session_.query("SELECT post_id FROM discussion_posts WHERE post_id = $1" +
                                       std::string(session_.dialect().lock_rows()),
                                   post_id));
  if (!target.ok()) return target.error();
  if (*target == 0) return no_post(post_id);
  auto open = first_integer(session_.query(
      "SELECT count(*) FROM discussion_reports WHERE post_id = $1 AND user_id = $2 AND closed = 0",
      post_id, user_id));
  if (!open.ok()) return open.error();
  if (*open > 0) return Error{"you have reported this post already", ErrorCode::kConflict};
  auto report_id = first_integer(session_.query(
      "INSERT INTO discussion_reports(post_id, user_id, reason, created) VALUES ($1, $2, $3, $4) "
      "RETURNING report_id",
      post_id, user_id, reason, now));
  if (!report_id.ok()) return report_id.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return *report_id;
}

Result<std::vector<PostReport>> SqlDiscussions::open_reports(size_t limit) {
  auto rows = session_.query(
      "SELECT r.report_id, r.post_id, coalesce(r.user_id, 0), coalesce(u.handle, ''), r.reason, "
      "r.created FROM discussion_reports r LEFT JOIN users u ON u.user_id = r.user_id "
      "WHERE r.closed = 0 ORDER BY r.report_id LIMIT $1",
      limit);
  if (!rows.ok()) return rows.error();
  std::vector<PostReport> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), rows->integer(r, 2), rows->text(r, 3),
                   rows->text(r, 4), rows->integer(r, 5)});
  }
  return out;
}

Result<std::vector<DiscussionPost>> SqlDiscussions::held_posts(size_t limit) {
  return posts_of(session_.query(
      std::string(kPostColumns) + "WHERE p.state = 'held' ORDER BY p.created, p.post_id LIMIT $1",
      limit));
}

Status SqlDiscussions::moderate_post(int64_t post_id, PostState state, int64_t moderator_id,
                                     std::string_view action, std::string_view reason,
                                     int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto updated =
      sql_touched(session_.query("UPDATE discussion_posts SET state = $1 WHERE post_id = $2",
                                 post_state_name(state), post_id));
  if (!updated.ok()) return updated.error();
  if (!*updated) return no_post(post_id);
  if (moderator_id != 0) {
    if (auto s = sql_done(session_.query(
            "UPDATE discussion_reports SET closed = $1 WHERE post_id = $2 AND closed = 0", now,
            post_id));
        !s.ok()) {
      return s;
    }
    if (auto s = log_moderation(session_, moderator_id, action, "post:" + std::to_string(post_id),
                                reason, now);
        !s.ok()) {
      return s;
    }
  }
  return tx->commit();
}

Status SqlDiscussions::suspend_user(int64_t user_id, bool suspend, bool hide_posts,
                                    int64_t moderator_id, std::string_view reason, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto updated = sql_touched(session_.query("UPDATE users SET suspended = $1 WHERE user_id = $2",
                                            suspend ? now : int64_t{0}, user_id));
  if (!updated.ok()) return updated.error();
  if (!*updated) {
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  }
  const char* action = !suspend ? "unsuspend" : hide_posts ? "suspend-and-hide" : "suspend";
  if (auto s = log_moderation(session_, moderator_id, action, "user:" + std::to_string(user_id),
                              reason, now);
      !s.ok()) {
    return s;
  }
  if (suspend && hide_posts) {
    // Each comment hidden with the account is logged on its own ("suspend-hide"): a moderator
    // can restore one from the log, and lifting the suspension restores the rest. Comments
    // awaiting review stay in the queue, where they are not shown anyway.
    if (auto s = sql_done(session_.query(
            "INSERT INTO moderation_log(moderator_id, action, target, reason, created) "
            "SELECT nullif(CAST($2 AS bigint), 0), 'suspend-hide', "
            "'post:' || CAST(post_id AS TEXT), $3, $4 "
            "FROM discussion_posts WHERE user_id = $1 AND state = 'visible'",
            user_id, moderator_id, reason, now));
        !s.ok())
      return s;
    if (auto s = sql_done(session_.query(
            "UPDATE discussion_posts SET state = 'hidden' WHERE user_id = $1 AND state = 'visible'",
            user_id));
        !s.ok())
      return s;
  }
  // A suspended account's sessions stay, worth nothing (visitor.h): they let its reader be told
  // why they cannot post. Lifting the suspension ends them, so none comes back to life.
  if (!suspend) {
    if (auto s = sql_done(session_.query("DELETE FROM sessions WHERE user_id = $1", user_id));
        !s.ok())
      return s;
    if (auto s = restore_suspension_hidden(user_id, moderator_id, now); !s.ok()) return s;
  }
  return tx->commit();
}

Status SqlDiscussions::restore_suspension_hidden(int64_t user_id, int64_t moderator_id,
                                                 int64_t now) {
  // The account's hidden comments whose last word in the log is the suspension's: a comment a
  // moderator hid (or restored and hid again) for its own sake stays as they left it.
  auto hidden = sql_integers(session_.query(
      "SELECT p.post_id FROM discussion_posts p WHERE p.user_id = $1 AND p.state = 'hidden' AND "
      "(SELECT m.action FROM moderation_log m WHERE m.target = 'post:' || CAST(p.post_id AS TEXT) "
      "ORDER BY m.entry_id DESC LIMIT 1) = 'suspend-hide'",
      user_id));
  if (!hidden.ok()) return hidden.error();
  for (int64_t post_id : *hidden) {
    if (auto s = sql_done(session_.query(
            "UPDATE discussion_posts SET state = 'visible' WHERE post_id = $1", post_id));
        !s.ok())
      return s;
    if (auto s =
            log_moderation(session_, moderator_id, "restore", "post:" + std::to_string(post_id),
                           "the suspension was lifted", now);
        !s.ok())
      return s;
  }
  return Status::Ok();
}

Result<std::vector<ModerationEntry>> SqlDiscussions::moderation_log(size_t limit) {
  auto rows = session_.query(
      "SELECT l.entry_id, coalesce(l.moderator_id, 0), coalesce(u.handle, ''), l.action, l.target, "
      "l.reason, l.created FROM moderation_log l LEFT JOIN users u ON u.user_id = l.moderator_id "
      "ORDER BY l.entry_id DESC LIMIT $1",
      limit);
  if (!rows.ok()) return rows.error();
  std::vector<ModerationEntry> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), rows->text(r, 2), rows->text(r, 3),
                   rows->text(r, 4), rows->text(r, 5), rows->integer(r, 6)});
  }
  return out;
}

}  // namespace paperboy
