// The change feed under concurrent writers (issue 17): several connections write papers and
// list submissions at once while a follower reads scan_changes from the last number it saw,
// as an index does. If a smaller change number could become visible after a larger one, the
// follower would step past it and never see that change; the test asserts it sees every paper
// at its final change number.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "store/store_backends.h"

namespace paperboy {
namespace {

using testing::make_paper;

class ChangeFeedTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
  }
};
PAPERBOY_ON_EVERY_STORE(ChangeFeedTest);

constexpr int kWriters = 4;
constexpr int kBatches = 40;
constexpr int kPapersPerBatch = 5;

// One writer: new papers, newer versions of its earlier ones, and submissions that list its
// papers on the hub (a change without an upsert).
void write_papers(Store& store, int writer, std::atomic<int>& failures) {
  auto user = store.community().create_user(fmt::format("writer{}@example.org", writer), "W",
                                            "$argon2id$x", 1);
  if (!user.ok()) {
    ++failures;
    return;
  }
  for (int batch = 0; batch < kBatches; ++batch) {
    std::vector<Paper> papers;
    papers.reserve(kPapersPerBatch + 1);
    for (int i = 0; i < kPapersPerBatch; ++i) {
      papers.push_back(
          make_paper(fmt::format("24{:02}.{:05}", writer + 1, batch * kPapersPerBatch + i), "New"));
    }
    if (batch > 0)
      papers.push_back(
          make_paper(fmt::format("24{:02}.{:05}", writer + 1, batch - 1), "Revised", 2));
    if (!store.upsert(papers).ok()) ++failures;
    if (batch % 3 == 0) {
      auto stored = store.get(fmt::format("24{:02}.{:05}", writer + 1, batch * kPapersPerBatch));
      if (!stored.ok() || !stored->has_value() ||
          !store.community().submit(*user, (**stored).doc_id, Date{2024, 11, 1}, 2).ok()) {
        ++failures;
      }
    }
  }
}

TEST_P(ChangeFeedTest, AFollowerSeesEveryChangeWhileSeveralConnectionsWrite) {
  std::vector<std::unique_ptr<Store>> writers;
  for (int w = 0; w < kWriters; ++w) {
    auto store = reopen();
    ASSERT_TRUE(store.ok()) << store.error().message;
    writers.push_back(std::move(store).value());
  }
  auto follower_store = reopen();
  ASSERT_TRUE(follower_store.ok());

  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::map<int64_t, std::set<int64_t>> seen;  // doc_id -> change numbers the follower read
  int64_t last_seen = 0;
  auto follow = [&] {
    auto scanned = (*follower_store)->scan_changes(last_seen, [&](const StoredPaper& paper) {
      seen[paper.doc_id].insert(paper.change_seq);
      last_seen = std::max(last_seen, paper.change_seq);
      return true;
    });
    if (!scanned.ok()) ++failures;
  };
  std::thread follower([&] {
    while (writing) follow();
  });
  std::vector<std::thread> threads;
  threads.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back(write_papers, std::ref(*writers[w]), w, std::ref(failures));
  for (auto& t : threads) t.join();
  writing = false;
  follower.join();
  follow();  // the catch-up after the last write

  EXPECT_EQ(failures, 0);
  int64_t papers = 0;
  ASSERT_TRUE(store_
                  ->scan_by_doc_id(0,
                                   [&](const StoredPaper& paper) {
                                     ++papers;
                                     EXPECT_TRUE(seen[paper.doc_id].count(paper.change_seq))
                                         << paper.paper.id << " at change " << paper.change_seq
                                         << " was never seen by the follower";
                                     return true;
                                   })
                  .ok());
  EXPECT_EQ(papers, kWriters * kBatches * kPapersPerBatch);
  EXPECT_EQ(*store_->change_seq(), last_seen);
}

// sort=votes orders by the count an index holds, so a vote must reach every server's index
// through the feed (issue 36, item 3): each vote, unvote and account deletion that changes a
// count gives the paper a new change number; a repeated vote changes nothing.
TEST_P(ChangeFeedTest, VotesAreChangesThatCarryTheNewCount) {
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{make_paper("2410.14649", "Voted")}).ok());
  const int64_t doc_id = (*store_->get("2410.14649"))->doc_id;
  auto& community = store_->community();
  auto user = community.create_user("ada@example.org", "Ada", "$argon2id$x", 1);
  ASSERT_TRUE(user.ok());
  // The newest change after `since`: the paper with the count it carries, or -1 without one.
  auto count_changed_after = [&](int64_t since) {
    int count = -1;
    EXPECT_TRUE(store_
                    ->scan_changes(since,
                                   [&](const StoredPaper& paper) {
                                     if (paper.doc_id == doc_id)
                                       count = paper.paper.total_upvotes();
                                     return true;
                                   })
                    .ok());
    return count;
  };
  int64_t seq = *store_->change_seq();
  ASSERT_TRUE(*community.vote(*user, doc_id, 2));
  EXPECT_EQ(count_changed_after(seq), 1);
  seq = *store_->change_seq();
  EXPECT_FALSE(*community.vote(*user, doc_id, 3));
  EXPECT_EQ(*store_->change_seq(), seq) << "a repeated vote is no change";
  ASSERT_TRUE(*community.unvote(*user, doc_id));
  EXPECT_EQ(count_changed_after(seq), 0);
  seq = *store_->change_seq();
  ASSERT_TRUE(*community.vote(*user, doc_id, 4));
  ASSERT_TRUE(community.delete_user(*user).ok());
  EXPECT_EQ(count_changed_after(seq), 0) << "a deleted account's vote leaves the count";
  EXPECT_GT(*store_->change_seq(), seq + 1);
}

}  // namespace
}  // namespace paperboy
