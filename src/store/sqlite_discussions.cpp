#include "store/sqlite_discussions.h"

#include <sqlite3.h>

#include "store/community_sql.h"

namespace paperboy {
namespace {

Result<std::vector<DiscussionPost>> read_posts(SqliteStatement& select) {
  std::vector<DiscussionPost> posts;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) return posts;
    posts.push_back({select.integer(0), select.integer(1), select.integer(2), select.integer(3),
                     select.text(4), parse_post_state(select.text(5)), select.integer(6),
                     select.integer(7), select.integer(8), select.text(9), select.text(10),
                     select.text(11), select.integer(12)});
  }
}

Result<std::vector<int64_t>> read_integers(SqliteStatement& select) {
  std::vector<int64_t> values;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) return values;
    values.push_back(select.integer(0));
  }
}

Result<int64_t> read_count(SqliteStatement& select) {
  auto row = select.step();
  if (!row.ok()) return row.error();
  const int64_t n = *row ? select.integer(0) : 0;
  select.reset();
  return n;
}

Result<bool> changed(SqliteDatabase& db, SqliteStatement& stmt) {
  if (auto s = stmt.run(); !s.ok()) return s.error();
  return sqlite3_changes(db.handle()) > 0;
}

Error no_post(int64_t post_id) {
  return Error{"there is no post " + std::to_string(post_id), ErrorCode::kNotFound};
}

}  // namespace

std::string sqlite_id_array(std::span<const int64_t> ids) {
  std::string array = "[";
  for (size_t i = 0; i < ids.size(); ++i) array += (i ? "," : "") + std::to_string(ids[i]);
  return array + "]";
}

