// Digests through a real SMTP server (aiosmtpd, tests/mail/smtp_sink.py) on 127.0.0.1, sent by
// `paperboy digest --send` as cron would run it. The received messages are parsed by Python's
// email package (tests/mail/check_mail.py) and their headers checked; a kill -9 in the middle of
// a batch, then a rerun, must leave exactly one digest per subscriber at the sink.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "../integration/process.h"
#include "listed_papers.h"
#include "smtp_sink.h"
#include "store/store.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

using testing::SmtpSink;

class MailDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "data";
    fs::create_directories(data_);
    auto store = open_sqlite_store((data_ / "store.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE(
        (*store)->upsert(testing::listed_papers(1, 30, "Sparse attention study", 40, 3)).ok());
    store_ = std::move(*store);
  }

  void subscribe(const std::string& email) {
    auto s = store_->mailing().subscribe(email, 0, 1000);
    ASSERT_TRUE(s.ok()) << s.error().message;
    Subscription active = *s;
    active.status = Subscription::Status::kActive;
    active.send_hour = 0;  // due at any hour the test runs
    active.sections = {"trending"};
    ASSERT_TRUE(store_->mailing().update_subscription(active).ok());
  }

  std::vector<std::string> digest_args(int port) {
    return {"--data",      data_.string(),
            "digest",      "--send",
            "--smtp-url",  fmt::format("smtp://127.0.0.1:{}", port),
            "--smtp-tls",  "none",
            "--mail-from", "digest@paperboy.test",
            "--base-url",  "https://papers.example.org"};
  }

  testing::TempDir dir_;
  fs::path data_;
  std::unique_ptr<Store> store_;
};

