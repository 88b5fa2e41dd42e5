#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_statement.h"
#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class PaperStoreTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
  }
  UpsertCounts upsert(std::vector<Paper> papers) {
    auto counts = store_->upsert(papers);
    EXPECT_TRUE(counts.ok()) << (counts.ok() ? "" : counts.error().message);
    return counts.ok() ? *counts : UpsertCounts{};
  }
  Paper stored(const std::string& id) {
    auto found = store_->get(id);
    EXPECT_TRUE(found.ok() && found->has_value()) << id;
    return found.ok() && found->has_value() ? (**found).paper : Paper{};
  }
};
PAPERBOY_ON_EVERY_STORE(PaperStoreTest);

UpsertCounts withdraw(Store& store, const std::string& id, Date on) {
  std::vector<Withdrawal> withdrawals{{id, on}};
  auto counts = store.write({{}, withdrawals, std::nullopt});
  EXPECT_TRUE(counts.ok()) << (counts.ok() ? "" : counts.error().message);
  return counts.ok() ? *counts : UpsertCounts{};
}

TEST_P(PaperStoreTest, AWithdrawnPaperDisappearsFromEveryReadButTheChangeScan) {
  Paper gone = make_paper("2401.00001", "Withdrawn later", 1);
  gone.hub_day = Date{2024, 1, 3};
  gone.authors = {"Grace Hopper"};
  upsert({gone, make_paper("2401.00002", "Stays", 1)});
  int64_t seq_before = store_->stats()->change_seq;

  EXPECT_EQ(withdraw(*store_, "2401.00001", Date{2024, 2, 1}).withdrawn, 1);
  EXPECT_FALSE(store_->get("2401.00001")->has_value());
  EXPECT_EQ(store_->get_many(std::vector<int64_t>{1, 2})->size(), 1u);
  EXPECT_TRUE(store_->list_by_author("Grace Hopper", 10)->empty());
  EXPECT_TRUE(store_->latest_hub_day()->empty());
  auto stats = store_->stats();
  EXPECT_EQ(stats->papers, 1);
  EXPECT_EQ(stats->withdrawn, 1);
  EXPECT_EQ(stats->change_seq, seq_before + 1);
  std::vector<std::string> exported;
  ASSERT_TRUE(store_
                  ->scan_by_id([&](const StoredPaper& p) {
                    exported.push_back(p.paper.id);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(exported, std::vector<std::string>{"2401.00002"});
  std::vector<StoredPaper> changes;
  ASSERT_TRUE(store_
                  ->scan_changes(seq_before,
                                 [&](const StoredPaper& p) {
                                   changes.push_back(p);
                                   return true;
                                 })
                  .ok());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].paper.id, "2401.00001");
  EXPECT_EQ(changes[0].withdrawn, (Date{2024, 2, 1}));

  // Withdrawing again, or withdrawing a paper never stored, changes nothing.
  EXPECT_EQ(withdraw(*store_, "2401.00001", Date{2024, 2, 2}).withdrawn, 0);
  EXPECT_EQ(withdraw(*store_, "2409.99999", Date{2024, 2, 2}).withdrawn, 0);
  EXPECT_EQ(store_->stats()->change_seq, seq_before + 1);
}

TEST_P(PaperStoreTest, OnlyANewerRecordBringsAWithdrawnPaperBack) {
  Paper paper = make_paper("2401.00001", "Withdrawn", 1);
  paper.updated = Date{2024, 1, 5};
  upsert({paper});
  withdraw(*store_, "2401.00001", Date{2024, 2, 1});

  // Re-reading an old file brings back the same record: it stays withdrawn.
  EXPECT_EQ(upsert({paper}).unchanged, 1);
  EXPECT_FALSE(store_->get("2401.00001")->has_value());

  Paper v2 = make_paper("2401.00001", "Reinstated", 2);
  EXPECT_EQ(upsert({v2}).updated, 1);
  EXPECT_EQ(stored("2401.00001").title, "Reinstated");
  EXPECT_EQ(store_->stats()->withdrawn, 0);
}

TEST_P(PaperStoreTest, ThePaperCounterFollowsInsertsWithdrawalsReinstatementsAndFailedBatches) {
  auto expect_counted = [&](int64_t papers) {
    EXPECT_EQ(*store_->paper_count(), papers);
    EXPECT_EQ(store_->stats()->papers, papers) << "the counter agrees with a count of the rows";
  };
  expect_counted(0);
  upsert({make_paper("2401.00001", "One", 1), make_paper("2401.00002", "Two", 1)});
  upsert({make_paper("2401.00001", "One, again", 2)});
  expect_counted(2);
  withdraw(*store_, "2401.00001", Date{2024, 2, 1});
  withdraw(*store_, "2401.00001", Date{2024, 2, 2});
  expect_counted(1);
  upsert({make_paper("2401.00001", "One, reinstated", 3)});
  expect_counted(2);
  std::vector<Paper> failing{make_paper("2401.00003", "Three", 1), Paper{}};
  EXPECT_FALSE(store_->upsert(failing).ok());
  expect_counted(2);
}

TEST_P(PaperStoreTest, AnInvalidBatchIsRefusedBeforeAnythingIsWritten) {
  upsert({make_paper("2401.00001", "Old", 1)});
  std::vector<Paper> papers{make_paper("2401.00002", "New", 1), Paper{}};  // the second is invalid
  std::vector<Withdrawal> withdrawals{{"2401.00001", Date{2024, 2, 1}}};
  auto failed = store_->write({papers, withdrawals, JobState{"job", "page 2"}});
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(store_->get("2401.00001")->has_value()) << "nothing of a refused batch is applied";
  EXPECT_FALSE(store_->job_state("job")->has_value());
}

// The batch's last statement (its job state) fails inside the transaction, after its papers,
// withdrawal and counters were written: the whole batch must roll back.
TEST_P(PaperStoreTest, AWriteFailingAfterItsPapersRollsBackThePapersWithdrawalsAndCounters) {
  upsert({make_paper("2401.00001", "Old", 1)});
  auto count_changes = [&] {
    size_t changes = 0;
    EXPECT_TRUE(store_->scan_changes(0, [&](const StoredPaper&) { return ++changes, true; }).ok());
    return changes;
  };
  const size_t changes_before = count_changes();
  ASSERT_TRUE(
      exec_on_backend("CREATE TRIGGER refuse_job BEFORE INSERT ON job_state "
                      "WHEN NEW.key = 'job' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                      "CREATE FUNCTION refuse_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                      "RAISE EXCEPTION 'refused by the test'; END $$; "
                      "CREATE TRIGGER refuse_job BEFORE INSERT ON job_state "
                      "FOR EACH ROW WHEN (NEW.key = 'job') EXECUTE FUNCTION refuse_job()")
          .ok());

  std::vector<Paper> papers{make_paper("2401.00002", "New", 1),
                            make_paper("2401.00003", "Newer", 1)};
  std::vector<Withdrawal> withdrawals{{"2401.00001", Date{2024, 2, 1}}};
  auto failed = store_->write({papers, withdrawals, JobState{"job", "page 2"}});
  ASSERT_FALSE(failed.ok()) << "the trigger did not fire, so nothing here tests a rollback";

  EXPECT_TRUE(store_->get("2401.00001")->has_value()) << "the withdrawal was rolled back";
  EXPECT_FALSE(store_->get("2401.00002")->has_value()) << "the new papers were rolled back";
  EXPECT_FALSE(store_->get("2401.00003")->has_value());
  EXPECT_EQ(*store_->paper_count(), 1) << "the counters were rolled back";
  EXPECT_EQ(store_->stats()->papers, 1);
  EXPECT_EQ(count_changes(), changes_before) << "no change of the failed batch is visible";

  // The same batch commits whole once nothing refuses it.
  auto counts = store_->write({papers, withdrawals, JobState{"other job", "page 2"}});
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->inserted, 2);
  EXPECT_EQ(counts->withdrawn, 1);
  EXPECT_EQ(*store_->paper_count(), 2);
}

