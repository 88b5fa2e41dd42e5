// The discussion API over real HTTP on loopback (issue 18): who may post, edit and delete, the
// hostile battery stored as typed and rendered inert, rate limits, CSRF, tokens, and the hub
// clients' fields (numComments, discussionId).
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "server/hub_client.h"
#include "server/server_fixture.h"

namespace paperboy::testing {
namespace {

class DiscussionApiTest : public ServerFixture {
 protected:
  HubClient reader() {
    HubClient user(server_->port());
    const std::string n = std::to_string(++readers_);
    auto res = user.sign_up("talker" + n + "@example.org", "Talker " + n, "correct horse battery");
    EXPECT_TRUE(res && res->status == 303) << (res ? res->body : "no response");
    return user;
  }
  static std::string comments_path(const std::string& id) {
    return "/api/papers/" + id + "/comments";
  }
  // Posts and returns the answer's JSON, expecting `status`.
  static json post(HubClient& user, const std::string& id, const json& body, int status = 201) {
    auto res = user.api("POST", comments_path(id), body.dump());
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, status) << res->body;
    return json::parse(res->body);
  }
  static httplib::Result with_token(const std::string& method, const std::string& path,
                                    const std::string& token, const std::string& body) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    return method == "POST" ? client.Post(path, h, body, "application/json")
                            : client.Delete(path, h);
  }
  // A paper of the fixture no other test here talks about.
  static std::string quiet_paper(size_t n) {
    return get_json("/api/daily_papers?date=2025-10-09&limit=100", 200)[n]["paper"]["id"];
  }

  inline static int readers_ = 0;
};

TEST_F(DiscussionApiTest, ACommentAndItsReplyAreListedWithAuthorTextAndHtml) {
  HubClient ada = reader(), alan = reader();
  const std::string id = quiet_paper(0);
  json top = post(ada, id, {{"text", "Nice **result** on $x_1^2$"}});
  ASSERT_TRUE(top.contains("id"));
  json reply = post(alan, id, {{"text", "Agreed"}, {"parent", top["id"]}});
  EXPECT_EQ(reply["parent"], top["id"]);
  json listed = get_json(comments_path(id), 200);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["text"], "Nice **result** on $x_1^2$");
  EXPECT_NE(listed[0]["html"].get<std::string>().find("<strong>result</strong>"),
            std::string::npos);
  EXPECT_NE(listed[0]["html"].get<std::string>().find("$x_1^2$"), std::string::npos);
  EXPECT_EQ(listed[0]["author"]["user"], top["author"]["user"]);
  ASSERT_EQ(listed[0]["replies"].size(), 1u);
  EXPECT_EQ(listed[0]["replies"][0]["text"], "Agreed");
  EXPECT_TRUE(listed[0]["editedAt"].is_null());
  auto res = get(comments_path(id));
  EXPECT_EQ(res->get_header_value("X-Total-Count"), "1");
  // A reply to a reply is refused: replies go one level deep.
  json deeper = post(ada, id, {{"text", "deeper"}, {"parent", reply["id"]}}, 400);
  EXPECT_NE(deeper["detail"].get<std::string>().find("top-level"), std::string::npos);
}

TEST_F(DiscussionApiTest, TheAuthorEditsAndDeletesAndOthersCannot) {
  HubClient ada = reader(), alan = reader();
  const std::string id = quiet_paper(1);
  json top = post(ada, id, {{"text", "first words"}});
  json reply = post(alan, id, {{"text", "a reply"}, {"parent", top["id"]}});
  const std::string path = "/api/comments/" + top["id"].get<std::string>();
  auto not_theirs = alan.api("PATCH", path, R"({"text": "vandalised"})");
  EXPECT_EQ(not_theirs->status, 403);
  auto edited = ada.api("PATCH", path, R"({"text": "second words"})");
  ASSERT_EQ(edited->status, 200) << edited->body;
  EXPECT_FALSE(json::parse(edited->body)["editedAt"].is_null());
  EXPECT_EQ(alan.api("DELETE", path)->status, 403);
  auto deleted = ada.api("DELETE", path);
  ASSERT_EQ(deleted->status, 200) << deleted->body;
  json listed = get_json(comments_path(id), 200);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], "deleted");
  EXPECT_EQ(listed[0]["text"], "");
  EXPECT_EQ(listed[0]["replies"][0]["text"], "a reply");  // the reply keeps its place
  // The edit kept the first words for moderators.
  auto store = std::move(test_store_->open()).value();
  auto revisions = store->discussions().revisions(std::stoll(top["id"].get<std::string>()));
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ(revisions->front().body, "first words");
}

