// What every HTML route declares before its handler runs (pages/page_request.h), tested over
// the server's whole route table rather than route by route: a form without its CSRF token is
// refused whoever sends it, a signed-out visitor is sent to sign in and back to a place on this
// site (never to the Referer's host), and pages for moderators and admins refuse readers.
#include <gtest/gtest.h>

#include <regex>

#include "server/hub_client.h"
#include "server/server_fixture.h"
#include "server/test_accounts.h"

namespace paperboy::testing {
namespace {

// Forms reached from a signed link in a mail: the link's token is the credential, and a mail
// client's one-click unsubscribe (RFC 8058) sends no cookie and no CSRF token.
const std::set<std::string> kSignedLinkForms = {"/unsubscribe", "/subscribe/confirm",
                                                "/subscription"};

// A path the pattern matches: each parameter replaced by a value of its kind.
std::string sample_path(const std::string& pattern, const std::string& paper) {
  static const std::regex parameter(R"(:(\w+)(\(([^()]*(\([^()]*\))?[^()]*)\))?)");
  std::string out;
  auto begin = std::sregex_iterator(pattern.begin(), pattern.end(), parameter);
  size_t at = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out += pattern.substr(at, m.position() - at);
    const std::string name = m[1], constraint = m[3];
    if (constraint.empty()) {
      out += name == "id" ? paper : name == "n" ? "1" : "x";
    } else if (constraint.find("\\d") == 0) {
      out += "1";
    } else {
      out += constraint.substr(0, constraint.find('|'));  // the first alternative
    }
    at = m.position() + m.length();
  }
  return out + pattern.substr(at);
}

std::vector<std::string> form_routes(const PaperServer& server) {
  std::vector<std::string> out;
  for (const auto& [method, pattern] : server.route_patterns()) {
    if (method == "POST" && !pattern.starts_with("/api/") && !kSignedLinkForms.contains(pattern))
      out.push_back(pattern);
  }
  return out;
}

// The `next` of a sign-in redirect, decoded; empty when the answer is no such redirect.
std::string sign_in_next(const httplib::Result& res) {
  if (!res || res->status != 303) return "";
  const std::string location = res->get_header_value("Location");
  if (!location.starts_with("/signin?next=")) return "";
  std::string next = location.substr(std::string("/signin?next=").size());
  next = next.substr(0, next.find('&'));
  return httplib::detail::decode_url(next, true);
}

class PageAdmissionTest : public ServerFixture {
 protected:
  TestAccount account(const std::string& name) {
    return sign_up_account(server_->port(), *test_store_,
                           "admission" + std::to_string(++accounts_) + "@example.org", name);
  }
  inline static int accounts_ = 0;
};

TEST_F(PageAdmissionTest, TheRouteTableHasFormsToTest) {
  // Guards the tests below against passing over an empty list.
  EXPECT_GE(form_routes(*server_).size(), 40U);
}

TEST_F(PageAdmissionTest, EveryFormRefusesAReaderWhoseFormHasNoToken) {
  TestAccount reader = account("Token Less");
  ASSERT_EQ(reader.client.get("/settings")->status, 200);
  for (const std::string& pattern : form_routes(*server_)) {
    const std::string path = sample_path(pattern, listed_paper());
    httplib::Client raw("127.0.0.1", server_->port());
    std::string cookie;
    for (const auto& [name, value] : reader.client.cookies()) cookie += name + "=" + value + "; ";
    auto res = raw.Post(path, {{"Cookie", cookie}}, "text=hello&name=x&id=2401.00001",
                        "application/x-www-form-urlencoded");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << pattern << " as " << path << ": " << res->body.substr(0, 300);
  }
  // The session still works: nothing above signed the reader out.
  EXPECT_EQ(reader.client.get("/settings")->status, 200);
}

TEST_F(PageAdmissionTest, SignedOutVisitorsAreSentToSignInAndBackToThisSiteOnly) {
  const std::string origin = "http://127.0.0.1:" + std::to_string(server_->port());
  size_t sent_to_sign_in = 0;
  for (const std::string& pattern : form_routes(*server_)) {
    const std::string path = sample_path(pattern, listed_paper());
    httplib::Client raw("127.0.0.1", server_->port());
    // A hostile Referer: the way back must never lead to its host.
    auto hostile = raw.Post(path, {{"Referer", "http://evil.example/papers/1"}}, "",
                            "application/x-www-form-urlencoded");
    ASSERT_TRUE(hostile) << path;
    if (hostile->status == 403) continue;  // a form anyone may send: refused for its token
    ASSERT_EQ(hostile->status, 303) << pattern << ": " << hostile->body.substr(0, 300);
    const std::string next = sign_in_next(hostile);
    ASSERT_FALSE(next.empty()) << pattern << " sent to " << hostile->get_header_value("Location");
    EXPECT_TRUE(next.starts_with("/") && !next.starts_with("//") &&
                next.find('\\') == std::string::npos && next.find("evil") == std::string::npos)
        << pattern << " comes back to " << next;
    ++sent_to_sign_in;
  }
  EXPECT_GE(sent_to_sign_in, 30U);
  // A form on a listing comes back to the listing it was sent from.
  httplib::Client raw("127.0.0.1", server_->port());
  auto from_listing = raw.Post("/papers/" + listed_paper() + "/save",
                               {{"Referer", origin + "/papers/date/2025-10-21?sort=time"}}, "",
                               "application/x-www-form-urlencoded");
  EXPECT_EQ(sign_in_next(from_listing), "/papers/date/2025-10-21?sort=time");
}

TEST_F(PageAdmissionTest, ReaderPagesSendSignedOutVisitorsToSignInAndBackToThePage) {
  for (const std::string path :
       {"/library?tag=reading", "/for-you", "/settings", "/collections", "/searches",
        "/submit?id=2401.00001", "/moderation", "/admin/harvest", "/admin/mail"}) {
    httplib::Client raw("127.0.0.1", server_->port());
    auto res = raw.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(sign_in_next(res), path) << res->get_header_value("Location");
  }
}

TEST_F(PageAdmissionTest, ModeratorAndAdminRoutesRefuseReaders) {
  TestAccount reader = account("Plain Reader");
  for (const std::string path : {"/moderation", "/admin/harvest", "/admin/mail"}) {
    auto res = reader.client.get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << path;
    // How admins are made is the operator's business, not every reader's (issue 36, item 20).
    EXPECT_EQ(res->body.find("paperboy admin"), std::string::npos) << path;
  }
  for (const std::string path : {"/api/admin/harvest", "/api/admin/mail"}) {
    httplib::Client anonymous("127.0.0.1", server_->port());
    auto signed_out = anonymous.Get(path);
    ASSERT_TRUE(signed_out) << path;
    EXPECT_EQ(signed_out->status, 401) << path;
    auto res = reader.client.get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
  }
}

TEST(PageAdmissionSamples, EachParameterKindGetsAValueItMatches) {
  EXPECT_EQ(sample_path("/papers/:id/vote", "2401.00001"), "/papers/2401.00001/vote");
  EXPECT_EQ(sample_path("/comments/:n/edit", "p"), "/comments/1/edit");
  EXPECT_EQ(sample_path(R"(/searches/:id(\d+)/delete)", "p"), "/searches/1/delete");
  EXPECT_EQ(sample_path("/orgs/:name/about", "p"), "/orgs/x/about");
  EXPECT_EQ(sample_path("/collections/:n.:format(atom|bib|ris)", "p"), "/collections/1.atom");
}

}  // namespace
}  // namespace paperboy::testing
