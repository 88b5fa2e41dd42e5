// The discussion on a paper page through its HTML forms, as a browser without scripts uses
// them (issue 18): comment, reply, edit, delete, report, follow, and a refused comment kept.
#include <gtest/gtest.h>

#include "server/hub_client.h"
#include "server/server_fixture.h"

namespace paperboy::testing {
namespace {

class DiscussionPagesTest : public ServerFixture {
 protected:
  HubClient reader() {
    HubClient user(server_->port());
    const std::string n = std::to_string(++readers_);
    auto res =
        user.sign_up("page" + n + "@example.org", "Page Reader " + n, "correct horse battery");
    EXPECT_TRUE(res && res->status == 303) << (res ? res->body : "no response");
    return user;
  }
  static std::string paper(size_t n) {
    return get_json("/api/daily_papers?date=2025-11-05&limit=100", 200)[n]["paper"]["id"];
  }
  // Posts through the paper page's form; the comment's number, from the redirect's fragment.
  static int64_t comment(HubClient& user, const std::string& id, const std::string& text,
                         int64_t parent = 0) {
    httplib::Params fields{{"text", text}};
    if (parent) fields.emplace("parent", std::to_string(parent));
    auto res = user.post_form("/papers/" + id, "/papers/" + id + "/comments", fields);
    EXPECT_TRUE(res && res->status == 303) << (res ? std::to_string(res->status) + res->body : "");
    if (!res) return 0;
    const std::string location = res->get_header_value("Location");
    const size_t at = location.find("#comment-");
    EXPECT_NE(at, std::string::npos) << location;
    return at == std::string::npos ? 0 : std::stoll(location.substr(at + 9));
  }
  static bool contains(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
  }

