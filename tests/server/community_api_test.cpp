// Accounts, votes, submissions, libraries and tokens over real HTTP on loopback, with the bad
// input a public server gets: missing CSRF tokens, double votes, bad JSON, oversized bodies,
// hostile text. After each refusal the store is checked unchanged.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server/community_api_fixture.h"

namespace paperboy::testing {
namespace {

// Issue 15.17: the README's `curl -X POST -H "Authorization: Bearer …" …/vote` sends no body
// and no Content-Length; that is an empty body, not a bad request. No credential is a 401.
TEST_F(CommunityApiTest, VoteWithoutABodyAsCurlSendsIt) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  std::string paper = unvoted_paper();
  ASSERT_FALSE(paper.empty());
  std::string target =
      "/api/papers/" + paper + "/vote HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n";
  EXPECT_EQ(raw_status("POST " + target + "Accept: */*\r\n\r\n"), 401);
  EXPECT_EQ(upvotes(paper), 0);
  EXPECT_EQ(raw_status("POST " + target + "Authorization: Bearer " + token + "\r\n\r\n"), 200);
  EXPECT_EQ(upvotes(paper), 1);
  EXPECT_EQ(raw_status("DELETE " + target + "Authorization: Bearer " + token + "\r\n\r\n"), 200);
  EXPECT_EQ(upvotes(paper), 0);
}

TEST_F(CommunityApiTest, SignUpStartsAnHttpOnlyLaxSessionAndShowsTheName) {
  HubClient user(server_->port());
  auto res = user.sign_up("Ada@Example.org", "Ada", "analytical engine");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303) << res->body;
  EXPECT_NE(user.last_set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(user.last_set_cookie.find("SameSite=Lax"), std::string::npos);
  ASSERT_TRUE(user.cookies().count("pb_session"));
  auto me = user.api("GET", "/api/me");
  EXPECT_EQ(json::parse(me->body)["email"], "ada@example.org");  // addresses are kept lower-cased
  EXPECT_NE(user.get("/")->body.find(">Ada</a>"), std::string::npos);
}

TEST_F(CommunityApiTest, PasswordsAreStoredOnlyAsArgon2idHashes) {
  HubClient user = signed_in_user();
  auto store = std::move(test_store_->open()).value();
  auto stored = store->community().user_by_email("user" + std::to_string(users_) + "@example.org");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((**stored).password_hash.rfind("$argon2id$", 0), 0u) << (**stored).password_hash;
  EXPECT_EQ((**stored).password_hash.find("correct horse"), std::string::npos);
}

TEST_F(CommunityApiTest, FormsWithoutTheirCsrfTokenAreRefusedAndChangeNothing) {
  int64_t before = stored_users();
  HubClient user(server_->port());
  auto res = user.post_form(
      "/signup", "/signup",
      {{"email", "nocsrf@example.org"}, {"name", "X"}, {"password", "long enough pw"}}, false);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(stored_users(), before);

  HubClient voter = signed_in_user();
  std::string id = unvoted_paper();
  int votes = upvotes(id);
  auto vote =
      voter.post_form("/papers/" + id, "/papers/" + id + "/vote", {{"action", "up"}}, false);
  EXPECT_EQ(vote->status, 403);
  vote = voter.post_form("/papers/" + id, "/papers/" + id + "/vote",
                         {{"action", "up"}, {"csrf", "forged"}}, false);
  EXPECT_EQ(vote->status, 403);
  auto api_vote = voter.api("POST", "/api/papers/" + id + "/vote", "", false);
  EXPECT_EQ(api_vote->status, 403);
  EXPECT_EQ(upvotes(id), votes);
}

TEST_F(CommunityApiTest, WrongPasswordIsRefusedAndTheRightOneSignsIn) {
  HubClient setup = signed_in_user();
  std::string email = "user" + std::to_string(users_) + "@example.org";
  HubClient other(server_->port());
  auto wrong = other.sign_in(email, "wrong password");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(wrong->body.find("Wrong email or password"), std::string::npos);
  EXPECT_FALSE(other.cookies().count("pb_session"));
  auto right = other.sign_in(email, "correct horse battery");
  EXPECT_EQ(right->status, 303);
  EXPECT_TRUE(other.cookies().count("pb_session"));
}

TEST_F(CommunityApiTest, SignOutEndsTheSession) {
  HubClient user = signed_in_user();
  std::string old_cookie = user.cookies()["pb_session"];
  auto res = user.post_form("/", "/signout", {});
  EXPECT_EQ(res->status, 303);
  httplib::Client client("127.0.0.1", server_->port());
  auto me = client.Get("/api/me", {{"Cookie", "pb_session=" + old_cookie}});
  EXPECT_EQ(me->status, 401);
}

TEST_F(CommunityApiTest, BadSignUpsAreExplainedAndStoreNothing) {
  int64_t before = stored_users();
  HubClient user(server_->port());
  for (auto [email, password] : {std::pair{"not-an-address", "long enough pw"},
                                 {"a@b.org\r\nBcc: x@y.org", "long enough pw"},
                                 {"short@example.org", "short"}}) {
    auto res = user.sign_up(email, "Name", password);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << email;
    EXPECT_NE(res->body.find("Could not create the account"), std::string::npos);
  }
  HubClient first = signed_in_user();
  auto again =
      user.sign_up("user" + std::to_string(users_) + "@example.org", "Copy", "long enough pw");
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(stored_users(), before + 1);
}

TEST_F(CommunityApiTest, AVoteCountsOnceAndCanBeTakenBack) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  std::string id = unvoted_paper();
  int before = upvotes(id);
  auto first = with_token("POST", "/api/papers/" + id + "/vote", token);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(json::parse(first->body)["upvotes"], before + 1);
  auto second = with_token("POST", "/api/papers/" + id + "/vote", token);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(json::parse(second->body)["upvotes"], before + 1);
  EXPECT_EQ(upvotes(id), before + 1);
  auto back = with_token("DELETE", "/api/papers/" + id + "/vote", token);
  EXPECT_EQ(json::parse(back->body)["upvotes"], before);
  EXPECT_EQ(upvotes(id), before);
}

