// One server for a whole test suite, over a store loaded with four real hub days, an
// old-style arXiv id and a paper whose text is hostile HTML.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/index_writer.h"
#include "ingest/ingest_pipeline.h"
#include "mail/link_signer.h"
#include "server/paper_server.h"
#include "test_postgres.h"
#include "test_support.h"

namespace paperboy::testing {

using nlohmann::json;

class ServerFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    test_store_ = new TestStore(dir_->path());
    ASSERT_EQ(test_store_->error(), "");
    auto store = std::move(test_store_->open()).value();
    IngestOptions quiet;
    quiet.show_progress = false;
    IngestPipeline pipeline(*store, quiet);
    for (const char* day : {"2025-10-21", "2025-10-09", "2025-11-05", "2026-08-18"}) {
      ASSERT_TRUE(
          pipeline.ingest_file(sample_data(std::string("hf-daily/") + day + ".json").string())
              .ok());
    }
    Paper old_style = make_paper("math/0309136", "Old-style id <script>alert(1)</script>");
    old_style.abstract = "An abstract with <script>alert('x')</script> & sheaves.";
    ASSERT_TRUE(store->upsert(std::vector<Paper>{old_style}).ok());
    ASSERT_TRUE(update_lexical_index(*store, *dir_ / "index", {}).ok());

    ServerOptions options;
    options.port = 0;
    options.data_dir = dir_->path();
    options.store = test_store_->location();
    options.log_requests = false;
    // The clock stands on the newest sample day, so submissions land on it and trending's
    // window is the same whatever day the tests run.
    options.clock = [] { return days_since_epoch(Date{2026, 8, 18}) * 86400 + 12 * 3600; };
    options.hub.limits.sign_in = {
        15, 0.0001};  // the rate-limit test exhausts it; others sign in rarely
    options.hub.limits.sign_in_account = {8,
                                          0.0001};  // below the address's, so its test can reach it
    options.hub.limits.sign_up = {1000, 1};         // every test signs up its own users
    options.hub.links = &signer_;                   // private feed links (mail stays off)
    // The sample's papers are months or years old and tests submit freely; the rules have their
    // own tests (SubmissionRulesTest).
    options.hub.submission_rules = {.max_age_days = 0, .per_day = 0};
    server_ = new PaperServer(options);
    ASSERT_TRUE(server_->bind().ok());
    thread_ = new std::thread([] { (void)server_->serve(); });
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete test_store_;
    delete dir_;
  }

  static httplib::Result get(const std::string& path) {
    httplib::Client client("127.0.0.1", server_->port());
    return client.Get(path);
  }
  static json get_json(const std::string& path, int expected_status) {
    auto res = get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return json::parse(res->body);
  }
  // A paper of the fixture's hub days.
  static std::string listed_paper() {
    std::ifstream in(sample_data("hf-daily/2025-10-21.json"));
    return json::parse(in)[0]["paper"]["id"];
  }
  static size_t items_in_file(const std::string& day) {
    std::ifstream in(sample_data("hf-daily/" + day + ".json"));
    return json::parse(in).size();
  }
  static void expect_error(const std::string& path, int status) {
    json body = get_json(path, status);
    EXPECT_TRUE(body.contains("error") && body.contains("detail")) << path << ": " << body.dump();
  }

  inline static LinkSigner signer_{std::string(32, 's')};
  inline static TempDir* dir_ = nullptr;
  inline static TestStore* test_store_ = nullptr;
  inline static PaperServer* server_ = nullptr;
  inline static std::thread* thread_ = nullptr;
};

}  // namespace paperboy::testing
