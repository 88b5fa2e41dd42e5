// The whole-index build: parts written in store-number order, merged by Xapian's compaction,
// and resumed after the last finished part when a build stops part-way.
#include "index/bulk_lexical_build.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "index/index_location.h"
#include "index/index_writer.h"
#include "index/lexical_index.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

// The fixture's store, except that scan_by_doc_id counts what it hands out, remembers where it
// was asked to start, and can be told to stop (as a killed process would) after some papers.
class ScanWatchingStore final : public Store {
 public:
  explicit ScanWatchingStore(Store& inner) : inner_(inner) {}
  int64_t stop_after = -1;
  int64_t visited = 0;
  int64_t started_after = -1;

  Status scan_by_doc_id(int64_t after,
                        const std::function<bool(const StoredPaper&)>& visit) override {
    started_after = after;
    bool stopped = false;
    auto scanned = inner_.scan_by_doc_id(after, [&](const StoredPaper& paper) {
      if (stop_after >= 0 && visited >= stop_after) {
        stopped = true;
        return false;
      }
      ++visited;
      return visit(paper);
    });
    if (stopped) return Error{"stopped"};
    return scanned;
  }
  Result<UpsertCounts> upsert(std::span<const Paper> p, const std::optional<JobState>& s) override {
    return inner_.upsert(p, s);
  }
  Result<UpsertCounts> write(const ChangeBatch& b) override { return inner_.write(b); }
  Result<std::optional<StoredPaper>> get(std::string_view id) override { return inner_.get(id); }
  Result<std::vector<StoredPaper>> get_many(std::span<const int64_t> ids) override {
    return inner_.get_many(ids);
  }
  Status scan_changes(int64_t after, const std::function<bool(const StoredPaper&)>& v) override {
    return inner_.scan_changes(after, v);
  }
  Status scan_by_id(const std::function<bool(const StoredPaper&)>& v) override {
    return inner_.scan_by_id(v);
  }
  Result<StoreStats> stats() override { return inner_.stats(); }
  Result<int64_t> paper_count() override { return inner_.paper_count(); }
  Result<int64_t> change_seq() override { return inner_.change_seq(); }
  Result<std::vector<StoredPaper>> list_stored_before(int64_t b, size_t l) override {
    return inner_.list_stored_before(b, l);
  }
  Result<std::vector<StoredPaper>> list_hub_days(const HubListing& l) override {
    return inner_.list_hub_days(l);
  }
  Result<std::vector<StoredPaper>> list_by_author(std::string_view n, size_t l) override {
    return inner_.list_by_author(n, l);
  }
  Result<std::vector<StoredPaper>> list_recent(const DateRange& d, size_t l) override {
    return inner_.list_recent(d, l);
  }
  Result<Date> latest_hub_day() override { return inner_.latest_hub_day(); }
  Result<Date> adjacent_hub_day(const Date& d, bool later) override {
    return inner_.adjacent_hub_day(d, later);
  }
  Result<std::optional<std::string>> job_state(std::string_view k) override {
    return inner_.job_state(k);
  }
  Status set_job_state(const JobState& s) override { return inner_.set_job_state(s); }
  Result<std::unique_ptr<JobLock>> try_lock_job(std::string_view job) override {
    return inner_.try_lock_job(job);
  }
  Community& community() override { return inner_.community(); }
  ReaderPreferences& preferences() override { return inner_.preferences(); }
  Mailing& mailing() override { return inner_.mailing(); }
  Discussions& discussions() override { return inner_.discussions(); }
  Profiles& profiles() override { return inner_.profiles(); }
  Organizations& organizations() override { return inner_.organizations(); }
  Thumbnails& thumbnails() override { return inner_.thumbnails(); }
  Collections& collections() override { return inner_.collections(); }

 private:
  Store& inner_;
};

class BulkLexicalBuildTest : public testing::IndexFixture {
 protected:
  static constexpr int kPapers = 41;
  void SetUp() override {
    testing::IndexFixture::SetUp();
    for (int i = 1; i <= kPapers; ++i) {
      Paper paper =
          testing::make_paper(fmt::format("2403.{:05}", i), fmt::format("Paper uniqueword{}", i));
      // Every paper defines the same acronym, so the merged index must know it.
      paper.abstract = "We study reinforcement learning from human feedback (RLHF) with topology.";
      add(paper);
    }
  }
  // Small parts and chunks, so the build writes many parts: 2 shards x 2 papers per chunk,
  // a part closes after 6 papers (at a chunk's end, so every 8).
  static IndexOptions small_parts() {
    IndexOptions options;
    options.shards = 2;
    options.commit_every = 2;
    options.bulk_part_papers = 6;
    return options;
  }
  void expect_every_paper_found_by_its_number() {
    auto index = LexicalIndex::open(dir_ / "index");
    ASSERT_TRUE(index.ok()) << index.error().message;
    EXPECT_EQ(index->document_count(), kPapers);
    for (int i = 1; i <= kPapers; ++i) {
      auto results = index->search({fmt::format("uniqueword{}", i), false, 0, 10});
      ASSERT_TRUE(results.ok());
      ASSERT_EQ(results->hits.size(), 1u) << i;
      EXPECT_EQ(results->hits[0].doc_id, (**store_->get(results->hits[0].id)).doc_id);
    }
    std::vector<std::string> used;
    std::vector<AcronymExpansion> acronyms;
    index->expand_acronyms("RLHF", used, acronyms);
    ASSERT_EQ(acronyms.size(), 1u) << "the acronym counts of every part reach the merged index";
    EXPECT_EQ(acronyms[0].expansion, "reinforcement learning from human feedback");
    auto corrected = index->correct_spelling("topolgy");
    ASSERT_TRUE(corrected.has_value()) << "spelling data of every part is merged";
    EXPECT_EQ(corrected->query, "topology");
  }
};

