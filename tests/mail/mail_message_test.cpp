// The mail pieces without a network: address checks, header encoding and injection, signed
// links, the outbox's retry and rate rules (a scripted transport), and the digest planner's
// once-per-period and never-the-same-paper-twice rules on a real store.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "mail/digest_planner.h"
#include "mail/mail_address.h"
#include "mail/mime_message.h"
#include "mail/outbox_sender.h"
#include "store/store_copy.h"
#include "store/table_rows.h"
#include "test_support.h"

namespace paperboy {
namespace {

std::string decode_words(const std::string& header) {
  // Joins the =?UTF-8?B?…?= words back into text (the test's own decoder).
  std::string out;
  size_t at = 0;
  while ((at = header.find("=?UTF-8?B?", at)) != std::string::npos) {
    const size_t end = header.find("?=", at + 10);
    const std::string b64 = header.substr(at + 10, end - at - 10);
    std::string bytes(b64.size(), '\0');
    size_t length = 0;
    sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), b64.c_str(),
                      b64.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL);
    out += bytes.substr(0, length);
    at = end + 2;
  }
  return out;
}

TEST(MailAddress, AcceptsRealAddressesAndLowerCasesThem) {
  EXPECT_EQ(*parse_mail_address("  Ada.Lovelace+papers@Example.ORG "),
            "ada.lovelace+papers@example.org");
  EXPECT_EQ(*parse_mail_address("o'brien@sub.example.co.uk"), "o'brien@sub.example.co.uk");
  EXPECT_EQ(mail_domain("ada@example.org"), "example.org");
}

TEST(MailAddress, RefusesWhatIsNotAnAddressAndSaysWhy) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"ada.example.org", "no @"}, Case{"ada@localhost", "no dot"},
        Case{"ada@exa_mple.org", "not a host name"}, Case{".ada@example.org", "before @"},
        Case{"a..b@example.org", "before @"}, Case{"Ada <ada@example.org>", "before @"},
        Case{"ada@example.org\r\nBcc: victim@example.org", "control character"},
        Case{"ada@example.org\n", "control character"}, Case{"adé@example.org", "non-ASCII"}}) {
    auto parsed = parse_mail_address(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.error().message.find(c.says), std::string::npos)
        << c.text << ": " << parsed.error().message;
  }
  EXPECT_FALSE(parse_mail_address(std::string(250, 'a') + "@example.org").ok());
}

TEST(MimeMessage, EncodesNonAsciiSubjectsInShortWordsThatDecodeBack) {
  const std::string subject =
      "Résumé of “attention” papers — ε-δ bounds, 日本語のタイトル, and more text to make it long";
  const std::string encoded = encode_header_text(subject);
  EXPECT_EQ(decode_words(encoded), subject);
  size_t start = 0;
  while ((start = encoded.find("=?", start)) != std::string::npos) {
    const size_t end = encoded.find("?=", start) + 2;
    EXPECT_LE(end - start, 75u);
    start = end;
  }
  EXPECT_EQ(encode_header_text("Plain ASCII"), "Plain ASCII");
}

TEST(MimeMessage, RefusesLineBreaksInAnyHeaderValue) {
  MailMessage m;
  m.from_address = "digest@example.org";
  m.to_address = "reader@example.org";
  m.subject = "Papers\r\nBcc: victim@example.org";
  m.message_id = "1@example.org";
  m.text = "hello";
  auto rendered = render_message(m);
  ASSERT_FALSE(rendered.ok());
  EXPECT_NE(rendered.error().message.find("subject"), std::string::npos);
  m.subject = "fine";
  m.from_name = "paperboy\nBcc: x@example.org";
  EXPECT_FALSE(render_message(m).ok());
  m.from_name = "paperboy";
  m.extra_headers = {{"List-Id", "a\r\nb"}};
  EXPECT_FALSE(render_message(m).ok());
  m.extra_headers = {};
  EXPECT_TRUE(render_message(m).ok());
}