TEST_F(DiscussionApiTest, HostileTextIsStoredAsTypedAndRenderedInert) {
  const std::string id = quiet_paper(2);
  const std::vector<std::string> battery = {
      "<script>alert(1)</script>",
      "<b onmouseover=\"alert(1)\">raw html</b>",
      "[click](javascript:alert(1))",
      "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "<img src=x onerror=alert(1)>",
      "![x](x\" onerror=\"alert(1))",
      std::string(10000, '>') + " deep",
      "RTL \u202Eevil\u202C text",
  };
  for (const auto& typed : battery) {
    HubClient writer = reader();  // one each: the battery is more than one account's burst
    json stored = post(writer, id, {{"text", typed}});
    EXPECT_EQ(stored["text"], typed);
    const std::string html = stored["html"];
    // Words may survive as escaped text; no element may carry them as markup.
    static const std::regex kActive(
        R"((<script)|(<[a-zA-Z][^>]*\son[a-z]+\s*=)|((href|src)\s*=\s*"\s*(javascript|data|vbscript):)|(<b[ >]))",
        std::regex::icase);
    EXPECT_FALSE(std::regex_search(html, kActive))
        << typed.substr(0, 40) << " rendered " << html.substr(0, 200);
  }
  HubClient ada = reader();
  json nul = post(ada, id, {{"text", std::string("a\0b", 3)}});
  EXPECT_EQ(nul["text"],
            "a\xEF\xBF\xBD"
            "b");
  json big = post(ada, id, {{"text", std::string(100 * 1024, 'x')}}, 400);
  EXPECT_NE(big["detail"].get<std::string>().find("at most 20000 bytes"), std::string::npos);
  json empty = post(ada, id, {{"text", "   "}}, 400);
  EXPECT_NE(empty["detail"].get<std::string>().find("needs some text"), std::string::npos);
  // Everything listed is what was typed; the page count says how many were kept.
  EXPECT_EQ(get(comments_path(id) + "?limit=100")->get_header_value("X-Total-Count"),
            std::to_string(battery.size() + 1));
}

TEST_F(DiscussionApiTest, ATokenCanCommentAndARevokedOneCannot) {
  HubClient ada = reader();
  auto created = ada.api("POST", "/api/tokens", R"({"label": "bot"})");
  ASSERT_EQ(created->status, 201);
  const std::string token = json::parse(created->body)["token"];
  const std::string id = quiet_paper(3);
  auto by_token = with_token("POST", comments_path(id), token, R"({"text": "from a script"})");
  ASSERT_EQ(by_token->status, 201) << by_token->body;
  auto store = std::move(test_store_->open()).value();
  auto user =
      store->community().user_by_email("talker" + std::to_string(readers_) + "@example.org");
  auto tokens = store->community().api_tokens((**user).id);
  ASSERT_EQ(tokens->size(), 1u);
  ASSERT_TRUE(*store->community().revoke_api_token((**user).id, tokens->front().token_hash));
  auto revoked = with_token("POST", comments_path(id), token, R"({"text": "again"})");
  EXPECT_EQ(revoked->status, 401);
  EXPECT_EQ(get(comments_path(id))->get_header_value("X-Total-Count"), "1");
}

TEST_F(DiscussionApiTest, ACookieWithoutTheCsrfTokenCannotComment) {
  HubClient ada = reader();
  const std::string id = quiet_paper(4);
  auto res = ada.api("POST", comments_path(id), R"({"text": "forged"})", /*with_csrf=*/false);
  EXPECT_EQ(res->status, 403);
  auto anonymous = httplib::Client("127.0.0.1", server_->port())
                       .Post(comments_path(id), R"({"text": "x"})", "application/json");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(get(comments_path(id))->get_header_value("X-Total-Count"), "0");
}

TEST_F(DiscussionApiTest, TooManyCommentsAreRefusedWithRetryAfter) {
  HubClient ada = reader();
  const std::string id = quiet_paper(5);
  for (int i = 0; i < 5; ++i) post(ada, id, {{"text", "comment " + std::to_string(i)}});
  auto res = ada.api("POST", comments_path(id), R"({"text": "one too many"})");
  ASSERT_EQ(res->status, 429) << res->body;
  EXPECT_EQ(res->get_header_value("Retry-After"), "60");
  EXPECT_EQ(get(comments_path(id))->get_header_value("X-Total-Count"), "5");
}