TEST_F(BulkLexicalBuildTest, PartsMergeIntoOneIndexThatKeepsTheStoresNumbers) {
  auto built = rebuild_lexical_index(*store_, dir_ / "index", small_parts());
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(built->documents_written, kPapers);
  EXPECT_EQ(built->store_seq, *store_->change_seq());
  expect_every_paper_found_by_its_number();
  EXPECT_FALSE(fs::exists(fs::canonical(dir_ / "index" / "lexical") / kBulkBuildDir))
      << "the build's state is removed";
  // The merged index takes incremental updates as before.
  add(testing::make_paper("2403.00999", "Paper lateword"));
  ASSERT_TRUE(update_lexical_index(*store_, dir_ / "index", small_parts()).ok());
  auto index = LexicalIndex::open(dir_ / "index");
  EXPECT_EQ(index->search({"lateword", false, 0, 10})->hits.size(), 1u);
}

TEST_F(BulkLexicalBuildTest, AStoppedBuildResumesAfterItsLastFinishedPart) {
  // A first build that stops after 20 papers: parts 0 and 1 (papers 1-16) are finished.
  ScanWatchingStore stopping(*store_);
  stopping.stop_after = 20;
  auto generation = IndexLocation(dir_ / "index", kLexicalIndexName).new_generation();
  ASSERT_TRUE(generation.ok());
  EXPECT_FALSE(bulk_build_lexical(stopping, *generation, small_parts()).ok());
  EXPECT_TRUE(fs::exists(*generation / kBulkBuildDir));

  ScanWatchingStore watching(*store_);
  auto built = rebuild_lexical_index(watching, dir_ / "index", small_parts());
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(watching.started_after, 16) << "resumed after the last finished part";
  EXPECT_EQ(watching.visited, kPapers - 16) << "finished parts are not read again";
  EXPECT_EQ(fs::canonical(dir_ / "index" / "lexical"), fs::canonical(*generation))
      << "the stopped generation is the one published";
  expect_every_paper_found_by_its_number();
}

// A rebuild that fails part-way (here the store stops answering) keeps its finished parts, as
// a killed one does: the next run reads only the rest.
TEST_F(BulkLexicalBuildTest, AFailedRebuildKeepsItsFinishedPartsForTheNextRun) {
  ScanWatchingStore failing(*store_);
  failing.stop_after = 20;
  auto failed = rebuild_lexical_index(failing, dir_ / "index", small_parts());
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("finished parts are kept"), std::string::npos)
      << failed.error().message;
  auto kept = IndexLocation(dir_ / "index", kLexicalIndexName).unfinished_generation(kBulkBuildDir);
  ASSERT_TRUE(kept.has_value()) << "the failed build's generation is still there";

  ScanWatchingStore watching(*store_);
  auto built = rebuild_lexical_index(watching, dir_ / "index", small_parts());
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(watching.started_after, 16) << "carried on after the last finished part";
  EXPECT_EQ(fs::canonical(dir_ / "index" / "lexical"), fs::canonical(*kept));
  expect_every_paper_found_by_its_number();
}

TEST(BulkLexicalBuildRoom, AMergeWithoutRoomIsRefusedSayingWhatItNeeds) {
  constexpr uint64_t kGiB = 1024ull * 1024 * 1024;
  EXPECT_TRUE(check_room_to_merge(12 * kGiB, 12 * kGiB, "/data/index/lexical-1").ok());
  auto refused = check_room_to_merge(12 * kGiB + kGiB / 2, 3 * kGiB, "/data/index/lexical-1");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("about 12.5 GiB free in /data/index/lexical-1"),
            std::string::npos)
      << refused.message();
  EXPECT_NE(refused.message().find("3.0 GiB are free"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("the parts are kept"), std::string::npos);
}

TEST_F(BulkLexicalBuildTest, ChangesMadeDuringTheBuildAreCaughtUp) {
  ScanWatchingStore stopping(*store_);
  stopping.stop_after = 10;
  auto generation = IndexLocation(dir_ / "index", kLexicalIndexName).new_generation();
  ASSERT_TRUE(generation.ok());
  EXPECT_FALSE(bulk_build_lexical(stopping, *generation, small_parts()).ok());
  // Paper 1 (in a finished part) changes and a paper is added while the build is stopped.
  Paper revised = testing::make_paper("2403.00001", "Paper uniqueword1 revisedword", 2);
  add(revised);
  add(testing::make_paper("2403.00500", "Paper addedword"));
  auto built = rebuild_lexical_index(*store_, dir_ / "index", small_parts());
  ASSERT_TRUE(built.ok()) << built.error().message;
  auto index = LexicalIndex::open(dir_ / "index");
  EXPECT_EQ(index->search({"revisedword", false, 0, 10})->hits.size(), 1u);
  EXPECT_EQ(index->search({"addedword", false, 0, 10})->hits.size(), 1u);
  EXPECT_EQ(index->document_count(), kPapers + 1);
}

}  // namespace
}  // namespace paperboy
