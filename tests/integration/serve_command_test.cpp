// `paperboy serve` as a process: it answers on loopback and SIGTERM stops it cleanly.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
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

}  // namespace
}  // namespace paperboy