TEST_F(DiscussionApiTest, TheHubsFieldsCountVisibleComments) {
  HubClient ada = reader();
  const std::string id = quiet_paper(6);
  json flat = get_json("/api/papers/" + id, 200);
  EXPECT_EQ(flat["discussionId"], id);
  EXPECT_EQ(flat["numComments"], 0);
  json first = post(ada, id, {{"text", "one"}});
  post(ada, id, {{"text", "two"}, {"parent", first["id"]}});
  EXPECT_EQ(get_json("/api/papers/" + id, 200)["numComments"], 2);
  for (const auto& item : get_json("/api/daily_papers?date=2025-10-09&limit=100", 200)) {
    if (item["paper"]["id"] != id) continue;
    EXPECT_EQ(item["numComments"], 2);
    EXPECT_EQ(item["discussionId"], id);
    EXPECT_EQ(item["paper"]["discussionId"], id);
  }
  ASSERT_EQ(ada.api("DELETE", "/api/comments/" + first["id"].get<std::string>())->status, 200);
  EXPECT_EQ(get_json("/api/papers/" + id, 200)["numComments"], 1);
}

TEST_F(DiscussionApiTest, ALikeCountsOncePerReaderAndOnlyOnAVisibleComment) {
  HubClient ada = reader(), alan = reader(), grace = reader();
  const std::string id = quiet_paper(8);
  json post_json = post(ada, id, {{"text", "worth a like"}});
  const std::string like = "/api/comments/" + post_json["id"].get<std::string>() + "/like";
  EXPECT_EQ(json::parse(alan.api("POST", like)->body)["likes"], 1);
  EXPECT_EQ(json::parse(alan.api("POST", like)->body)["likes"], 1);  // twice is once
  EXPECT_EQ(json::parse(grace.api("POST", like)->body)["likes"], 2);
  EXPECT_EQ(json::parse(grace.api("DELETE", like)->body)["likes"], 1);
  ASSERT_EQ(ada.api("DELETE", "/api/comments/" + post_json["id"].get<std::string>())->status, 200);
  EXPECT_EQ(grace.api("POST", like)->status, 409);
  EXPECT_EQ(grace.api("POST", "/api/comments/999999/like")->status, 404);
}

TEST_F(DiscussionApiTest, BadRequestsAreNamed) {
  HubClient ada = reader();
  const std::string id = quiet_paper(7);
  EXPECT_EQ(post(ada, id, {{"words", "x"}}, 400)["error"], "missing field");
  EXPECT_EQ(post(ada, id, {{"text", 5}}, 400)["error"], "bad field");
  EXPECT_EQ(post(ada, id, {{"text", "x"}, {"parent", "seven"}}, 400)["error"], "bad field");
  EXPECT_EQ(post(ada, "2501.99999", {{"text", "x"}}, 404)["error"], "paper not found");
  expect_error(comments_path(id) + "?sort=loudest", 400);
  EXPECT_EQ(ada.api("PATCH", "/api/comments/999999", R"({"text": "x"})")->status, 404);
}

// Issue 32: a comment built to blow up the renderer (a wide table padded over many rows, one
// line of thousands of nested quotes) is accepted, and the paper's page and comments still
// answer promptly, with the server up.
TEST_F(DiscussionApiTest, MarkdownBombsCostTheReaderNothing) {
  HubClient ada = reader();
  const std::string id = quiet_paper(7);
  std::string table = "|";
  for (int column = 0; column < 3000; ++column) table += "a|";
  table += "\n|";
  for (int column = 0; column < 3000; ++column) table += "-|";
  table += "\n";
  while (table.size() + 2 <= 20000) table += "x\n";
  std::string nested = std::string(9000, '>') + std::string(9000, '[') + "*a*";
  std::string items;
  while (items.size() < 19000) items += "- ";
  items += "[*a* [b";
  for (const std::string& bomb : {table, nested, items}) {
    auto started = std::chrono::steady_clock::now();
    post(ada, id, {{"text", bomb}});
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  }
  for (const std::string& path : {comments_path(id), "/papers/" + id}) {
    auto started = std::chrono::steady_clock::now();
    auto res = get(path);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_LT(res->body.size(), 4u << 20) << path;
    EXPECT_LT(took, std::chrono::seconds(1)) << path;
  }
  EXPECT_EQ(get("/healthz")->status, 200);
}

}  // namespace
}  // namespace paperboy::testing