TEST_P(PaperStoreTest, PapersWithdrawalsAndJobStateCommitTogether) {
  upsert({make_paper("2401.00001", "Old", 1)});
  std::vector<Paper> papers{make_paper("2401.00002", "New", 1)};
  std::vector<Withdrawal> withdrawals{{"2401.00001", Date{2024, 2, 1}}};
  auto counts = store_->write({papers, withdrawals, JobState{"job", "page 2"}});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->inserted, 1);
  EXPECT_EQ(counts->withdrawn, 1);
  EXPECT_EQ(store_->job_state("job")->value_or(""), "page 2");
}

TEST_P(PaperStoreTest, StoredPaperReadsBackIdentically) {
  Paper paper = make_paper("2410.14649", "Sparse attention");
  paper.hub_day = Date{2024, 10, 21};
  paper.upvotes = 12;
  paper.organization = "Example Lab";
  paper.doi = "10.1/xyz";
  paper.comments = "12 pages";
  paper.journal_ref = "NeurIPS 2024";
  paper.license = "http://creativecommons.org/licenses/by/4.0/";
  upsert({paper});
  EXPECT_EQ(stored("2410.14649"), paper);
}

TEST_P(PaperStoreTest, UpsertOfTheSamePaperTwiceIsOnePaperAndUnchanged) {
  Paper paper = make_paper("2410.14649", "Sparse attention");
  EXPECT_EQ(upsert({paper}).inserted, 1);
  auto second = upsert({paper, paper});
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.unchanged, 2);
  EXPECT_EQ(store_->stats()->papers, 1);
}