// A vote for an id shaped like arXiv's that names no paper is a 404, as GET of it is; text
// that is no id at all stays a 400 (issue 36, item 20).
TEST_F(CommunityApiTest, AVoteForAnIdThatNamesNoPaperIsNotFoundAsItsGetIs) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  EXPECT_EQ(get("/api/papers/9999.99999")->status, 404);
  auto vote = with_token("POST", "/api/papers/9999.99999/vote", token);
  EXPECT_EQ(vote->status, 404) << vote->body;
  EXPECT_EQ(with_token("POST", "/api/papers/not-an-id!/vote", token)->status, 400);
}

TEST_F(CommunityApiTest, ConcurrentVotesAreAllCountedOnce) {
  std::string id = unvoted_paper();
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) {
    HubClient user = signed_in_user();
    tokens.push_back(new_token(user));
  }
  std::vector<std::thread> voters;
  voters.reserve(tokens.size());
  std::atomic<int> ok{0};
  for (const auto& token : tokens) {
    voters.emplace_back([&, token] {
      for (int again = 0; again < 3;
           ++again) {  // each user votes three times at once with the others
        auto res = with_token("POST", "/api/papers/" + id + "/vote", token);
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : voters) t.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(upvotes(id), 8);
  for (const auto& token : tokens) with_token("DELETE", "/api/papers/" + id + "/vote", token);
  EXPECT_EQ(upvotes(id), 0);
}

TEST_F(CommunityApiTest, VotesNeedACredentialAndAKnownPaper) {
  httplib::Client anonymous("127.0.0.1", server_->port());
  EXPECT_EQ(anonymous.Post("/api/papers/" + listed_paper() + "/vote")->status, 401);
  EXPECT_EQ(with_token("POST", "/api/papers/" + listed_paper() + "/vote", "made-up-token")->status,
            401);
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  EXPECT_EQ(with_token("POST", "/api/papers/not-an-id/vote", token)->status, 400);
  EXPECT_EQ(with_token("POST", "/api/papers/1901.00001/vote", token)->status, 404);
  EXPECT_EQ(with_token("POST", "/api/papers/1901.00001' OR 1=1 --/vote", token)->status, 400);
}

TEST_F(CommunityApiTest, AFormVoteRedirectsBackAndCounts) {
  HubClient user = signed_in_user();
  std::string id = unvoted_paper();
  int before = upvotes(id);
  auto res = user.post_form("/papers/" + id, "/papers/" + id + "/vote", {{"action", "up"}});
  ASSERT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(upvotes(id), before + 1);
  EXPECT_NE(user.get("/papers/" + id)->body.find(R"(aria-pressed="true")"), std::string::npos);
  user.post_form("/papers/" + id, "/papers/" + id + "/vote", {{"action", "down"}});
  EXPECT_EQ(upvotes(id), before);
}

TEST_F(CommunityApiTest, AnonymousFormVoteIsSentToSignIn) {
  HubClient visitor(server_->port());
  auto res = visitor.post_form("/papers/" + listed_paper(), "/papers/" + listed_paper() + "/vote",
                               {{"action", "up"}});
  ASSERT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location").rfind("/signin?next=", 0), 0u);
}

TEST_F(CommunityApiTest, AVotedPaperEntersTrending) {
  std::string id = unvoted_paper();
  auto in_trending = [&] {
    for (const auto& item : get_json("/api/trending?limit=100", 200)) {
      if (item["paper"]["id"] == id) return true;
    }
    return false;
  };
  EXPECT_FALSE(in_trending());
  HubClient user = signed_in_user();
  ASSERT_EQ(with_token("POST", "/api/papers/" + id + "/vote", new_token(user))->status, 200);
  EXPECT_TRUE(in_trending());
  with_token("DELETE", "/api/papers/" + id + "/vote", new_token(user));
}

TEST_F(CommunityApiTest, SubmittingListsAStoredPaperOnce) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  auto res = with_token("POST", "/api/submit", token, R"({"id": "arXiv:math/0309136v1"})");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["paper"]["id"], "math/0309136");
  bool listed = false;
  for (const auto& item : get_json("/api/daily_papers?date=2026-08-18&limit=100", 200)) {
    listed = listed || item["paper"]["id"] == "math/0309136";
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(with_token("POST", "/api/submit", token, R"({"id": "math/0309136"})")->status, 409);
  EXPECT_EQ(
      with_token("POST", "/api/submit", token, R"({"id": ")" + listed_paper() + R"("})")->status,
      409);  // on the hub
  EXPECT_EQ(with_token("POST", "/api/submit", token, R"({"id": "1901.00001"})")->status, 404);
  EXPECT_EQ(with_token("POST", "/api/submit", token, R"({"id": "<script>"})")->status, 400);
  EXPECT_EQ(with_token("POST", "/api/submit", token, R"({"id": 42})")->status, 400);
  EXPECT_EQ(with_token("POST", "/api/submit", token, R"({"id": ")" + listed_paper() + "\"")->status,
            400);  // bad JSON
  EXPECT_EQ(with_token("POST", "/api/submit", token, "")->status, 400);
}

