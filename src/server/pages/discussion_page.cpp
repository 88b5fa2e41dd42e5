#include "server/pages/discussion_page.h"

#include <fmt/format.h>

#include <array>
#include <ctime>
#include <unordered_set>

#include "core/bidi_controls.h"
#include "core/date.h"
#include "server/formats/post_html.h"
#include "server/formats/post_markdown.h"
#include "server/pages/page_helpers.h"
#include "server/pages/replies_feed.h"
#include "server/rules/discussion_actions.h"

namespace paperboy {
namespace {

constexpr size_t kPostsPerPage = 50;

struct SortChoice {
  const char* key;
  const char* label;
  Discussions::Order order;
};
constexpr std::array<SortChoice, 3> kSorts = {{{"newest", "newest", Discussions::Order::kNewest},
                                               {"oldest", "oldest", Discussions::Order::kOldest},
                                               {"top", "most liked", Discussions::Order::kTop}}};

void fill_post(ctemplate::TemplateDictionary& item, const DiscussionPost& post,
               const StoredPaper& paper, const Visitor& visitor, bool liked) {
  item.SetFilename("post.tpl");
  item.SetIntValue("POST_ID", post.id);
  item.SetValue("ID_PATH", url_path(paper.paper.id));
  item.SetValue("CSRF", visitor.csrf);
  if (post.handle.empty()) {
    item.ShowSection("NO_AUTHOR");
  } else {
    auto* who = item.AddSectionDictionary("AUTHOR_LINK");
    who->SetValue("HANDLE", post.handle);
    who->SetValue("AUTHOR_NAME",
                  without_bidi_controls(post.user_name.empty() ? post.handle : post.user_name));
  }
  item.SetValue("CREATED_ISO", utc_text(post.created, "%Y-%m-%dT%H:%M:%SZ"));
  item.SetValue("CREATED_TEXT", utc_text(post.created, "%Y-%m-%d %H:%M UTC"));
  if (post.edited != 0)
    item.SetValueAndShowSection("EDITED_TEXT", utc_text(post.edited, "%Y-%m-%d %H:%M UTC"),
                                "EDITED");
  if (post.state == PostState::kHeld) item.ShowSection("HELD");
  const std::optional<User>& viewer = visitor.user;
  if (shows_words(post, viewer)) {
    item.SetValueAndShowSection("BODY_HTML", post_html(post), "WORDS");
  } else {
    item.SetValueAndShowSection("GONE_TEXT",
                                post.state == PostState::kDeleted
                                    ? "This comment was deleted."
                                    : "This comment was hidden by a moderator.",
                                "GONE");
  }
  if (!viewer || viewer->suspended != 0 || !shows_words(post, viewer)) return;
  item.ShowSection("ACTIONS");
  const bool own = post.user_id == viewer->id;
  if (post.state == PostState::kVisible && own) {
    // No button to like one's own words; how many others did is still worth knowing.
    if (post.likes > 0)
      item.SetValueAndShowSection("LIKES_TEXT",
                                  fmt::format("{} like{}", post.likes, post.likes == 1 ? "" : "s"),
                                  "OWN_LIKES");
  } else if (post.state == PostState::kVisible) {
    auto* like = item.AddSectionDictionary("LIKE");
    like->SetValue("LIKE_ON", liked ? "0" : "1");
    like->SetValue("LIKED", liked ? "true" : "false");
    like->SetIntValue("LIKES", post.likes);
    if (post.parent_id == 0) item.ShowSection("REPLY");
    if (!own) item.ShowSection("REPORT");
  }
  if (own) item.SetValueAndShowSection("BODY", post.body, "EDIT");
  if (own || viewer->may_moderate()) item.ShowSection("DELETE");
}

}  // namespace

void add_discussion(const HubContext& hub, PageRequest& page, const ServerRequest& req,
                    const StoredPaper& stored, ctemplate::TemplateDictionary& paper_dict,
                    const RefusedPost* refused) {
  auto* dict = paper_dict.AddIncludeDictionary("DISCUSSION");
  dict->SetFilename("discussion.tpl");
  const std::string id_path = url_path(stored.paper.id);
  dict->SetValue("ID_PATH", id_path);
  dict->SetValue("CSRF", page.visitor.csrf);
  const std::string asked = req.get_param_value("comments");
  const SortChoice* sort = &kSorts[0];
  for (const auto& choice : kSorts) {
    if (asked == choice.key) sort = &choice;
  }
  for (const auto& choice : kSorts) {
    auto* item = dict->AddSectionDictionary("SORT");
    item->SetValue("SORT_KEY", choice.key);
    item->SetValue("SORT_LABEL", choice.label);
    item->SetValue("ID_PATH", id_path);
    if (&choice == sort) item->ShowSection("SORT_CURRENT");
  }
  dict->SetValue("SORT_NOW", sort->key);
  size_t page_no = 0;
  if (const std::string p = req.get_param_value("comments_p");
      !p.empty() && p.size() < 6 && p.find_first_not_of("0123456789") == std::string::npos) {
    page_no = std::stoul(p);
  }

  const std::optional<User>& viewer = page.visitor.user;
  if (viewer && viewer->suspended == 0) {
    dict->ShowSection("NEW_POST");
    dict->SetValue("FORM_LABEL", refused && refused->parent ? "Your reply" : "Add a comment");
    if (refused) {
      dict->SetValue("DRAFT", refused->text);
      dict->SetValueAndShowSection("PROBLEM_TEXT", as_sentence(refused->problem), "PROBLEM");
      if (refused->parent)
        dict->SetValueAndShowSection("PARENT_ID", std::to_string(refused->parent), "PARENT");
    }
    auto following = page.store().discussions().following(viewer->id, stored.doc_id);
    const bool on = following.ok() && *following;
    auto* follow = dict->AddSectionDictionary("FOLLOW");
    follow->SetValue("FOLLOW_ON", on ? "0" : "1");
    follow->SetValue("FOLLOW_LABEL",
                     on ? "Stop following the discussion" : "Follow the discussion");
    if (const std::string feed = replies_feed_path(hub, viewer->id); on && !feed.empty()) {
      follow->SetValueAndShowSection("REPLIES_FEED_URL", feed, "REPLIES_FEED");
    }
  } else if (!viewer) {
    dict->SetValueAndShowSection("NEXT", url_query("/papers/" + stored.paper.id + "#discussion"),
                                 "SIGN_IN");
  }
  if (req.has_param("reported"))
    dict->SetValueAndShowSection("NOTICE_TEXT", "Thank you: a moderator will look at it.",
                                 "NOTICE");

  auto counts =
      page.store().discussions().visible_counts(std::span<const int64_t>(&stored.doc_id, 1));
  const int64_t count = counts.ok() && !counts->empty() ? counts->front().posts : 0;
  dict->SetIntValue("COUNT", count);
  dict->SetValue("COUNT_WORD", count == 1 ? "comment" : "comments");
  auto thread = page.store().discussions().thread(stored.doc_id, sort->order,
                                                  page_no * kPostsPerPage, kPostsPerPage + 1);
  if (!thread.ok()) return;  // the page stands without its discussion; the error is the store's
  std::vector<int64_t> ids;
  size_t top_level = 0;
  for (const auto& post : *thread) {
    ids.push_back(post.id);
    top_level += post.parent_id == 0;
  }
  std::unordered_set<int64_t> liked;
  if (viewer) {
    if (auto found = page.store().discussions().liked_among(viewer->id, ids); found.ok())
      liked.insert(found->begin(), found->end());
  }
  ctemplate::TemplateDictionary* current = nullptr;
  ctemplate::TemplateDictionary* replies = nullptr;
  size_t shown_top = 0;
  bool skipping = false;
  for (const auto& post : *thread) {
    if (post.parent_id == 0) {
      skipping = !shows_place(post, viewer) || ++shown_top > kPostsPerPage;
      if (skipping) continue;
      current = dict->AddSectionDictionary("POST");
      replies = nullptr;
      fill_post(*current->AddIncludeDictionary("POST_ITEM"), post, stored, page.visitor,
                liked.count(post.id) > 0);
    } else if (!skipping && current && shows_place(post, viewer)) {
      if (!replies) replies = current->AddSectionDictionary("REPLIES");
      auto* reply = replies->AddSectionDictionary("REPLY_ITEM");
      fill_post(*reply->AddIncludeDictionary("POST_ITEM"), post, stored, page.visitor,
                liked.count(post.id) > 0);
    }
  }
  if (shown_top == 0) dict->ShowSection("EMPTY");
  if (top_level > kPostsPerPage) {
    dict->SetIntValue("NEXT_PAGE", static_cast<long>(page_no + 1));
    dict->ShowSection("MORE");
  }
}

}  // namespace paperboy