// Within one batch each paper is stored over the one before it, as if they came one by one:
// a paper twice keeps its first number and takes the newer version, a withdrawal finds a paper
// the same batch added, and numbers rise in the batch's order.
TEST_P(PaperStoreTest, ABatchIsStoredAsIfItsPapersCameOneByOne) {
  upsert({make_paper("2401.00001", "Kept", 1)});
  Paper revised = make_paper("2401.00001", "Kept, revised", 2);
  revised.authors = {"Ada Lovelace"};
  std::vector<Paper> papers{make_paper("2401.00002", "First", 1), revised,
                            make_paper("2401.00003", "Gone", 1),
                            make_paper("2401.00002", "First, v2", 2)};
  std::vector<Withdrawal> withdrawals{{"2401.00003", Date{2024, 2, 1}}};
  auto counts = store_->write({papers, withdrawals, std::nullopt});
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->inserted, 2);
  EXPECT_EQ(counts->updated, 2);
  EXPECT_EQ(counts->withdrawn, 1);
  EXPECT_EQ(stored("2401.00001").title, "Kept, revised");
  EXPECT_EQ(stored("2401.00001").authors, std::vector<std::string>{"Ada Lovelace"});
  EXPECT_EQ(stored("2401.00002").version, 2);
  EXPECT_EQ(stored("2401.00002").title, "First, v2");
  EXPECT_FALSE(store_->get("2401.00003")->has_value());
  const int64_t kept = (*store_->get("2401.00001"))->doc_id;
  const int64_t first = (*store_->get("2401.00002"))->doc_id;
  EXPECT_LT(kept, first);
  EXPECT_EQ(store_->stats()->papers, 2);
  // Every change of the batch took a number: four papers written, one withdrawal.
  EXPECT_EQ(store_->stats()->change_seq, 1 + 5);
}

TEST_P(PaperStoreTest, UnchangedUpsertDoesNotRaiseTheChangeNumber) {
  upsert({make_paper("2410.14649", "Sparse attention")});
  int64_t before = store_->stats()->change_seq;
  upsert({make_paper("2410.14649", "Sparse attention")});
  EXPECT_EQ(store_->stats()->change_seq, before);
}

