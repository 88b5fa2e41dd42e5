// A server that has no search index yet (a new server over a shared store builds its own first)
// says so (issue 36, item 2): /healthz is alive but "starting", its readiness probe
// (?ready=1) answers 503 with Retry-After, and a search answers 503 with Retry-After and the
// wait, not advice to run a command the operator need not run. Once the index exists, both
// are ready without a restart.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "index/index_writer.h"
#include "ingest/ingest_pipeline.h"
#include "server/paper_server.h"
#include "test_support.h"

namespace paperboy {
namespace {

using nlohmann::json;

TEST(Readiness, AServerWithoutItsIndexSaysItIsStartingUntilTheIndexExists) {
  testing::TempDir dir;
  {
    auto store = open_sqlite_store((dir / "store.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    IngestOptions quiet;
    quiet.show_progress = false;
    IngestPipeline pipeline(**store, quiet);
    ASSERT_TRUE(
        pipeline.ingest_file(testing::sample_data("hf-daily/2025-10-21.json").string()).ok());
  }
  ServerOptions options;
  options.port = 0;
  options.data_dir = dir.path();
  options.log_requests = false;
  PaperServer server(options);
  ASSERT_TRUE(server.bind().ok());
  std::thread serving([&] { (void)server.serve(); });
  httplib::Client client("127.0.0.1", server.port());

  auto alive = client.Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200) << "alive: the process answers";
  json health = json::parse(alive->body);
  EXPECT_EQ(health["status"], "starting");
  EXPECT_EQ(health["indexed"], false);
  EXPECT_FALSE(health.value("detail", "").empty()) << alive->body;

  auto ready = client.Get("/healthz?ready=1");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_EQ(ready->get_header_value("Retry-After"), "10");

  for (const char* path : {"/api/papers/search?q=video", "/search?q=video"}) {
    auto search = client.Get(path);
    ASSERT_TRUE(search) << path;
    EXPECT_EQ(search->status, 503) << path;
    EXPECT_EQ(search->get_header_value("Retry-After"), "10") << path;
    EXPECT_NE(search->body.find("building its search index"), std::string::npos) << search->body;
    EXPECT_EQ(search->body.find("--rebuild"), std::string::npos) << search->body;
  }

  // The index appears (as the server's own catch-up would publish it): ready, no restart.
  {
    auto store = open_sqlite_store((dir / "store.sqlite").string());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(update_lexical_index(**store, dir / "index", {}).ok());
  }
  auto now_ready = client.Get("/healthz?ready=1");
  ASSERT_TRUE(now_ready);
  EXPECT_EQ(now_ready->status, 200) << now_ready->body;
  EXPECT_EQ(json::parse(now_ready->body)["status"], "ok");
  auto search = client.Get("/api/papers/search?q=video");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200) << search->body;

  server.stop();
  serving.join();
}

}  // namespace
}  // namespace paperboy
