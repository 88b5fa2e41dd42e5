// The digest round on several workers: each composes on its own store connection and Xapian
// handle, the planner writes in subscription order, so the outbox must hold exactly what one
// worker would have queued (apart from the random Message-ID and MIME boundary).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <regex>

#include "index/index_writer.h"
#include "mail/digest_planner.h"
#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

const Date kNewestDay{2024, 10, 21};
const std::vector<std::vector<std::string>> kTopics = {
    {"graph", "neural", "message", "passing", "node", "edge", "molecule", "embedding"},
    {"speech", "audio", "acoustic", "phoneme", "waveform", "speaker", "vocoder", "spectrogram"},
    {"robot", "grasping", "manipulation", "policy", "reinforcement", "reward", "simulator",
     "control"},
    {"protein", "folding", "sequence", "structure", "residue", "binding", "enzyme", "docking"},
};
const std::vector<std::string> kCategories = {"cs.LG", "cs.SD", "cs.RO", "q-bio.BM"};

class DigestRoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = std::move(open_sqlite_store(path("one.sqlite"))).value();
    std::mt19937 rng(3);
    std::vector<Paper> papers;
    for (int i = 0; i < 240; ++i) {
      const auto& topic = kTopics[i % kTopics.size()];
      auto word = [&] { return topic[rng() % topic.size()]; };
      Paper p = testing::make_paper(fmt::format("2410.{:05}", i + 1),
                                    fmt::format("{} {} {}", word(), word(), word()));
      p.abstract.clear();
      for (int w = 0; w < 40; ++w) p.abstract += word() + " ";
      p.categories = {kCategories[i % kCategories.size()]};
      p.hub_day = p.published = add_days(kNewestDay, -(i % 6));
      p.upvotes = static_cast<int>(rng() % 30);
      papers.push_back(p);
    }
    ASSERT_TRUE(store->upsert(papers).ok());
    ASSERT_TRUE(update_lexical_index(*store, dir_ / "index", IndexOptions{}).ok());
    auto recent = store->list_recent({add_days(kNewestDay, -5), kNewestDay}, 1000);
    ASSERT_TRUE(recent.ok());
    for (int i = 0; i < 30; ++i) {
      const std::string email = fmt::format("reader{}@example.org", i);
      int64_t user_id = 0;
      if (i % 3 != 2) {  // an account: a library of one topic, a followed category, an alert
        user_id = *store->community().create_user(email, fmt::format("Reader {}", i), "no-password",
                                                  now_);
        for (int k = 0; k < 4; ++k) {
          const auto& paper = (*recent)[(i % kTopics.size()) + kTopics.size() * (k * 7 + i)];
          ASSERT_TRUE(store->community()
                          .save(user_id, paper.doc_id, std::vector<std::string>{}, now_)
                          .ok());
        }
        ASSERT_TRUE(
            store->preferences()
                .set_follow(user_id, {Follow::Kind::kCategory, kCategories[(i + 1) % 4]}, true)
                .ok());
        ASSERT_TRUE(store->preferences()
                        .save_search(user_id, kTopics[(i + 2) % 4][i % 8], true, now_)
                        .ok());
      }
      auto s = store->mailing().subscribe(email, user_id, now_);
      ASSERT_TRUE(s.ok());
      s->status = Subscription::Status::kActive;
      s->send_hour = 0;
      if (user_id == 0) s->sections = {"trending"};
      ASSERT_TRUE(store->mailing().update_subscription(*s).ok());
    }
    store.reset();  // closed: the file is whole without its write-ahead log
    fs::copy_file(dir_ / "one.sqlite", dir_ / "many.sqlite");
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  struct Outcome {
    DigestRoundReport report;
    std::vector<std::string> messages;  // recipient and message, random parts blanked
  };

  Outcome round(const std::string& file, int workers, int64_t now) {
    auto store = std::move(open_sqlite_store(path(file))).value();
    auto corpus = RecentCorpus::build(*store, nullptr, now, 7);
    EXPECT_TRUE(corpus.ok());
    LinkSigner signer(std::string(32, 'k'));
    DigestPlanner planner(*store, signer, MailIdentity{}, DigestOptions{});
    Outcome out;
    if (workers == 0) {  // the planner's own connection, on this thread
      auto lexical = LexicalIndex::open(dir_ / "index");
      EXPECT_TRUE(lexical.ok());
      out.report = *planner.queue_due(**corpus, &*lexical, now);
    } else {
      auto readers = DigestReaders::open([&] { return open_sqlite_store(path(file)); },
                                         dir_ / "index", workers);
      EXPECT_TRUE(readers.ok());
      EXPECT_EQ(readers->readers().size(), static_cast<size_t>(workers));
      auto report = planner.queue_due(**corpus, readers->readers(), now);
      EXPECT_TRUE(report.ok()) << report.error().message;
      out.report = *report;
    }
    const std::regex random_parts("Message-ID: <[^>]*>|=_paperboy_[0-9a-f]+");
    auto queued = store->mailing().due_messages(now + 86400 * 30, 100'000);
    EXPECT_TRUE(queued.ok());
    for (const auto& m : *queued) {
      out.messages.push_back(m.recipient + "\n" + std::regex_replace(m.message, random_parts, "…"));
    }
    return out;
  }

  testing::TempDir dir_;
  const int64_t now_ = days_since_epoch(kNewestDay) * 86400 + 8 * 3600;
};

