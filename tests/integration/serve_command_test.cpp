// `paperboy serve` as a process: it answers on loopback and SIGTERM stops it cleanly; started
// while its PostgreSQL store is unreachable, it waits for it instead of exiting.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "process.h"

namespace paperboy {
namespace {

TEST(ServeCommand, AnswersOnLoopbackAndStopsCleanlyOnSigterm) {
  testing::TempDir dir;
  std::string data = (dir / "data").string();
  ASSERT_EQ(testing::run_paperboy({"--data", data, "ingest", "-q",
                                   testing::sample_data("hf-daily/2025-10-21.json").string()},
                                  dir.path())
                .exit_code,
            0);
  int port = 20000 + getpid() % 20000;
  pid_t pid =
      testing::spawn_paperboy({"--data", data, "serve", "--listen",
                               "127.0.0.1:" + std::to_string(port), "--trusted-proxy", "127.0.0.1"},
                              dir.path());
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/healthz");
  for (int i = 0; i < 200 && !res; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    res = client.Get("/healthz");
  }
  ASSERT_TRUE(res) << "the server did not come up";
  EXPECT_EQ(res->status, 200);
  auto daily = client.Get("/api/daily_papers?date=2025-10-21&limit=2");
  ASSERT_TRUE(daily);
  EXPECT_EQ(daily->status, 200);
  // Through the trusted balancer: the log names the reader it forwarded (issue 36, item 8).
  auto forwarded = client.Get("/api/papers/2510.17681", {{"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_TRUE(forwarded);

  kill(pid, SIGTERM);
  auto stopped = testing::wait_for(pid, dir.path());
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_NE(stopped.err.find("SIGTERM received"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("GET /api/daily_papers 200"), std::string::npos)
      << "requests are logged";
  EXPECT_NE(stopped.err.find("198.51.100.7 GET /api/papers/2510.17681"), std::string::npos)
      << stopped.err;
  EXPECT_FALSE(client.Get("/healthz")) << "nothing listens any more";
}

TEST(ServeCommand, RefusesABadListenAddress) {
  testing::TempDir dir;
  auto result = testing::run_paperboy(
      {"--data", (dir / "data").string(), "serve", "--listen", "127.0.0.1:http"}, dir.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("--listen"), std::string::npos) << result.err;
}

// Issue 36, item 7: a server started while its database is down retries with a growing pause,
// saying why (its first line blames the store, not a missing model), and serves once the
// database answers. The "database" appears when a socket link is made in the directory the
// URI names, pointing at the test PostgreSQL's socket.
TEST(ServeCommand, WaitsForItsPostgresStoreInsteadOfExiting) {
  std::string why;
  auto schema = testing::PostgresSchema::create(why);
  if (!schema) {
    if (testing::postgres_required()) FAIL() << why;
    GTEST_SKIP() << why;
  }
  const std::string uri = schema->uri();
  const size_t host = uri.find("host=");
  ASSERT_NE(host, std::string::npos) << "the test server is reached through a socket directory";
  const size_t host_end = uri.find('&', host);
  const std::string socket_dir = uri.substr(host + 5, host_end - host - 5);
  testing::TempDir dir;
  const std::filesystem::path later = dir / "socket-later";
  std::filesystem::create_directories(later);
  const std::string unreachable = uri.substr(0, host + 5) + later.string() + uri.substr(host_end);

  int port = 20000 + (getpid() + 7) % 20000;
  pid_t pid = testing::spawn_paperboy({"--data", (dir / "data").string(), "--store", unreachable,
                                       "serve", "--listen", "127.0.0.1:" + std::to_string(port)},
                                      dir.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0) << "exited: " << testing::read_file(dir / "stderr");
  const std::string waiting = testing::read_file(dir / "stderr");
  EXPECT_EQ(waiting.rfind("paperboy: the store is not reachable (postgresql: cannot connect", 0), 0)
      << waiting;
  EXPECT_NE(waiting.find("trying again in 2 s"), std::string::npos) << waiting;
  EXPECT_EQ(waiting.find("model"), std::string::npos) << waiting;

  std::filesystem::create_symlink(std::filesystem::path(socket_dir) / ".s.PGSQL.5432",
                                  later / ".s.PGSQL.5432");
  httplib::Client client("127.0.0.1", port);
  EXPECT_TRUE(testing::wait_until([&] { return static_cast<bool>(client.Get("/healthz")); },
                                  std::chrono::seconds(30)))
      << testing::read_file(dir / "stderr");
  kill(pid, SIGTERM);
  auto stopped = testing::wait_for(pid, dir.path());
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

// Issue 36, item 7, rolling upgrades: a server restarted on its old binary after a newer one
// migrated the store refuses to start, at once and saying why (no retry loop, no damage), so the
// operator upgrades every binary before restarting any (README, "Upgrades").
TEST(ServeCommand, AnOldBinaryRefusesANewerSchemaAndSaysWhy) {
  testing::TempDir dir;
  const auto data = dir / "data";
  ASSERT_EQ(testing::run_paperboy({"--data", data.string(), "stats"}, dir.path()).exit_code, 0);
  ASSERT_TRUE(
      testing::exec_in_data_dir_store(
          data, "INSERT INTO schema_version(version) SELECT max(version) + 1 FROM schema_version")
          .ok());
  const auto started = std::chrono::steady_clock::now();
  auto refused =
      testing::run_paperboy({"--data", data.string(), "serve", "--listen",
                             "127.0.0.1:" + std::to_string(20000 + (getpid() + 11) % 20000)},
                            dir.path());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("use a newer paperboy"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("trying again"), std::string::npos) << refused.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
}

}  // namespace
}  // namespace paperboy