TEST(MimeMessage, BodiesAreQuotedPrintableWithShortLinesAndCrlf) {
  MailMessage m;
  m.from_name = "paperboy";
  m.from_address = "digest@example.org";
  m.to_address = "reader@example.org";
  m.subject = "s";
  m.message_id = "1@example.org";
  m.text = std::string(300, 'x') + " = ε\n.leading dot\n";
  m.html = "<p>" + std::string(200, 'y') + "</p>";
  auto rendered = render_message(m);
  ASSERT_TRUE(rendered.ok());
  size_t start = 0;
  for (size_t end; (end = rendered->find('\n', start)) != std::string::npos; start = end + 1) {
    ASSERT_GT(end, start);
    EXPECT_EQ((*rendered)[end - 1], '\r') << "bare LF";
    EXPECT_LE(end - start - 1, 78u);
  }
  EXPECT_NE(rendered->find("=3D =CE=B5"), std::string::npos);
  EXPECT_NE(rendered->find("\r\n=2Eleading dot"), std::string::npos);
  EXPECT_NE(rendered->find("multipart/alternative"), std::string::npos);
}

TEST(LinkSigner, TokensAreBoundToTheirSubscriptionPurposeAndLifetime) {
  testing::TempDir dir;
  auto signer = LinkSigner::from_key_file(dir / "key");
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  const std::string token = signer->sign(LinkPurpose::kManage, 42, 2000);
  EXPECT_EQ(*signer->verify(token, LinkPurpose::kManage, 1999), 42);
  EXPECT_NE(signer->verify(token, LinkPurpose::kManage, 2001).error().message.find("expired"),
            std::string::npos);
  EXPECT_NE(signer->verify(token, LinkPurpose::kConfirm, 1000).error().message.find("another page"),
            std::string::npos);
  std::string forged = token;
  forged.replace(forged.find(".42."), 4, ".43.");
  EXPECT_NE(signer->verify(forged, LinkPurpose::kManage, 1000).error().message.find("signature"),
            std::string::npos);
  EXPECT_FALSE(signer->verify("garbage", LinkPurpose::kManage, 1000).ok());
  // The key persists: a restarted server accepts the links it mailed.
  auto again = LinkSigner::from_key_file(dir / "key");
  EXPECT_EQ(*again->verify(token, LinkPurpose::kManage, 1000), 42);
  auto other = LinkSigner::from_key_file(dir / "other-key");
  EXPECT_FALSE(other->verify(token, LinkPurpose::kManage, 1000).ok());
}

// Issue 32.17: the key is the store's, so `store copy` carries it and every link already mailed
// works after the move; the key file of an older release is adopted, keeping its links too.
TEST(LinkSigner, TheKeyMovesWithTheStoreAndAnOldKeyFileIsAdopted) {
  testing::TempDir dir;
  auto old_signer = LinkSigner::from_key_file(dir / "mail-link.key");
  ASSERT_TRUE(old_signer.ok());
  const std::string mailed = old_signer->sign(LinkPurpose::kManage, 7, 5000);
  const auto source = *parse_store_location("sqlite:" + (dir / "source.sqlite").string());
  {
    auto store = open_store(source, dir.path());
    ASSERT_TRUE(store.ok());
    auto adopted = LinkSigner::from_store(**store, dir / "mail-link.key");
    ASSERT_TRUE(adopted.ok()) << adopted.error().message;
    EXPECT_EQ(*adopted->verify(mailed, LinkPurpose::kManage, 1000), 7);
  }
  const auto target = *parse_store_location("sqlite:" + (dir / "moved.sqlite").string());
  auto from = open_table_rows(source, dir.path());
  auto to = open_table_rows(target, dir.path());
  ASSERT_TRUE(from.ok() && to.ok());
  ASSERT_TRUE(copy_store(**from, **to).ok());
  testing::TempDir elsewhere;  // the new machine has no key file
  auto moved = open_store(target, elsewhere.path());
  ASSERT_TRUE(moved.ok());
  auto signer = LinkSigner::from_store(**moved, elsewhere / "mail-link.key");
  ASSERT_TRUE(signer.ok());
  EXPECT_EQ(*signer->verify(mailed, LinkPurpose::kManage, 1000), 7);
}