  inline static int readers_ = 0;
};

TEST_F(DiscussionPagesTest, ACommentAndAReplyAppearOnThePaperPage) {
  HubClient ada = reader(), alan = reader();
  const std::string id = paper(0);
  const int64_t top = comment(ada, id, "The *ablation* in table 2 is convincing.");
  const int64_t reply = comment(alan, id, "Which baseline did they use?", top);
  const std::string page = get("/papers/" + id)->body;
  EXPECT_TRUE(contains(page, "id=\"comment-" + std::to_string(top) + "\""));
  EXPECT_TRUE(contains(page, "id=\"comment-" + std::to_string(reply) + "\""));
  EXPECT_TRUE(contains(page, "The <em>ablation</em> in table 2 is convincing."));
  EXPECT_TRUE(contains(page, "<ol class=\"replies\">"));
  EXPECT_TRUE(
      contains(page, "Sign in</a> to join the discussion"));  // the anonymous visitor's view
  EXPECT_LT(page.find("comment-" + std::to_string(top)),
            page.find("comment-" + std::to_string(reply)));
}

TEST_F(DiscussionPagesTest, TheAuthorEditsAndDeletesThroughTheForms) {
  HubClient ada = reader(), alan = reader();
  const std::string id = paper(1);
  const int64_t top = comment(ada, id, "first version");
  comment(alan, id, "a reply that stays", top);
  const std::string n = std::to_string(top);
  auto edited =
      ada.post_form("/papers/" + id, "/comments/" + n + "/edit", {{"text", "second version"}});
  ASSERT_EQ(edited->status, 303);
  std::string page = ada.get("/papers/" + id)->body;
  EXPECT_TRUE(contains(page, "second version"));
  EXPECT_TRUE(contains(page, ">edited</span>"));
  auto forbidden = alan.post_form("/papers/" + id, "/comments/" + n + "/delete", {});
  EXPECT_EQ(forbidden->status, 403);
  auto deleted = ada.post_form("/papers/" + id, "/comments/" + n + "/delete", {});
  ASSERT_EQ(deleted->status, 303);
  page = get("/papers/" + id)->body;
  EXPECT_FALSE(contains(page, "second version"));
  EXPECT_TRUE(contains(page, "This comment was deleted."));
  EXPECT_TRUE(contains(page, "a reply that stays"));
}

TEST_F(DiscussionPagesTest, ARefusedCommentComesBackWithItsTextAndTheReason) {
  HubClient ada = reader();
  const std::string id = paper(2);
  const std::string long_text = "start " + std::string(20001, 'x');
  auto res = ada.post_form("/papers/" + id, "/papers/" + id + "/comments", {{"text", long_text}});
  ASSERT_EQ(res->status, 400);
  EXPECT_TRUE(contains(res->body, "Not posted. A comment holds at most 20000 bytes"));
  EXPECT_TRUE(contains(res->body, "start xxxx"));
  EXPECT_TRUE(contains(res->body, "aria-invalid=\"true\""));
}

TEST_F(DiscussionPagesTest, AFormWithoutTheCsrfTokenIsRefused) {
  HubClient ada = reader();
  const std::string id = paper(3);
  auto res =
      ada.post_form("/papers/" + id, "/papers/" + id + "/comments", {{"text", "forged"}}, false);
  EXPECT_EQ(res->status, 403);
  EXPECT_FALSE(contains(get("/papers/" + id)->body, "forged"));
}

TEST_F(DiscussionPagesTest, HostileHtmlInACommentIsShownAsText) {
  HubClient ada = reader();
  const std::string id = paper(4);
  comment(ada, id, "<script>alert('pwned')</script> <img src=x onerror=alert(1)>");
  const std::string page = get("/papers/" + id)->body;
  EXPECT_FALSE(contains(page, "<script>alert('pwned')"));
  EXPECT_FALSE(contains(page, "<img src=x onerror"));
}

TEST_F(DiscussionPagesTest, AReportThanksTheReaderAndWaitsForAModerator) {
  HubClient ada = reader(), alan = reader();
  const std::string id = paper(5);
  const int64_t top = comment(ada, id, "rude words");
  auto res = alan.post_form("/papers/" + id, "/comments/" + std::to_string(top) + "/report",
                            {{"reason", "insults"}});
  ASSERT_EQ(res->status, 303);
  EXPECT_TRUE(
      contains(alan.get(res->get_header_value("Location"))->body, "a moderator will look at it"));
  auto store = std::move(test_store_->open()).value();
  auto reports = store->discussions().open_reports(100);
  bool found = false;
  for (const auto& r : *reports) found |= r.post_id == top && r.reason == "insults";
  EXPECT_TRUE(found);
}

TEST_F(DiscussionPagesTest, AFollowerSeesTheButtonTurnToUnfollow) {
  HubClient ada = reader();
  const std::string id = paper(6);
  EXPECT_TRUE(contains(ada.get("/papers/" + id)->body, "Follow the discussion"));
  auto res = ada.post_form("/papers/" + id, "/papers/" + id + "/follow-discussion", {{"on", "1"}});
  ASSERT_EQ(res->status, 303);
  EXPECT_TRUE(contains(ada.get("/papers/" + id)->body, "Stop following the discussion"));
}

// Issue 36, item 19: deleting asks first (a second button inside a closed <details>, so it works
// without scripts); one's own comment shows its likes as words, with no button to like it, and
// the rule refuses it anyway with a message that reads as a sentence.
TEST_F(DiscussionPagesTest, OwnCommentsAskBeforeDeletingAndCannotBeLiked) {
  HubClient ada = reader(), alan = reader();
  const std::string id = paper(4);
  const std::string n = std::to_string(comment(ada, id, "my own words"));
  ASSERT_EQ(alan.post_form("/papers/" + id, "/comments/" + n + "/like", {{"on", "1"}})->status,
            303);
  const std::string page = ada.get("/papers/" + id)->body;
  const size_t at = page.find("id=\"comment-" + n + "\"");
  ASSERT_NE(at, std::string::npos);
  const std::string own = page.substr(at, page.find("</article>", at) - at);
  EXPECT_FALSE(contains(own, "Like this comment")) << own;
  EXPECT_TRUE(contains(own, "<span class=\"likes\">1 like</span>")) << own;
  EXPECT_TRUE(contains(own, "<details class=\"delete\"><summary>Delete</summary>")) << own;
  EXPECT_TRUE(contains(own, "Yes, delete it")) << own;
  EXPECT_TRUE(contains(alan.get("/papers/" + id)->body, "Like this comment"));

  auto refused = ada.post_form("/papers/" + id, "/comments/" + n + "/like", {{"on", "1"}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_TRUE(
      contains(refused->body, "A like is for someone else&#39;s comment, not one&#39;s own."))
      << refused->body;
  EXPECT_EQ(ada.api("POST", "/api/comments/" + n + "/like")->status, 403);
}

}  // namespace
}  // namespace paperboy::testing
