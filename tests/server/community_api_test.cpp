// Accounts, votes, submissions, libraries and tokens over real HTTP on loopback, with the bad
// input a public server gets: missing CSRF tokens, double votes, bad JSON, oversized bodies,
// hostile text. After each refusal the store is checked unchanged.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <thread>

#include "server/hub_client.h"
#include "server/server_fixture.h"

namespace paperboy::testing {
namespace {

class CommunityApiTest : public ServerFixture {
 protected:
  // A new signed-in user (each test its own, so tests do not share votes).
  HubClient signed_in_user() {
    HubClient user(server_->port());
    std::string email = "user" + std::to_string(++users_) + "@example.org";
    auto res = user.sign_up(email, "User " + std::to_string(users_), "correct horse battery");
    EXPECT_TRUE(res && res->status == 303) << (res ? res->body : "no response");
    return user;
  }
  std::string new_token(HubClient& user) {
    auto res = user.api("POST", "/api/tokens", R"({"label": "test script"})");
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "");
    return res ? json::parse(res->body)["token"].get<std::string>() : "";
  }
  static httplib::Result with_token(const std::string& method, const std::string& path,
                                    const std::string& token, const std::string& body = "") {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    if (method == "POST") return client.Post(path, h, body, "application/json");
    if (method == "PUT") return client.Put(path, h, body, "application/json");
    if (method == "DELETE") return client.Delete(path, h);
    return client.Get(path, h);
  }
  // Sends `request` as written, as curl does for `curl -X POST URL` (no Content-Length), and
  // returns the status code of the answer.
  static int raw_status(const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server_->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
    timeval timeout{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    (void)::send(fd, request.data(), request.size(), 0);
    std::array<char, 256> buffer{};
    ssize_t n = ::recv(fd, buffer.data(), buffer.size() - 1, 0);
    ::close(fd);
    std::string head(buffer.data(), n > 0 ? static_cast<size_t>(n) : 0);
    return head.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(head.substr(9, 3)) : -1;
  }
  static int upvotes(const std::string& id) {
    return get_json("/api/papers/" + id, 200)["upvotes"].get<int>();
  }
  // The first paper of the newest day with no hub upvotes: absent from trending until voted for.
  static std::string unvoted_paper() {
    for (const auto& item : get_json("/api/daily_papers?date=2026-08-18&limit=100", 200)) {
      if (item["paper"]["upvotes"] == 0) return item["paper"]["id"];
    }
    return "";
  }
  static int64_t stored_users() {
    auto store = std::move(test_store_->open()).value();
    int64_t n = 0;
    for (int i = 1; i < 1000; ++i) n += store->community().user_by_id(i)->has_value();
    return n;
  }

  inline static int users_ = 0;
};

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

// Issue 15.13: a new token is shown once, after a redirect (a reload creates nothing); name,
// address and password can change; the account can be deleted with its data.
TEST_F(CommunityApiTest, SettingsShowANewTokenOnceAndChangeTheAccount) {
  HubClient user = signed_in_user();
  auto created = user.post_form("/settings", "/settings/tokens", {{"label", "laptop"}});
  ASSERT_EQ(created->status, 303);
  EXPECT_EQ(created->get_header_value("Location"), "/settings#new-token");
  std::string shown = user.get("/settings")->body;
  std::smatch secret;
  ASSERT_TRUE(std::regex_search(shown, secret,
                                std::regex(R"re(<pre class="secret" id="secret">([^<]+)</pre>)re")))
      << shown;
  EXPECT_NE(shown.find("data-copy=\"secret\""), std::string::npos) << "a copy button";
  EXPECT_EQ(with_token("GET", "/api/me", secret[1].str())->status, 200);
  EXPECT_EQ(user.get("/settings")->body.find("class=\"secret\""), std::string::npos)
      << "shown only once";

  std::string email = "user" + std::to_string(users_) + "@example.org";
  EXPECT_EQ(
      user.post_form("/settings", "/settings/profile", {{"name", "Renamed"}, {"email", email}})
          ->status,
      303);
  EXPECT_NE(user.get("/settings")->body.find("value=\"Renamed\""), std::string::npos);
  auto no_password = user.post_form("/settings", "/settings/profile",
                                    {{"name", "Renamed"}, {"email", "new@example.org"}});
  EXPECT_EQ(no_password->status, 400);
  EXPECT_NE(no_password->body.find(
                "Nothing was changed: to change the email address, give your current password."),
            std::string::npos);
  // A new address signs out the account's other sessions, and says so on the page the form
  // redirects to, so a reload does not post it again (issue 36, item 18).
  auto moved = user.post_form(
      "/settings", "/settings/profile",
      {{"name", "Renamed"}, {"email", "new" + email}, {"password", "correct horse battery"}});
  EXPECT_EQ(moved->status, 303);
  EXPECT_EQ(moved->get_header_value("Location"), "/settings?done=email");
  EXPECT_NE(user.get("/settings?done=email")
                ->body.find("every other session of this account was signed out"),
            std::string::npos);
  auto renamed = user.post_form("/settings", "/settings/profile",
                                {{"name", "Renamed Again"}, {"email", "new" + email}});
  EXPECT_EQ(renamed->get_header_value("Location"), "/settings?done=profile");
  EXPECT_NE(user.get("/settings?done=profile")->body.find("Your name and address were saved."),
            std::string::npos);
  EXPECT_EQ(user.get("/settings?done=%3Cscript%3E")->body.find("&lt;script"), std::string::npos)
      << "the query names a notice; it carries no text of its own";
  auto wrong = user.post_form("/settings", "/settings/password",
                              {{"password", "guess"}, {"new_password", "another long one"}});
  EXPECT_EQ(wrong->status, 400);
  // Shown in place, marked as the answer to a post: the page's script then makes a reload ask
  // for /settings rather than post again (browser_hub tests it). Pages got by GET are not.
  EXPECT_NE(wrong->body.find("data-posted=\"1\""), std::string::npos);
  EXPECT_EQ(user.get("/settings")->body.find("data-posted"), std::string::npos);
  auto changed =
      user.post_form("/settings", "/settings/password",
                     {{"password", "correct horse battery"}, {"new_password", "another long one"}});
  EXPECT_EQ(changed->status, 303);
  EXPECT_EQ(changed->get_header_value("Location"), "/settings?done=password");
  EXPECT_NE(user.get("/settings?done=password")->body.find("Your password was changed"),
            std::string::npos);
  HubClient again(server_->port());
  EXPECT_EQ(again.sign_in("new" + email, "correct horse battery")->status, 401);
  EXPECT_EQ(again.sign_in("new" + email, "another long one")->status, 303);

  const std::string paper = unvoted_paper();
  ASSERT_EQ(user.api("POST", "/api/papers/" + paper + "/vote")->status, 200);
  EXPECT_EQ(upvotes(paper), 1);
  EXPECT_EQ(
      user.post_form("/settings", "/settings/delete", {{"password", "another long one"}})->status,
      400);
  auto deleted = user.post_form("/settings", "/settings/delete",
                                {{"password", "another long one"}, {"confirm", "1"}});
  EXPECT_EQ(deleted->status, 200);
  EXPECT_NE(deleted->body.find("Account deleted"), std::string::npos);
  EXPECT_EQ(upvotes(paper), 0) << "the deleted account's vote is taken back";
  EXPECT_EQ(with_token("GET", "/api/me", secret[1].str())->status, 401);
  EXPECT_EQ(HubClient(server_->port()).sign_in("new" + email, "another long one")->status, 401);
}

TEST_F(CommunityApiTest, RevokedTokensStopWorking) {
  HubClient user = signed_in_user();
  std::string token = new_token(user);
  EXPECT_EQ(with_token("GET", "/api/me", token)->status, 200);
  std::string settings = user.get("/settings")->body;
  std::smatch hash;
  ASSERT_TRUE(
      std::regex_search(settings, hash, std::regex(R"re(name="token" value="([0-9a-f]+)")re")));
  auto res = user.post_form("/settings", "/settings/tokens/revoke", {{"token", hash[1].str()}});
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(with_token("GET", "/api/me", token)->status, 401);
}

TEST_F(CommunityApiTest, RepeatedSignInsAreRateLimited) {
  HubClient attacker(server_->port());
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = attacker.sign_in("nobody@example.org", "guess " + std::to_string(i));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++refused;
      // The fixture's sign-in buckets refill a token in 10,000 s: the wait said is that one
      // (issue 36, item 8), not a fixed minute that would only meet another refusal.
      EXPECT_EQ(res->get_header_value("Retry-After"), "10000");
      EXPECT_NE(res->body.find("3 hours"), std::string::npos) << res->body;
    } else {
      EXPECT_EQ(res->status, 401);
    }
  }
  EXPECT_GE(refused, 4);  // the fixture allows a burst of 15 (of which other tests use a few)
}

}  // namespace
}  // namespace paperboy::testing