Status log_moderation(SqliteDatabase& db, int64_t moderator_id, std::string_view action,
                      std::string_view target, std::string_view reason, int64_t now) {
  auto insert = db.cached(
      "INSERT INTO moderation_log(moderator_id, action, target, reason, created) "
      "VALUES (nullif(?, 0), ?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  return (*insert)
      ->bind(1, moderator_id)
      .bind(2, action)
      .bind(3, target)
      .bind(4, reason)
      .bind(5, now)
      .run();
}

Result<int64_t> SqliteDiscussions::add_post(int64_t doc_id, int64_t user_id, int64_t parent_id,
                                            std::string_view body, PostState state, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  if (parent_id != 0) {
    auto parent = post(parent_id);
    if (!parent.ok()) return parent.error();
    if (!parent->has_value() || (*parent)->doc_id != doc_id || (*parent)->parent_id != 0) {
      return Error{"a reply answers a top-level post of the same paper; post " +
                       std::to_string(parent_id) + " is not one",
                   ErrorCode::kInvalid};
    }
  }
  auto insert = db_.cached(
      "INSERT INTO discussion_posts(doc_id, user_id, parent_id, body, state, created) VALUES (?, "
      "?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  (*insert)->bind(1, doc_id).bind(2, user_id).bind(3, parent_id).bind(4, body);
  (*insert)->bind(5, post_state_name(state)).bind(6, now);
  if (auto s = (*insert)->run(); !s.ok()) return s.error();
  const int64_t post_id = sqlite3_last_insert_rowid(db_.handle());
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return post_id;
}

Result<std::optional<DiscussionPost>> SqliteDiscussions::post(int64_t post_id) {
  auto select = db_.cached(std::string(kPostColumns) + "WHERE p.post_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, post_id);
  auto posts = read_posts(**select);
  if (!posts.ok()) return posts.error();
  if (posts->empty()) return std::optional<DiscussionPost>();
  return std::optional<DiscussionPost>(std::move(posts->front()));
}

Result<std::vector<DiscussionPost>> SqliteDiscussions::thread(int64_t doc_id, Order order,
                                                              size_t offset, size_t limit) {
  const char* order_by = order == Order::kOldest ? "p.created, p.post_id"
                         : order == Order::kTop  ? "p.likes DESC, p.created DESC, p.post_id DESC"
                                                 : "p.created DESC, p.post_id DESC";
  auto select =
      db_.cached(std::string(kPostColumns) + "WHERE p.doc_id = ? AND p.parent_id = 0 ORDER BY " +
                 order_by + " LIMIT ? OFFSET ?");
  if (!select.ok()) return select.error();
  (*select)
      ->bind(1, doc_id)
      .bind(2, static_cast<int64_t>(limit))
      .bind(3, static_cast<int64_t>(offset));
  auto top = read_posts(**select);
  if (!top.ok() || top->empty()) return top;
  std::vector<int64_t> ids;
  for (const auto& p : *top) ids.push_back(p.id);
  auto replies_of = db_.cached(
      std::string(kPostColumns) +
      "WHERE p.parent_id IN (SELECT value FROM json_each(?)) ORDER BY p.created, p.post_id");
  if (!replies_of.ok()) return replies_of.error();
  (*replies_of)->bind(1, sqlite_id_array(ids));
  auto replies = read_posts(**replies_of);
  if (!replies.ok()) return replies.error();
  return thread_order(std::move(top).value(), std::move(replies).value());
}

Result<int64_t> SqliteDiscussions::top_level_posts(int64_t doc_id) {
  auto count =
      db_.cached("SELECT count(*) FROM discussion_posts WHERE doc_id = ? AND parent_id = 0");
  if (!count.ok()) return count.error();
  (*count)->bind(1, doc_id);
  return read_count(**count);
}

Status SqliteDiscussions::keep_rendering(int64_t post_id, std::string_view body, int64_t renderer,
                                         std::string_view html) {
  auto update = db_.cached(
      "UPDATE discussion_posts SET rendered = ?, rendered_by = ? WHERE post_id = ? AND body = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, html).bind(2, renderer).bind(3, post_id).bind(4, body).run();
}

Status SqliteDiscussions::edit_post(int64_t post_id, std::string_view body, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto keep = db_.cached(
      "INSERT INTO discussion_revisions(post_id, revision, body, replaced) "
      "SELECT post_id, (SELECT coalesce(max(revision), 0) + 1 FROM discussion_revisions WHERE "
      "post_id = ?1), "
      "body, ?2 FROM discussion_posts WHERE post_id = ?1");
  if (!keep.ok()) return keep.error();
  auto kept = changed(db_, (*keep)->bind(1, post_id).bind(2, now));
  if (!kept.ok()) return kept.error();
  if (!*kept) return no_post(post_id);
  auto update = db_.cached(
      "UPDATE discussion_posts SET body = ?, edited = ?, rendered = '', rendered_by = 0 WHERE "
      "post_id = ?");
  if (!update.ok()) return update.error();
  if (auto s = (*update)->bind(1, body).bind(2, now).bind(3, post_id).run(); !s.ok()) return s;
  auto prune = db_.cached(
      "DELETE FROM discussion_revisions WHERE post_id = ?1 AND revision <= "
      "(SELECT max(revision) FROM discussion_revisions WHERE post_id = ?1) - ?2");
  if (!prune.ok()) return prune.error();
  if (auto s = (*prune)->bind(1, post_id).bind(2, int64_t{kKeptRevisions}).run(); !s.ok()) return s;
  return tx->commit();
}

Result<std::vector<PostRevision>> SqliteDiscussions::revisions(int64_t post_id) {
  auto select = db_.cached(
      "SELECT body, replaced FROM discussion_revisions WHERE post_id = ? ORDER BY revision");
  if (!select.ok()) return select.error();
  (*select)->bind(1, post_id);
  std::vector<PostRevision> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back({(*select)->text(0), (*select)->integer(1)});
  }
}

Result<bool> SqliteDiscussions::like(int64_t post_id, int64_t user_id, bool on, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto change = db_.cached(
      on ? "INSERT OR IGNORE INTO discussion_likes(post_id, user_id, created) VALUES (?, ?, ?)"
         : "DELETE FROM discussion_likes WHERE post_id = ? AND user_id = ?");
  if (!change.ok()) return change.error();
  (*change)->bind(1, post_id).bind(2, user_id);
  if (on) (*change)->bind(3, now);
  auto done = changed(db_, **change);
  if (!done.ok() || !*done) return done;
  auto count = db_.cached("UPDATE discussion_posts SET likes = likes + ? WHERE post_id = ?");
  if (!count.ok()) return count.error();
  if (auto s = (*count)->bind(1, int64_t{on ? 1 : -1}).bind(2, post_id).run(); !s.ok())
    return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::vector<int64_t>> SqliteDiscussions::liked_among(int64_t user_id,
                                                            std::span<const int64_t> post_ids) {
  if (post_ids.empty()) return std::vector<int64_t>();
  auto select = db_.cached(
      "SELECT post_id FROM discussion_likes WHERE user_id = ? AND post_id IN (SELECT value FROM "
      "json_each(?))");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, sqlite_id_array(post_ids));
  return read_integers(**select);
}

Result<std::vector<DiscussionCount>> SqliteDiscussions::visible_counts(
    std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<DiscussionCount>();
  auto select = db_.cached(
      "SELECT doc_id, count(*) FROM discussion_posts WHERE state = 'visible' "
      "AND doc_id IN (SELECT value FROM json_each(?)) GROUP BY doc_id");
  if (!select.ok()) return select.error();
  (*select)->bind(1, sqlite_id_array(doc_ids));
  std::vector<DiscussionCount> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back({(*select)->integer(0), (*select)->integer(1)});
  }
}

Result<int64_t> SqliteDiscussions::posts_by_since(int64_t user_id, int64_t since) {
  auto count =
      db_.cached("SELECT count(*) FROM discussion_posts WHERE user_id = ? AND created >= ?");
  if (!count.ok()) return count.error();
  (*count)->bind(1, user_id).bind(2, since);
  return read_count(**count);
}

Result<bool> SqliteDiscussions::set_following(int64_t user_id, int64_t doc_id, bool on,
                                              int64_t now) {
  auto change = db_.cached(
      on ? "INSERT OR IGNORE INTO discussion_followers(user_id, doc_id, since) VALUES (?, ?, ?)"
         : "DELETE FROM discussion_followers WHERE user_id = ? AND doc_id = ?");
  if (!change.ok()) return change.error();
  (*change)->bind(1, user_id).bind(2, doc_id);
  if (on) (*change)->bind(3, now);
  return changed(db_, **change);
}

Result<bool> SqliteDiscussions::following(int64_t user_id, int64_t doc_id) {
  auto select =
      db_.cached("SELECT count(*) FROM discussion_followers WHERE user_id = ? AND doc_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, doc_id);
  auto n = read_count(**select);
  if (!n.ok()) return n.error();
  return *n > 0;
}

Result<std::vector<DiscussionPost>> SqliteDiscussions::replies_for(int64_t user_id,
                                                                   int64_t after_post_id,
                                                                   size_t limit) {
  auto select = db_.cached(
      std::string(kPostColumns) +
      "WHERE p.post_id > ?2 AND p.state = 'visible' AND coalesce(p.user_id, 0) <> ?1 AND "
      "(p.doc_id IN (SELECT doc_id FROM discussion_followers WHERE user_id = ?1) OR "
      " p.parent_id IN (SELECT post_id FROM discussion_posts WHERE user_id = ?1)) "
      "ORDER BY p.post_id DESC LIMIT ?3");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id).bind(2, after_post_id).bind(3, static_cast<int64_t>(limit));
  return read_posts(**select);
}

Result<int64_t> SqliteDiscussions::report(int64_t post_id, int64_t user_id, std::string_view reason,
                                          int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto target = post(post_id);
  if (!target.ok()) return target.error();
  if (!target->has_value()) return no_post(post_id);
  auto open = db_.cached(
      "SELECT count(*) FROM discussion_reports WHERE post_id = ? AND user_id = ? AND closed = 0");
  if (!open.ok()) return open.error();
  (*open)->bind(1, post_id).bind(2, user_id);
  auto n = read_count(**open);
  if (!n.ok()) return n.error();
  if (*n > 0) return Error{"you have reported this post already", ErrorCode::kConflict};
  auto insert = db_.cached(
      "INSERT INTO discussion_reports(post_id, user_id, reason, created) VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  if (auto s = (*insert)->bind(1, post_id).bind(2, user_id).bind(3, reason).bind(4, now).run();
      !s.ok()) {
    return s.error();
  }
  const int64_t report_id = sqlite3_last_insert_rowid(db_.handle());
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return report_id;
}

Result<std::vector<PostReport>> SqliteDiscussions::open_reports(size_t limit) {
  auto select = db_.cached(
      "SELECT r.report_id, r.post_id, coalesce(r.user_id, 0), coalesce(u.handle, ''), r.reason, "
      "r.created "
      "FROM discussion_reports r LEFT JOIN users u ON u.user_id = r.user_id "
      "WHERE r.closed = 0 ORDER BY r.report_id LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, static_cast<int64_t>(limit));
  std::vector<PostReport> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    auto& s = **select;
    out.push_back({s.integer(0), s.integer(1), s.integer(2), s.text(3), s.text(4), s.integer(5)});
  }
}

Result<std::vector<DiscussionPost>> SqliteDiscussions::held_posts(size_t limit) {
  auto select = db_.cached(std::string(kPostColumns) +
                           "WHERE p.state = 'held' ORDER BY p.created, p.post_id LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, static_cast<int64_t>(limit));
  return read_posts(**select);
}

Status SqliteDiscussions::moderate_post(int64_t post_id, PostState state, int64_t moderator_id,
                                        std::string_view action, std::string_view reason,
                                        int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto update = db_.cached("UPDATE discussion_posts SET state = ? WHERE post_id = ?");
  if (!update.ok()) return update.error();
  auto updated = changed(db_, (*update)->bind(1, post_state_name(state)).bind(2, post_id));
  if (!updated.ok()) return updated.error();
  if (!*updated) return no_post(post_id);
  if (moderator_id != 0) {
    auto close =
        db_.cached("UPDATE discussion_reports SET closed = ? WHERE post_id = ? AND closed = 0");
    if (!close.ok()) return close.error();
    if (auto s = (*close)->bind(1, now).bind(2, post_id).run(); !s.ok()) return s;
    if (auto s = log_moderation(db_, moderator_id, action, "post:" + std::to_string(post_id),
                                reason, now);
        !s.ok()) {
      return s;
    }
  }
  return tx->commit();
}

Status SqliteDiscussions::suspend_user(int64_t user_id, bool suspend, bool hide_posts,
                                       int64_t moderator_id, std::string_view reason, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto update = db_.cached("UPDATE users SET suspended = ? WHERE user_id = ?");
  if (!update.ok()) return update.error();
  auto updated = changed(db_, (*update)->bind(1, suspend ? now : int64_t{0}).bind(2, user_id));
  if (!updated.ok()) return updated.error();
  if (!*updated)
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  std::vector<std::string> steps;
  if (suspend) steps.push_back("DELETE FROM sessions WHERE user_id = ?");
  if (suspend && hide_posts) {
    steps.push_back(
        "UPDATE discussion_posts SET state = 'hidden' WHERE user_id = ? AND state IN ('visible', "
        "'held')");
  }
  for (const auto& sql : steps) {
    auto stmt = db_.cached(sql);
    if (!stmt.ok()) return stmt.error();
    if (auto s = (*stmt)->bind(1, user_id).run(); !s.ok()) return s;
  }
  const char* action = !suspend ? "unsuspend" : hide_posts ? "suspend-and-hide" : "suspend";
  if (auto s =
          log_moderation(db_, moderator_id, action, "user:" + std::to_string(user_id), reason, now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<std::vector<ModerationEntry>> SqliteDiscussions::moderation_log(size_t limit) {
  auto select = db_.cached(
      "SELECT l.entry_id, coalesce(l.moderator_id, 0), coalesce(u.handle, ''), l.action, l.target, "
      "l.reason, "
      "l.created FROM moderation_log l LEFT JOIN users u ON u.user_id = l.moderator_id "
      "ORDER BY l.entry_id DESC LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, static_cast<int64_t>(limit));
  std::vector<ModerationEntry> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    auto& s = **select;
    out.push_back(
        {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.integer(6)});
  }
}

}  // namespace paperboy