TEST_P(PaperStoreTest, NewerVersionUpdatesTheRowAndKeepsItsNumber) {
  upsert({make_paper("2410.14649", "Old title", 1)});
  int64_t doc_id = (*store_->get("2410.14649"))->doc_id;
  Paper v2 = make_paper("2410.14649", "New title", 2);
  v2.published = Date{2024, 10, 20};
  v2.updated = Date{2024, 11, 2};
  EXPECT_EQ(upsert({v2}).updated, 1);
  auto found = *store_->get("2410.14649");
  EXPECT_EQ(found->doc_id, doc_id);
  EXPECT_EQ(found->paper.title, "New title");
  EXPECT_EQ(found->paper.version, 2);
  EXPECT_EQ(found->paper.published, (Date{2024, 10, 18})) << "first version date is the earliest";
  EXPECT_EQ(found->paper.updated, (Date{2024, 11, 2}));
}

TEST_P(PaperStoreTest, UpsertOfOlderVersionKeepsNewer) {
  upsert({make_paper("2410.14649", "Version two", 2)});
  auto counts = upsert({make_paper("2410.14649", "Version one", 1)});
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(stored("2410.14649").title, "Version two");
  EXPECT_EQ(stored("2410.14649").version, 2);
}

TEST_P(PaperStoreTest, ChangesAreScannedInOrderAfterANumber) {
  upsert({make_paper("2410.00001", "A"), make_paper("2410.00002", "B")});
  int64_t mark = store_->stats()->change_seq;
  upsert({make_paper("2410.00003", "C"), make_paper("2410.00001", "A revised", 2)});
  std::vector<std::string> changed;
  ASSERT_TRUE(store_
                  ->scan_changes(mark,
                                 [&](const StoredPaper& p) {
                                   changed.push_back(p.paper.id);
                                   return true;
                                 })
                  .ok());
  EXPECT_EQ(changed, (std::vector<std::string>{"2410.00003", "2410.00001"}));
}

TEST_P(PaperStoreTest, AnInvalidPaperFailsTheWholeBatch) {
  Paper bad = make_paper("2410.00002", "");
  auto counts = store_->upsert(std::vector<Paper>{make_paper("2410.00001", "Fine"), bad});
  ASSERT_FALSE(counts.ok());
  EXPECT_NE(counts.error().message.find("2410.00002"), std::string::npos);
  EXPECT_EQ(store_->stats()->papers, 0) << "nothing of a failed batch is stored";
}

TEST_P(PaperStoreTest, JobStateCommitsWithTheBatch) {
  auto counts = store_->upsert(std::vector<Paper>{make_paper("2410.00001", "A")},
                               JobState{"ingest:file", "offset=10"});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(**store_->job_state("ingest:file"), "offset=10");
  ASSERT_TRUE(store_->set_job_state({"ingest:file", std::nullopt}).ok());
  EXPECT_FALSE(store_->job_state("ingest:file")->has_value());
}

TEST_P(PaperStoreTest, HostileTextIsStoredAsData) {
  Paper paper = make_paper("2410.00001", "'); DROP TABLE papers; -- <script>alert(1)</script>");
  paper.authors = {"Robert'); DROP TABLE papers;--"};
  upsert({paper});
  EXPECT_EQ(stored("2410.00001"), paper);
  EXPECT_EQ(store_->stats()->papers, 1);
}

TEST_P(PaperStoreTest, ReopeningKeepsEverything) {
  upsert({make_paper("2410.00001", "A"), make_paper("math/0309136", "B")});
  store_.reset();
  auto reopened = reopen();
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->stats()->papers, 2);
  std::vector<std::string> ids;
  ASSERT_TRUE((*reopened)
                  ->scan_by_id([&](const StoredPaper& p) {
                    ids.push_back(p.paper.id);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"2410.00001", "math/0309136"}));
}

