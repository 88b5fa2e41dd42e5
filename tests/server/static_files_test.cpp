// Static files come only from below their mount, whatever the client puts in the path: the
// property over many hostile paths for the router, and the attacks of the issue against the
// real server over raw sockets (an HTTP library would clean up the paths before sending).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "raw_client.h"
#include "server/http/http_router.h"
#include "server_fixture.h"
#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// True when `inside` is `root` or below it, both as real paths.
bool is_below(const fs::path& root, const fs::path& inside) {
  auto [root_end, at] = std::mismatch(root.begin(), root.end(), inside.begin(), inside.end());
  return root_end == root.end();
}

class StaticMountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_ = dir_.path() / "web" / "static";
    write_file(mount_ / "style.css", "body{}");
    write_file(mount_ / "fonts" / "a.woff2", "font");
    write_file(dir_.path() / "web" / "secret.txt", "SECRET beside the mount");
    fs::create_symlink("/etc/passwd", mount_ / "passwd.css");
    fs::create_symlink(dir_.path() / "web", mount_ / "up");
    fs::create_symlink(mount_ / "fonts", mount_ / "fonts-again");  // inside the tree: allowed
    router_.mount("/static", mount_, {});
    router_.fallback([](const ServerRequest&, ServerResponse& res) { res.status = 404; });
  }

  // What the router answers for a decoded path, and the file it read if it served one.
  std::pair<std::string, std::string> answer(const std::string& decoded_path) {
    ServerRequest req;
    req.method = "GET";
    req.path = decoded_path;
    ServerResponse res;
    std::string route = router_.dispatch(req, res);
    return {route, res.body};
  }

  testing::TempDir dir_;
  fs::path mount_;
  HttpRouter router_;
};

TEST_F(StaticMountTest, ServesFilesBelowTheMountAndLinksThatStayInside) {
  EXPECT_EQ(answer("/static/style.css"),
            std::make_pair(std::string("static"), std::string("body{}")));
  EXPECT_EQ(answer("/static/fonts/a.woff2").second, "font");
  EXPECT_EQ(answer("/static/fonts-again/a.woff2").second, "font");
}

TEST_F(StaticMountTest, RefusesEveryWayOutOfTheMount) {
  for (std::string path :
       {"/static//etc/passwd", "/static/../secret.txt", "/static/fonts/../../secret.txt",
        "/static/./style.css", "/static/passwd.css", "/static/up/secret.txt",
        "/static/..\\secret.txt", "/static/fonts\\..\\..\\secret.txt", "/static/fonts//a.woff2",
        "/static/", "/static", "/static/fonts", "/static/style.css/"}) {
    EXPECT_NE(answer(path).first, "static") << path;
  }
  std::string with_nul = "/static/style.css";
  with_nul.insert(with_nul.size() - 4, 1, '\0');
  EXPECT_NE(answer(with_nul).first, "static");
  EXPECT_NE(answer("/static/style.css\n").first, "static");
}

// The property: whatever path is asked, a served answer is the content of a file whose real
// path lies below the mount's real path.
TEST_F(StaticMountTest, EveryServedFileLiesBelowTheMountForRandomHostilePaths) {
  const std::vector<std::string> pieces = {"..",         ".",          "",
                                           "/",          "\\",         std::string(1, '\0'),
                                           "etc",        "passwd",     "style.css",
                                           "fonts",      "a.woff2",    "up",
                                           "secret.txt", "passwd.css", "fonts-again",
                                           "%2e%2e",     "~",          "\t",
                                           "web",        "static"};
  std::map<std::string, std::string> inside;  // content -> file, for every file under the mount
  for (const auto& entry : fs::recursive_directory_iterator(mount_)) {
    if (entry.is_regular_file() && !entry.is_symlink()) {
      std::ifstream in(entry.path());
      inside[std::string(std::istreambuf_iterator<char>(in), {})] = entry.path();
    }
  }
  std::mt19937 random(20261206);
  size_t served = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string path = "/static/";
    const int n = 1 + int(random() % 6);
    for (int j = 0; j < n; ++j) {
      path += pieces[random() % pieces.size()];
      if (random() % 2) path += "/";
    }
    auto [route, body] = answer(path);
    if (route != "static") continue;
    ++served;
    ASSERT_TRUE(inside.count(body))
        << "served something that is not a file under the mount for " << path;
    ASSERT_TRUE(is_below(fs::canonical(mount_), fs::canonical(inside[body]))) << path;
  }
  EXPECT_GT(served, 0u);  // the generator reaches real files too, so the property is not vacuous
}

// The attacks against the real server: 404 for each, and the file's text nowhere.
using StaticAttackTest = testing::ServerFixture;

TEST_F(StaticAttackTest, TraversalOutOfEitherMountIsNotFound) {
  const std::string passwd_line = "root:x:0:0";
  for (std::string target :
       {"/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/katex//etc/passwd",
        "/static/katex/%2Fetc%2Fpasswd", "/static/katex/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/..%5C..%5Cetc%5Cpasswd", "/static/paperboy.css%00.png",
        "/static//proc/self/environ", "/static/%2fproc%2fself%2fcmdline",
        "/static/../templates/layout.tpl"}) {
    std::string answer = raw_exchange(
        server_->port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_of(answer), 404) << target << "\n" << answer.substr(0, 300);
    EXPECT_EQ(answer.find(passwd_line), std::string::npos) << target;
  }
  // A real file below the mount is still served.
  std::string css = raw_exchange(
      server_->port(), "GET /static/paperboy.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(css), 200) << css.substr(0, 300);
}

}  // namespace
}  // namespace paperboy
