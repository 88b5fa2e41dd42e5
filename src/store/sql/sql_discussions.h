// The discussion tables (posts, revisions, likes, followers, reports, the moderation log),
// written once for both backends over their SqlSession.
#pragma once

#include "store/discussions.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlDiscussions final : public Discussions {
 public:
  explicit SqlDiscussions(SqlSession& session) : session_(session) {}

  Result<int64_t> add_post(int64_t doc_id, int64_t user_id, int64_t parent_id,
                           std::string_view body, PostState state, int64_t now) override;
  Result<std::optional<DiscussionPost>> post(int64_t post_id) override;
  Result<std::vector<DiscussionPost>> thread(int64_t doc_id, Order order, size_t offset,
                                             size_t limit) override;
  Result<int64_t> top_level_posts(int64_t doc_id) override;
  Status keep_rendering(int64_t post_id, std::string_view body, int64_t renderer,
                        std::string_view html) override;
  Status edit_post(int64_t post_id, std::string_view body, int64_t now) override;
  Result<std::vector<PostRevision>> revisions(int64_t post_id) override;
  Result<bool> like(int64_t post_id, int64_t user_id, bool on, int64_t now) override;
  Result<std::vector<int64_t>> liked_among(int64_t user_id,
                                           std::span<const int64_t> post_ids) override;
  Result<std::vector<DiscussionCount>> visible_counts(std::span<const int64_t> doc_ids) override;
  Result<int64_t> posts_by_since(int64_t user_id, int64_t since) override;
  Result<bool> set_following(int64_t user_id, int64_t doc_id, bool on, int64_t now) override;
  Result<bool> following(int64_t user_id, int64_t doc_id) override;
  Result<std::vector<DiscussionPost>> replies_for(int64_t user_id, int64_t after_post_id,
                                                  size_t limit) override;
  Result<int64_t> report(int64_t post_id, int64_t user_id, std::string_view reason,
                         int64_t now) override;
  Result<std::vector<PostReport>> open_reports(size_t limit) override;
  Result<std::vector<DiscussionPost>> held_posts(size_t limit) override;
  Status moderate_post(int64_t post_id, PostState state, int64_t moderator_id,
                       std::string_view action, std::string_view reason, int64_t now) override;
  Status suspend_user(int64_t user_id, bool suspend, bool hide_posts, int64_t moderator_id,
                      std::string_view reason, int64_t now) override;
  Result<std::vector<ModerationEntry>> moderation_log(size_t limit) override;

 private:
  // Lifting a suspension: the comments it hid come back, each logged as restored.
  Status restore_suspension_hidden(int64_t user_id, int64_t moderator_id, int64_t now);

  SqlSession& session_;
};

}  // namespace paperboy