TEST_P(PaperStoreTest, GetManyKeepsTheOrderAskedAndSkipsUnknownNumbers) {
  upsert({make_paper("2410.00001", "A"), make_paper("2410.00002", "B")});
  int64_t a = (*store_->get("2410.00001"))->doc_id;
  int64_t b = (*store_->get("2410.00002"))->doc_id;
  std::vector<int64_t> ask = {b, 999, a};
  auto papers = store_->get_many(ask);
  ASSERT_TRUE(papers.ok());
  ASSERT_EQ(papers->size(), 2u);
  EXPECT_EQ((*papers)[0].paper.id, "2410.00002");
  EXPECT_EQ((*papers)[1].paper.id, "2410.00001");
}

TEST(SqliteStoreSchema, RefusesADatabaseFromANewerPaperboy) {
  testing::TempDir dir;
  std::string path = (dir / "store.sqlite").string();
  ASSERT_TRUE(open_sqlite_store(path).ok());
  {
    auto db = SqliteDatabase::open(path);
    ASSERT_TRUE((*db)->exec("INSERT INTO schema_version(version) VALUES (999)").ok());
  }
  auto reopened = open_sqlite_store(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_NE(reopened.error().message.find("999"), std::string::npos);
}

// A server and an ingest started together on a new data directory both migrate it: the one
// that waited for the write lock must find the migrations done, not apply them again.
TEST(SqliteStoreSchema, StoresOpenedTogetherOnANewFileAllMigrateIt) {
  testing::TempDir dir;
  for (int round = 0; round < 10; ++round) {
    const std::string path = (dir / fmt::format("store-{}.sqlite", round)).string();
    std::vector<std::thread> openers;
    std::atomic<int> failed = 0;
    std::string why;
    std::mutex mutex;
    for (int i = 0; i < 4; ++i) {
      openers.emplace_back([&] {
        auto opened = open_sqlite_store(path);
        if (!opened.ok()) {
          ++failed;
          std::lock_guard lock(mutex);
          why = opened.error().message;
        }
      });
    }
    for (auto& opener : openers) opener.join();
    ASSERT_EQ(failed, 0) << why;
  }
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

class HubListingTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Paper> papers;
    int n = 0;
    for (auto [day, upvotes] :
         std::vector<std::pair<int, int>>{{20, 5}, {20, 50}, {21, 1}, {22, 9}}) {
      Paper p = testing::make_paper(fmt::format("2410.{:05}", ++n), "Paper");
      p.hub_day = Date{2024, 10, day};
      p.upvotes = upvotes;
      papers.push_back(p);
    }
    papers.push_back(testing::make_paper("2410.00099", "Never on the hub"));
    ASSERT_TRUE(store_->upsert(papers).ok());
  }
  std::vector<std::string> ids(HubListing listing) {
    std::vector<std::string> out;
    auto papers = store_->list_hub_days(listing);  // named: a range-for over *temporary dangles
    for (const auto& p : *papers) out.push_back(p.paper.id);
    return out;
  }
};
PAPERBOY_ON_EVERY_STORE(HubListingTest);

TEST_P(HubListingTest, ListsTheDaysNewestFirstOrByUpvotesWithPaging) {
  HubListing listing;
  listing.days = {Date{2024, 10, 20}, Date{2024, 10, 21}};
  EXPECT_EQ(ids(listing), (std::vector<std::string>{"2410.00003", "2410.00002", "2410.00001"}));
  listing.order = HubListing::Order::kMostUpvoted;
  EXPECT_EQ(ids(listing), (std::vector<std::string>{"2410.00002", "2410.00001", "2410.00003"}));
  listing.offset = 1;
  listing.limit = 1;
  EXPECT_EQ(ids(listing), (std::vector<std::string>{"2410.00001"}));
  listing.offset = 10;
  EXPECT_TRUE(ids(listing).empty());
}

TEST_P(HubListingTest, LatestHubDay) { EXPECT_EQ(*store_->latest_hub_day(), (Date{2024, 10, 22})); }

