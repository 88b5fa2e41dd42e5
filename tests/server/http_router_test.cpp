// Which route answers a path: the most specific, whatever order routes were registered in.
// Paper ids may hold a slash (astro-ph/0601001), so `:id` patterns are `(.+)` and would swallow
// `/api/papers/X/comments` if they were tried first.
#include "server/http/http_router.h"

#include <gtest/gtest.h>

#include "server_fixture.h"

namespace paperboy {
namespace {

TEST(HttpRouterTest, TheMostSpecificRouteAnswersWhateverTheOrderOfRegistration) {
  HttpRouter router;
  auto nothing = [](const httplib::Request&, httplib::Response&) {};
  router.add("GET", "not found", R"((/.*))", nothing);
  router.add("GET", "/api/papers/:id", R"((/api/papers/(.+)))", nothing);
  router.add("GET", "/papers/:id", R"((/papers/(.+)))", nothing);
  router.add("GET", "/api/papers/:id/comments", R"((/api/papers/(.+)/comments))", nothing);
  router.add("POST", "POST /api/papers/:id/comments", R"((/api/papers/(.+)/comments))", nothing);
  router.add("GET", "/api/papers/search", "/api/papers/search", nothing);
  router.add("GET", "/papers/:id.md", R"((/papers/(.+)\.md))", nothing);
  router.add("GET", "/papers/date/:day", R"(/papers/date/(\d{4}-\d{2}-\d{2}))", nothing);

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
  EXPECT_EQ(router.route_for("GET", "/papers/astro-ph/0601001"), "/papers/:id");
  EXPECT_EQ(router.route_for("GET", "/somewhere/else"), "not found");
  EXPECT_EQ(router.route_for("DELETE", "/api/papers/2410.14649"), "unmatched");
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
      {"GET", "/export/papers/2410.14649.bib", "/export/papers/:id"},
      {"GET", "/feeds/authors/Ada%20Lovelace.atom", "/feeds/authors/:name"},
      {"POST", "/searches/3/delete", "POST /searches/:id/delete"},
      {"GET", "/no/such/page", "not found"},
  };
  for (const auto& [method, path, route] : cases)
    EXPECT_EQ(server_->route_for(method, path), route) << method << " " << path;
}

}  // namespace
}  // namespace paperboy