TEST_F(MailDeliveryTest, ADigestArrivesOnceWithListHeadersAndBothParts) {
  SmtpSink sink(dir_.path());
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start";
  subscribe("reader@example.org");
  auto first = testing::run_paperboy(digest_args(sink.port()), dir_.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("1 digests queued"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("1 sent"), std::string::npos) << first.out;

  auto messages = sink.parsed(dir_.path());
  ASSERT_EQ(messages.size(), 1u);
  const auto& m = messages[0];
  EXPECT_EQ(m["To"], "reader@example.org");
  EXPECT_EQ(m["X-Envelope-To"], "reader@example.org");
  EXPECT_EQ(m["content_type"], "multipart/alternative");
  // The subject's dash is not ASCII: it travelled RFC 2047-encoded and decodes back.
  EXPECT_NE(m["Subject"].get<std::string>().find("paperboy — 8 papers for "), std::string::npos)
      << m["Subject"];
  EXPECT_NE(m["Message-ID"].get<std::string>().find("@paperboy.test>"), std::string::npos);
  EXPECT_FALSE(m["Date"].is_null());
  EXPECT_EQ(m["List-Id"], "paperboy digest <digest.paperboy.test>");
  const std::string unsubscribe = m["List-Unsubscribe"];
  EXPECT_NE(unsubscribe.find("<https://papers.example.org/unsubscribe?token=manage."),
            std::string::npos)
      << unsubscribe;
  EXPECT_NE(unsubscribe.find("<mailto:digest@paperboy.test?subject=unsubscribe"), std::string::npos)
      << unsubscribe;
  EXPECT_EQ(m["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  std::string text = m["parts"]["text/plain"];
  const std::string html = m["parts"]["text/html"];
  std::erase(text, '\r');
  // Paper 3 is the newest (hub day 2024-10-21) with the most votes of that day: trending's first.
  const size_t first_paper = text.find("* Sparse attention study 3\n");
  EXPECT_NE(first_paper, std::string::npos) << text;
  EXPECT_NE(text.find("O(ε^{-4})", first_paper), std::string::npos)
      << "LaTeX shown as readable text";
  EXPECT_NE(html.find("<a class=\"pb-link\" href=\"https://papers.example.org/papers/2410.00003\""),
            std::string::npos)
      << html;

  // Run again the same day: the period is done, nothing more is sent.
  auto second = testing::run_paperboy(digest_args(sink.port()), dir_.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 digests queued"), std::string::npos) << second.out;
  EXPECT_EQ(sink.received(), 1u);
}

// An operator's test send: --due-now composes for a subscriber whose send hour has not come
// (issue 36, item 8), still once per period.
TEST_F(MailDeliveryTest, DueNowSendsToASubscriberBeforeTheirHour) {
  SmtpSink sink(dir_.path());
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start";
  subscribe("early@example.org");
  auto s = store_->mailing().subscription_by_email("early@example.org");
  ASSERT_TRUE(s.ok() && s->has_value());
  Subscription early = **s;
  // Their clock stands in the first minutes after midnight, their digest at 23:00.
  early.utc_offset_minutes = -static_cast<int>((std::time(nullptr) % 86400) / 60);
  early.send_hour = 23;
  ASSERT_TRUE(store_->mailing().update_subscription(early).ok());

  auto waiting = testing::run_paperboy(digest_args(sink.port()), dir_.path());
  ASSERT_EQ(waiting.exit_code, 0) << waiting.err;
  EXPECT_NE(waiting.out.find("0 digests queued"), std::string::npos) << waiting.out;
  EXPECT_NE(waiting.out.find("1 not due yet"), std::string::npos) << waiting.out;

  auto args = digest_args(sink.port());
  args.push_back("--due-now");
  auto now = testing::run_paperboy(args, dir_.path());
  ASSERT_EQ(now.exit_code, 0) << now.err;
  EXPECT_NE(now.out.find("1 digests queued"), std::string::npos) << now.out;
  EXPECT_EQ(sink.received(), 1u);
  auto again = testing::run_paperboy(args, dir_.path());
  EXPECT_NE(again.out.find("0 digests queued"), std::string::npos) << again.out;
  EXPECT_EQ(sink.received(), 1u);
}

TEST_F(MailDeliveryTest, KillNineInTheMiddleOfABatchThenRerunGivesEverySubscriberExactlyOneDigest) {
  constexpr int kSubscribers = 12;
  for (int i = 1; i <= kSubscribers; ++i) subscribe(fmt::format("reader{}@example.org", i));
  SmtpSink sink(dir_.path(), 0.25);  // each message waits in RCPT: the kill lands mid-conversation
  ASSERT_GT(sink.port(), 0);
  pid_t pid = testing::spawn_paperboy(digest_args(sink.port()), dir_.path());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (sink.received() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(120));  // into the next message's RCPT
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const size_t before = sink.received();
  ASSERT_GE(before, 3u);
  ASSERT_LT(before, static_cast<size_t>(kSubscribers)) << "the batch finished before the kill";

  auto rerun = testing::run_paperboy(digest_args(sink.port()), dir_.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  std::map<std::string, int> per_recipient;
  for (const auto& m : sink.parsed(dir_.path())) ++per_recipient[m["To"].get<std::string>()];
  ASSERT_EQ(per_recipient.size(), static_cast<size_t>(kSubscribers));
  for (const auto& [to, count] : per_recipient) EXPECT_EQ(count, 1) << to;
}

// Issue 32.16: two crons at once (or a cron beside a mailing server) take turns with the job
// locks a server takes, so each subscriber gets one digest, not two.
TEST_F(MailDeliveryTest, TwoDigestRunsAtOnceSendEachDigestOnce) {
  constexpr int kSubscribers = 6;
  for (int i = 1; i <= kSubscribers; ++i) subscribe(fmt::format("twice{}@example.org", i));
  SmtpSink sink(dir_.path(), 0.1);  // slow enough that both runs overlap
  ASSERT_GT(sink.port(), 0);
  pid_t first = testing::spawn_paperboy(digest_args(sink.port()), dir_.path());
  pid_t second = testing::spawn_paperboy(digest_args(sink.port()), dir_.path());
  int first_status = 0, second_status = 0;
  waitpid(first, &first_status, 0);
  waitpid(second, &second_status, 0);
  EXPECT_TRUE(WIFEXITED(first_status) && WEXITSTATUS(first_status) == 0);
  EXPECT_TRUE(WIFEXITED(second_status) && WEXITSTATUS(second_status) == 0);
  std::map<std::string, int> per_recipient;
  for (const auto& m : sink.parsed(dir_.path())) ++per_recipient[m["To"].get<std::string>()];
  ASSERT_EQ(per_recipient.size(), static_cast<size_t>(kSubscribers));
  for (const auto& [to, count] : per_recipient) EXPECT_EQ(count, 1) << to;
}

}  // namespace
}  // namespace paperboy