TEST_F(CommunityApiTest, OversizedBodiesAreRefused) {
  HubClient user = signed_in_user();
  std::string huge(2 << 20, 'x');
  auto res = with_token("POST", "/api/submit", new_token(user), R"({"id": ")" + huge + "\"}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(CommunityApiTest, LibraryKeepsTagsAndExportsAsBibtex) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  auto put = with_token("PUT", "/api/library/" + listed_paper(), token,
                        R"({"tags": ["to-read", "<b>x</b>", "' OR 1=1 --"]})");
  ASSERT_EQ(put->status, 200) << put->body;
  ASSERT_EQ(with_token("PUT", "/api/library/math/0309136", token, R"({"tags": ["cited"]})")->status,
            200);
  json library = json::parse(with_token("GET", "/api/library", token)->body);
  ASSERT_EQ(library.size(), 2u);
  json tagged =
      json::parse(with_token("GET", "/api/library?tag=%27%20OR%201%3D1%20--", token)->body);
  ASSERT_EQ(tagged.size(), 1u);
  EXPECT_EQ(tagged[0]["paper"]["id"], listed_paper());
  auto page = user.get("/library");
  EXPECT_NE(page->body.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page->body.find("<b>x</b>"), std::string::npos);
  auto bib = with_token("GET", "/export/library.bib", token);
  EXPECT_EQ(bib->status, 200);
  auto file = *dir_ / "library.bib";
  write_file(file, bib->body);
  std::string command = "/usr/bin/python3 " PAPERBOY_SOURCE_DIR
                        "/tests/server/check_exports.py bib '" +
                        file.string() + "' 2";
  EXPECT_EQ(std::system(command.c_str()), 0) << bib->body;
  EXPECT_EQ(with_token("GET", "/export/library.ris?tag=cited", token)->body.find("TY  -"), 0u);
  httplib::Client anonymous("127.0.0.1", server_->port());
  EXPECT_EQ(anonymous.Get("/export/library.bib")->status, 401);
  EXPECT_EQ(with_token("DELETE", "/api/library/" + listed_paper(), token)->status, 204);
  EXPECT_EQ(with_token("DELETE", "/api/library/" + listed_paper(), token)->status, 404);
  EXPECT_EQ(with_token("PUT", "/api/library/" + listed_paper(), token, R"({"tags": "not a list"})")
                ->status,
            400);
  EXPECT_EQ(with_token("PUT", "/api/library/" + listed_paper(), token, R"({"tags": ["a\u0000b"]})")
                ->status,
            400);
  EXPECT_EQ(json::parse(with_token("GET", "/api/library", token)->body).size(), 1u);
}

TEST_F(CommunityApiTest, HostileNamesComeBackEscaped) {
  HubClient user(server_->port());
  ASSERT_EQ(user.sign_up("xss@example.org", "<script>alert(1)</script>", "long enough pw")->status,
            303);
  std::string page = user.get("/")->body;
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<script>alert(1)</script>"), std::string::npos);
  std::string paper = user.get("/papers/math/0309136")->body;
  EXPECT_EQ(paper.find("<script>alert"), std::string::npos);
  EXPECT_NE(paper.find("&lt;script&gt;alert(&apos;x&apos;)"),
            std::string::npos);  // the abstract, as text
}

TEST_F(CommunityApiTest, HostileTokenLabelsAndQueriesComeBackEscaped) {
  HubClient user = signed_in_user();
  ASSERT_EQ(
      user.post_form("/settings", "/settings/tokens", {{"label", "<img src=x onerror=alert(1)>"}})
          ->status,
      303);
  auto res = user.get("/settings");
  EXPECT_EQ(res->body.find("<img src=x"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  std::string search = user.get("/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")->body;
  EXPECT_EQ(search.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(search.find("&quot;&gt;&lt;script&gt;alert(1)"), std::string::npos);
  auto submit = user.post_form("/submit", "/submit", {{"id", "<script>alert(1)</script>"}});
  EXPECT_EQ(submit->status, 400);
  EXPECT_EQ(submit->body.find("<script>alert(1)"), std::string::npos);
}

}  // namespace
}  // namespace paperboy::testing