// A transport that answers from a script, per recipient.
class ScriptedTransport : public MailTransport {
 public:
  std::map<std::string, SmtpOutcome> answers;
  std::vector<std::string> delivered;
  SmtpOutcome send(std::string_view, std::string_view to, std::string_view) override {
    if (auto it = answers.find(std::string(to)); it != answers.end()) return it->second;
    delivered.emplace_back(to);
    return {true, false, 250, ""};
  }
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
  }
  void queue(const std::string& to) {
    auto s = store_->mailing().subscribe(to, 0, 0);
    OutboxMessage m;
    m.subscription_id = s->id;
    m.kind = "digest";
    m.period = "2024-10-21";
    m.recipient = to;
    m.message = "Subject: x\r\n\r\nx\r\n";
    m.next_attempt = 0;
    ASSERT_TRUE(*store_->mailing().enqueue(m, {}));
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t now_ = 1000;
};

TEST_F(OutboxTest, TemporaryFailuresRetryWithBackoffPermanentOnesFailAtOnce) {
  queue("ok@example.org");
  queue("later@example.org");
  queue("never@example.org");
  ScriptedTransport transport;
  transport.answers["later@example.org"] = {false, false, 451, "451 try again"};
  transport.answers["never@example.org"] = {false, true, 550, "550 no such user"};
  OutboxSettings settings;
  settings.max_attempts = 3;
  OutboxSender sender(store_->mailing(), transport, settings, [this] { return now_; });
  auto report = sender.send_due();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(report->retried, 1);
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(sender.send_due()->retried, 0) << "not due again before its backoff";
  now_ += 60;
  EXPECT_EQ(sender.send_due()->retried, 1);  // second attempt; the next waits 120 s
  now_ += 119;
  EXPECT_EQ(sender.send_due()->retried, 0);
  now_ += 1;
  EXPECT_EQ(sender.send_due()->failed, 1);  // third attempt was the last
  auto counts = store_->mailing().outbox_counts();
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->failed, 2);
  EXPECT_EQ(counts->queued, 0);
}

// The round's opening line counts every message due, not its first batch's, so it agrees with
// the round's closing count (issue 36, item 8: "sending 1 due messages ... 20 sent").
TEST_F(OutboxTest, TheRoundIsAnnouncedWithAllItsDueMessages) {
  for (int i = 0; i < 5; ++i) queue(fmt::format("r{}@example.org", i));
  ScriptedTransport transport;
  OutboxSettings settings;
  settings.batch = 2;
  std::vector<size_t> announced;
  OutboxSender sender(
      store_->mailing(), transport, settings, [this] { return now_; },
      [&](size_t due) { announced.push_back(due); });
  auto report = sender.send_due();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->sent, 5);
  EXPECT_EQ(report->due_at_start, 5);
  EXPECT_EQ(announced, std::vector<size_t>{5});
}

TEST_F(OutboxTest, APerDomainRateHoldsTheRestForLater) {
  for (int i = 0; i < 5; ++i) queue(fmt::format("r{}@big.example", i));
  queue("solo@other.example");
  ScriptedTransport transport;
  OutboxSettings settings;
  settings.per_domain_per_minute = 2;
  OutboxSender sender(store_->mailing(), transport, settings, [this] { return now_; });
  auto first = sender.send_due();
  EXPECT_EQ(first->sent, 3);  // two to big.example, one to other.example
  EXPECT_EQ(first->deferred, 3);
  now_ += 61;
  EXPECT_EQ(sender.send_due()->sent, 2);
  now_ += 61;
  EXPECT_EQ(sender.send_due()->sent, 1);
  EXPECT_EQ(transport.delivered.size(), 6u);
}

class DigestPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    std::vector<Paper> papers;
    for (int i = 1; i <= 12; ++i) {
      Paper p = testing::make_paper(fmt::format("2410.{:05}", i), fmt::format("Paper {}", i));
      p.hub_day = Date{2024, 10, 21};
      p.upvotes = 20 - i;
      papers.push_back(p);
    }
    ASSERT_TRUE(store_->upsert(papers).ok());
    auto s = store_->mailing().subscribe("reader@example.org", 0, 0);
    sub_ = *s;
    sub_.status = Subscription::Status::kActive;
    sub_.send_hour = 7;
    sub_.sections = {"trending"};
    ASSERT_TRUE(store_->mailing().update_subscription(sub_).ok());
    signer_.emplace(std::string(32, 'k'));
  }
  Result<DigestRoundReport> round(int64_t now) {
    auto corpus = RecentCorpus::build(*store_, nullptr, now, 7);
    EXPECT_TRUE(corpus.ok());
    DigestOptions options;
    options.per_section = 5;
    DigestPlanner planner(*store_, *signer_, MailIdentity{}, options);
    return planner.queue_due(**corpus, nullptr, now);
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Subscription sub_;
  std::optional<LinkSigner> signer_;
  // 2024-10-22 06:00 and 08:00 UTC: the day after the papers' day.
  const int64_t six_am_ = days_since_epoch(Date{2024, 10, 22}) * 86400 + 6 * 3600;
  const int64_t eight_am_ = six_am_ + 2 * 3600;
};

TEST_F(DigestPlannerTest, OneDigestPerPeriodAfterTheSendHourAndNoPaperTwice) {
  EXPECT_EQ(round(six_am_)->not_due, 1);  // before 07:00 local
  auto first = round(eight_am_);
  EXPECT_EQ(first->queued, 1);
  EXPECT_EQ(first->papers, 5);
  EXPECT_EQ(round(eight_am_ + 3600)->queued, 0);  // same day: done
  // Next day: trending has not changed, but the five already sent are skipped.
  auto next_day = round(eight_am_ + 86400);
  EXPECT_EQ(next_day->queued, 1);
  std::vector<int64_t> all;
  for (int i = 1; i <= 12; ++i) all.push_back((**store_->get(fmt::format("2410.{:05}", i))).doc_id);
  EXPECT_EQ(store_->mailing().sent_among(sub_.id, all)->size(), 10u);
  auto queued = store_->mailing().due_messages(eight_am_ + 86400, 10);
  ASSERT_EQ(queued->size(), 2u);
  EXPECT_NE((*queued)[0].message.find("Paper 1\r\n"), std::string::npos);
  EXPECT_EQ((*queued)[1].message.find("Paper 1\r\n"), std::string::npos);
  EXPECT_NE((*queued)[1].message.find("Paper 6\r\n"), std::string::npos);
}

TEST_F(DigestPlannerTest, NothingNewMeansNoMailUnlessAsked) {
  for (int day = 0; day < 3; ++day)
    ASSERT_TRUE(round(eight_am_ + day * 86400).ok());  // 12 papers, 5 a day: all sent
  auto quiet = round(eight_am_ + 3 * 86400);
  EXPECT_EQ(quiet->queued, 0);
  EXPECT_EQ(quiet->empty, 1);
  sub_ = **store_->mailing().subscription(sub_.id);
  sub_.send_empty = true;
  ASSERT_TRUE(store_->mailing().update_subscription(sub_).ok());
  EXPECT_EQ(round(eight_am_ + 4 * 86400)->queued, 1);
}

TEST(DigestPeriod, LocalHourAndIsoWeek) {
  Subscription s;
  s.send_hour = 7;
  s.utc_offset_minutes = -300;  // UTC-5
  const int64_t noon_utc = days_since_epoch(Date{2026, 11, 23}) * 86400 + 12 * 3600;
  EXPECT_EQ(digest_period(s, noon_utc), "2026-11-23");              // 07:00 local
  EXPECT_EQ(digest_period(s, noon_utc - 60), "");                   // 06:59 local
  EXPECT_EQ(digest_period(s, noon_utc - 13 * 3600), "2026-11-22");  // 18:00 local the day before
  EXPECT_EQ(digest_period(s, noon_utc - 13 * 3600, true), "2026-11-22");
  s.weekly = true;
  EXPECT_EQ(digest_period(s, noon_utc), "2026-W48");
}

}  // namespace
}  // namespace paperboy