TEST_P(HubListingTest, AdjacentHubDaysSkipDaysWithoutPapers) {
  EXPECT_EQ(*store_->adjacent_hub_day(Date{2024, 10, 22}, false), (Date{2024, 10, 21}));
  EXPECT_EQ(*store_->adjacent_hub_day(Date{2024, 10, 25}, false), (Date{2024, 10, 22}));
  EXPECT_EQ(*store_->adjacent_hub_day(Date{2024, 10, 19}, true), (Date{2024, 10, 20}));
  EXPECT_TRUE(store_->adjacent_hub_day(Date{2024, 10, 20}, false)->empty());
  EXPECT_TRUE(store_->adjacent_hub_day(Date{2024, 10, 22}, true)->empty());
}

TEST_P(HubListingTest, CommunityVotesCountInTheUpvoteOrder) {
  int64_t doc_id = (**store_->get("2410.00003")).doc_id;  // day 21, 1 hub upvote; day 22 has 9
  HubListing listing;
  listing.days = {Date{2024, 10, 21}, Date{2024, 10, 22}};
  listing.order = HubListing::Order::kMostUpvoted;
  EXPECT_EQ(ids(listing), (std::vector<std::string>{"2410.00004", "2410.00003"}));
  for (int i = 0; i < 9; ++i) {
    auto user = store_->community().create_user(fmt::format("u{}@example.org", i), "U", "x", 0);
    ASSERT_TRUE(user.ok());
    ASSERT_TRUE(*store_->community().vote(*user, doc_id, 0));
  }
  EXPECT_EQ(ids(listing), (std::vector<std::string>{"2410.00003", "2410.00004"}));
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

// Issue 19: links found in the text follow it; the hub's replace them; a reader's outlast both;
// a summary is replaced only by one of the same or a newer version.
TEST_P(PaperStoreTest, LinksAndSummariesMergeByWhoseTheyAre) {
  Paper text = make_paper("2501.00050", "Linked", 1);
  text.abstract = "Code is available at https://github.com/first/repo.";
  upsert({text});
  EXPECT_EQ(stored("2501.00050").code_link, "https://github.com/first/repo");

  Paper v2 = text;
  v2.version = 2;
  v2.abstract = "Code moved to https://github.com/second/repo.";
  upsert({v2});
  EXPECT_EQ(stored("2501.00050").code_link, "https://github.com/second/repo");

  Paper hub = v2;
  hub.hub_day = Date{2025, 1, 10};
  hub.links_set_by = "hub";
  hub.code_link = "https://github.com/hub/repo";
  hub.github_stars = 12;
  hub.ai_summary = "A one-sentence summary.";
  hub.ai_keywords = {"links", "merge"};
  hub.ai_model = "hub";
  hub.ai_version = 2;
  upsert({hub});
  Paper after_hub = stored("2501.00050");
  EXPECT_EQ(after_hub.code_link, "https://github.com/hub/repo");
  EXPECT_EQ(after_hub.github_stars, 12);
  EXPECT_EQ(after_hub.ai_keywords, (std::vector<std::string>{"links", "merge"}));

  Paper reader = after_hub;
  reader.links_set_by = "@ada";
  reader.code_link = "";
  reader.project_page = "https://ada.example.org/p";
  upsert({reader});
  upsert({hub, v2});  // the hub and the source again
  Paper kept = stored("2501.00050");
  EXPECT_EQ(kept.links_set_by, "@ada");
  EXPECT_EQ(kept.code_link, "");
  EXPECT_EQ(kept.project_page, "https://ada.example.org/p");

  Paper older_summary = v2;
  older_summary.ai_summary = "A summary of version 1.";
  older_summary.ai_model = "local";
  older_summary.ai_version = 1;
  upsert({older_summary});
  EXPECT_EQ(stored("2501.00050").ai_summary, "A one-sentence summary.");
}

}  // namespace
}  // namespace paperboy