TEST_F(DigestRoundTest, SeveralWorkersQueueWhatOneWouldHave) {
  for (int day = 0; day < 2; ++day) {  // the second day: no paper of the first again
    const int64_t now = now_ + day * 86400;
    const Outcome one = round("one.sqlite", 0, now);
    const Outcome many = round("many.sqlite", 3, now);
    EXPECT_EQ(one.report.subscribers, 30);
    EXPECT_EQ(one.report.queued, 30) << "day " << day;
    EXPECT_EQ(many.report.queued, one.report.queued);
    EXPECT_EQ(many.report.papers, one.report.papers);
    EXPECT_EQ(many.report.empty, one.report.empty);
    EXPECT_EQ(many.report.composed, one.report.composed);
    ASSERT_EQ(many.messages.size(), one.messages.size());
    for (size_t i = 0; i < one.messages.size(); ++i)
      EXPECT_EQ(many.messages[i], one.messages[i]) << "message " << i;
  }
  // Every section had something to show somebody: the comparison covered them all.
  const Outcome last = round("many.sqlite", 2, now_ + 2 * 86400);
  std::string all;
  for (const auto& m : round("one.sqlite", 0, now_ + 3 * 86400).messages)
    all += m;  // every message so far
  for (const char* title : {"Papers for you", "New for your saved searches",
                            "From categories, authors and organisations you follow", "Trending"}) {
    EXPECT_NE(all.find(title), std::string::npos) << title;
  }
  EXPECT_EQ(last.report.not_due + last.report.queued + last.report.empty, 30);
}

TEST_F(DigestRoundTest, ADryRunOnSeveralWorkersQueuesNothing) {
  auto store = std::move(open_sqlite_store(path("many.sqlite"))).value();
  auto corpus = RecentCorpus::build(*store, nullptr, now_, 7);
  ASSERT_TRUE(corpus.ok());
  LinkSigner signer(std::string(32, 'k'));
  DigestOptions options;
  options.dry_run = true;
  DigestPlanner planner(*store, signer, MailIdentity{}, options);
  auto readers = DigestReaders::open([&] { return open_sqlite_store(path("many.sqlite")); },
                                     dir_ / "index", 2);
  ASSERT_TRUE(readers.ok());
  auto report = planner.queue_due(**corpus, readers->readers(), now_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->composed.size(), 30u);
  EXPECT_EQ(report->queued, 0);
  EXPECT_TRUE(store->mailing().due_messages(now_ + 86400, 100)->empty());
}

}  // namespace
}  // namespace paperboy
