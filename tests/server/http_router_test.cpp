// Which route answers a path: the most specific, whatever order routes were registered in.
// Paper ids may hold a slash (astro-ph/0601001), so `:id` patterns are `(.+)` and would swallow
// `/api/papers/X/comments` if they were tried first.
#include "server/http/http_router.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "server_fixture.h"

namespace paperboy {
namespace {

TEST(HttpRouterTest, TheMostSpecificRouteAnswersWhateverTheOrderOfRegistration) {
  HttpRouter router;
  auto nothing = [](const ServerRequest&, ServerResponse&) {};
  router.fallback(nothing);
  router.add("GET", "/api/papers/:id", nothing);
  router.add("GET", "/papers/:id", nothing);
  router.add("GET", "/api/papers/:id/comments", nothing);
  router.add("POST", "/api/papers/:id/comments", nothing);
  router.add("GET", "/api/papers/search", nothing);
  router.add("GET", "/papers/:id.md", nothing);
  router.add("GET", R"(/papers/date/:day(\d{4}-\d{2}-\d{2}))", nothing);

  EXPECT_EQ(router.route_for("GET", "/api/papers/search"), "/api/papers/search");
  EXPECT_EQ(router.route_for("GET", "/api/papers/2410.14649"), "/api/papers/:id");
  EXPECT_EQ(router.route_for("GET", "/api/papers/2410.14649/comments"), "/api/papers/:id/comments");
  EXPECT_EQ(router.route_for("GET", "/api/papers/astro-ph/0601001/comments"),
            "/api/papers/:id/comments");
  EXPECT_EQ(router.route_for("POST", "/api/papers/2410.14649/comments"),
            "POST /api/papers/:id/comments");
  EXPECT_EQ(router.route_for("HEAD", "/api/papers/2410.14649/comments"),
            "/api/papers/:id/comments");
  EXPECT_EQ(router.route_for("GET", "/papers/2410.14649.md"), "/papers/:id.md");
  EXPECT_EQ(router.route_for("GET", "/papers/date/2024-10-21"), "/papers/date/:day");
  EXPECT_EQ(router.route_for("GET", "/papers/date/2024-1-21"), "/papers/:id");
  EXPECT_EQ(router.route_for("GET", "/papers/astro-ph/0601001"), "/papers/:id");
  EXPECT_EQ(router.route_for("GET", "/somewhere/else"), "not found");
  EXPECT_EQ(router.route_for("DELETE", "/api/papers/2410.14649"), "unmatched");
  EXPECT_EQ(router.route_for("POST", "/somewhere/else"), "unmatched");
}

// What each kind of parameter takes, and what reaches the handler.
TEST(HttpRouterTest, ParametersMatchTheirKindAndReachTheHandlerInOrder) {
  HttpRouter router;
  std::vector<std::string> seen;
  auto keep = [&seen](const ServerRequest& req, ServerResponse&) { seen = req.path_params; };
  router.add("DELETE", "/api/collections/:n/items/:id", keep);
  router.add("GET", "/u/:handle", keep);
  router.add("GET", "/export/papers/:id.:format(bib|ris)", keep);
  auto answer = [&router](const std::string& method, const std::string& path) {
    ServerRequest req;
    req.method = method;
    req.path = path;
    ServerResponse res;
    return router.dispatch(req, res);
  };

  EXPECT_EQ(answer("DELETE", "/api/collections/12/items/hep-th/9901001"),
            "DELETE /api/collections/:n/items/:id");
  EXPECT_EQ(seen, (std::vector<std::string>{"12", "hep-th/9901001"}));
  EXPECT_EQ(answer("DELETE", "/api/collections/x12/items/2401.00001"), "unmatched");  // :n digits

  EXPECT_EQ(answer("GET", "/u/ada"), "/u/:handle");
  EXPECT_EQ(seen, (std::vector<std::string>{"ada"}));
  EXPECT_EQ(answer("GET", "/u/ada/more"), "unmatched");  // one segment
  EXPECT_EQ(answer("GET", "/u/"), "unmatched");          // and never an empty one

  EXPECT_EQ(answer("GET", "/export/papers/2401.00001v2.bib"), "/export/papers/:id.:format");
  EXPECT_EQ(seen, (std::vector<std::string>{"2401.00001v2", "bib"}));
  EXPECT_EQ(answer("GET", "/export/papers/2401.00001.pdf"), "unmatched");
}

// '.' and other characters special to regular expressions are themselves in a pattern.
TEST(HttpRouterTest, EverythingButParametersIsLiteral) {
  HttpRouter router;
  router.add("GET", "/feeds/daily.atom", [](const ServerRequest&, ServerResponse&) {});
  EXPECT_EQ(router.route_for("GET", "/feeds/daily.atom"), "/feeds/daily.atom");
  EXPECT_EQ(router.route_for("GET", "/feeds/dailyXatom"), "unmatched");
}

// The longest path the engine lets through (its headers are capped at 16 KiB) is matched in
// bounded work: a paper id never ends with '/', so "/papers/ID/" is left to the fallback.
TEST(HttpRouterTest, LongPathsAndTrailingSlashesAreMatchedWithinBounds) {
  HttpRouter router;
  auto nothing = [](const ServerRequest&, ServerResponse&) {};
  router.add("GET", "/papers/:id", nothing);
  router.add("POST", "/papers/:id/vote", nothing);
  const std::string id(15000, 'a');
  std::string slashes;
  for (int i = 0; i < 7000; ++i) slashes += "a/";
  EXPECT_EQ(router.route_for("GET", "/papers/" + id), "/papers/:id");
  EXPECT_EQ(router.route_for("POST", "/papers/" + id + "/vote"), "POST /papers/:id/vote");
  EXPECT_EQ(router.route_for("GET", "/papers/" + slashes + "x"), "/papers/:id");
  EXPECT_EQ(router.route_for("GET", "/papers/" + id + "/"), "unmatched");
  EXPECT_EQ(router.route_for("GET", "/papers/math/0309136"), "/papers/:id");
}

TEST(HttpRouterTest, APatternThatCannotWorkIsRefusedAtRegistration) {
  HttpRouter router;
  auto nothing = [](const ServerRequest&, ServerResponse&) {};
  EXPECT_THROW(router.add("GET", "/papers/:day(\\d{4}", nothing), std::invalid_argument);
  // A group inside a parameter would shift every parameter after it.
  EXPECT_THROW(router.add("GET", "/x/:a((b)c)/:d", nothing), std::invalid_argument);
  EXPECT_THROW(router.add("BREW", "/coffee", nothing), std::invalid_argument);
  EXPECT_NO_THROW(router.add("GET", "/x/:a((?:b)c)/:d", nothing));
}

// The server's own table: each path reaches the route meant for it, the catch-all last.
using ServerRoutesTest = testing::ServerFixture;

TEST_F(ServerRoutesTest, EachPathReachesItsOwnRoute) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"GET", "/api/papers/search", "/api/papers/search"},
      {"GET", "/api/papers/2410.14649", "/api/papers/:id"},
      {"GET", "/api/papers/astro-ph/0601001", "/api/papers/:id"},
      {"GET", "/api/papers/2410.14649/similar", "/api/papers/:id/similar"},
      {"POST", "/api/papers/2410.14649/vote", "POST /api/papers/:id/vote"},
      {"DELETE", "/api/papers/2410.14649/vote", "DELETE /api/papers/:id/vote"},
      {"GET", "/papers/2410.14649", "/papers/:id"},
      {"GET", "/papers/2410.14649.md", "/papers/:id.md"},
      {"POST", "/papers/astro-ph/0601001/save", "POST /papers/:id/save"},
      {"GET", "/papers/date/2024-10-21", "/papers/date/:day"},
      {"GET", "/papers/week/2024-W43", "/papers/week/:week"},
      {"GET", "/papers/date/yesterday", "/papers/:view/:bad"},
      {"GET", "/export/papers/2410.14649.bib", "/export/papers/:id.:format"},
      {"GET", "/feeds/authors/Ada%20Lovelace.atom", "/feeds/authors/:name.atom"},
      {"POST", "/searches/3/delete", "POST /searches/:id/delete"},
      {"GET", "/no/such/page", "not found"},
  };
  for (const auto& [method, path, route] : cases)
    EXPECT_EQ(server_->route_for(method, path), route) << method << " " << path;
}

}  // namespace
}  // namespace paperboy
