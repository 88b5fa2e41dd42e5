// The whole mail loop as a reader meets it, against `paperboy serve --mail` and a real SMTP
// server (aiosmtpd) on 127.0.0.1: subscribe on the front page → the confirmation mail → its
// link → the digest with the expected papers; the digest's one-click unsubscribe (a bare POST,
// as mail clients make it) → no further mail. Every message is parsed by Python's email
// package, and the digest's HTML part is opened in headless Chromium, light and dark, with a
// screenshot of each kept in build/screenshots.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "../integration/process.h"
#include "../server/hub_client.h"
#include "listed_papers.h"
#include "smtp_sink.h"
#include "store/store.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kBase = "https://papers.example.org";

// The path and query of the first link in `text` that starts with kBase + `path`.
std::string link_in(const std::string& text, const std::string& path) {
  std::smatch m;
  const std::regex pattern(
      std::regex_replace(std::string(kBase) + path, std::regex(R"([.?])"), R"(\$&)") +
      R"([^\s">]*)");
  if (!std::regex_search(text, m, pattern)) return "";
  return m.str().substr(std::string(kBase).size());
}

class ServeMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "data";
    fs::create_directories(data_);
    auto store = testing::open_data_dir_store(data_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->upsert(testing::listed_papers(1, 12, "Sparse attention study", 40)).ok());
    store_ = std::move(*store);
  }
  void TearDown() override {
    if (server_ > 0) {
      kill(server_, SIGTERM);
      testing::wait_for(server_, dir_.path());
    }
  }

  // Starts the server on a free port; its port, or 0.
  int start_server(int smtp_port) {
    server_ = testing::spawn_paperboy(
        {"--data", data_.string(), "serve", "--listen", "127.0.0.1:0", "-q", "--mail", "--smtp-url",
         fmt::format("smtp://127.0.0.1:{}", smtp_port), "--smtp-tls", "none", "--mail-from",
         "digest@paperboy.test", "--base-url", kBase, "--digest-check", "1", "--send-check", "1"},
        dir_.path());
    std::smatch m;
    for (int i = 0; i < 200; ++i) {
      const std::string err = testing::read_file(dir_ / "stderr");
      if (std::regex_search(err, m, std::regex(R"(on http://127\.0\.0\.1:(\d+)/)")))
        return std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  testing::TempDir dir_;
  fs::path data_;
  std::unique_ptr<Store> store_;
  pid_t server_ = -1;
};

TEST_F(ServeMailTest, SubscribeConfirmDigestThenOneClickUnsubscribe) {
  testing::SmtpSink sink(dir_.path());
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start";
  const int port = start_server(sink.port());
  ASSERT_GT(port, 0) << testing::read_file(dir_ / "stderr");
  testing::HubClient browser(port);

  // 1. The front page's form.
  auto subscribed = browser.post_form("/", "/subscribe", {{"email", "reader@example.org"}});
  ASSERT_TRUE(subscribed);
  ASSERT_EQ(subscribed->status, 200) << subscribed->body;

  // 2. The confirmation mail arrives (the server sends it at once, not at the next round).
  ASSERT_TRUE(sink.wait_for(1, 20)) << testing::read_file(dir_ / "stderr");
  auto messages = sink.parsed(dir_.path());
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["To"], "reader@example.org");
  const std::string confirm =
      link_in(messages[0]["parts"]["text/plain"], "/subscribe/confirm?token=");
  ASSERT_FALSE(confirm.empty()) << messages[0]["parts"]["text/plain"];

  // 3. The link shows a button; pressing it confirms and opens the preferences.
  httplib::Client client("127.0.0.1", port);
  auto shown = client.Get(confirm);
  ASSERT_EQ(shown->status, 200);
  auto confirmed = client.Post(confirm, "", "application/x-www-form-urlencoded");
  ASSERT_EQ(confirmed->status, 303);
  const std::string preferences = confirmed->get_header_value("Location");
  ASSERT_TRUE(preferences.starts_with("/subscription?token=")) << preferences;
  // Send hour 00:00 UTC: the digest is due whenever the test runs.
  auto saved = client.Post(preferences, "frequency=daily&hour=0&utc_offset=0&section=trending",
                           "application/x-www-form-urlencoded");
  ASSERT_EQ(saved->status, 200) << saved->body;

  // 4. The digest, with the papers trending ranks first.
  ASSERT_TRUE(sink.wait_for(2, 30)) << testing::read_file(dir_ / "stderr");
  messages = sink.parsed(dir_.path());
  ASSERT_EQ(messages.size(), 2u);
  const json& digest =
      messages[0]["Subject"].get<std::string>().find("Confirm") != std::string::npos ? messages[1]
                                                                                     : messages[0];
  EXPECT_EQ(digest["To"], "reader@example.org");
  EXPECT_EQ(digest["content_type"], "multipart/alternative");
  EXPECT_EQ(digest["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  std::string text = digest["parts"]["text/plain"];
  std::erase(text, '\r');
  for (int i = 1; i <= 8; ++i) {
    EXPECT_NE(text.find(fmt::format("* Sparse attention study {}\n", i)), std::string::npos)
        << i << "\n"
        << text;
  }
  EXPECT_EQ(text.find("* Sparse attention study 9\n"), std::string::npos)
      << "eight papers a section";

  // 5. The HTML part in Chromium, light and dark.
  const fs::path html = dir_ / "digest.html";
  testing::write_file(html, digest["parts"]["text/html"].get<std::string>());
  const fs::path shots = PAPERBOY_BINARY_DIR "/screenshots";
  fs::create_directories(shots);
  const int shot = std::system(
      fmt::format("node {}/tests/browser/mail_screenshot.mjs {} {}/digest-mail > {} 2>&1",
                  PAPERBOY_SOURCE_DIR, html.string(), shots.string(),
                  (dir_ / "screenshot.log").string())
          .c_str());
  EXPECT_EQ(shot, 0) << testing::read_file(dir_ / "screenshot.log");
  EXPECT_GT(fs::file_size(shots / "digest-mail-dark.png"), 10'000u);

  // 6. One-click unsubscribe from the List-Unsubscribe header: a bare POST, no cookies.
  std::smatch m;
  const std::string header = digest["List-Unsubscribe"];
  ASSERT_TRUE(std::regex_search(
      header, m, std::regex(R"(<https://papers\.example\.org(/unsubscribe\?token=[^>]+)>)")))
      << header;
  auto gone =
      client.Post(m[1].str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  ASSERT_EQ(gone->status, 200);

  // 7. New papers, and the period reset as a new day would: a control subscriber gets them, the
  // address that unsubscribed gets nothing over several rounds.
  auto s = store_->mailing().subscription_by_email("reader@example.org");
  ASSERT_TRUE(s.ok() && s->has_value()) << (s.ok() ? "no subscription" : s.error().message);
  EXPECT_EQ((**s).status, Subscription::Status::kUnsubscribed);
  ASSERT_TRUE(store_->upsert(testing::listed_papers(13, 15, "Dense retrieval study", 90)).ok());
  auto reset = testing::exec_in_data_dir_store(data_, "UPDATE subscriptions SET last_period = ''");
  ASSERT_TRUE(reset.ok()) << reset.message();
  auto control = store_->mailing().subscribe("control@example.org", 0, 1000);
  ASSERT_TRUE(control.ok());
  control->status = Subscription::Status::kActive;
  control->send_hour = 0;
  control->sections = {"trending"};
  ASSERT_TRUE(store_->mailing().update_subscription(*control).ok());

  ASSERT_TRUE(sink.wait_for(3, 30)) << "the control subscriber got no digest";
  std::this_thread::sleep_for(std::chrono::seconds(3));  // several more rounds
  messages = sink.parsed(dir_.path());
  ASSERT_EQ(messages.size(), 3u);
  int to_reader = 0;
  for (const auto& message : messages) to_reader += message["To"] == "reader@example.org";
  EXPECT_EQ(to_reader, 2) << "the confirmation and one digest, nothing after unsubscribing";
}

}  // namespace
}  // namespace paperboy
