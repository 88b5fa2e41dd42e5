#include <fmt/format.h>
#include <gtest/gtest.h>

#include "index/bulk_lexical_build.h"
#include "index/index_location.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

class IndexRebuildTest : public testing::IndexFixture {};

fs::path live_target(const fs::path& index_dir) { return fs::read_symlink(index_dir / "lexical"); }

TEST_F(IndexRebuildTest, IncrementalUpdateIndexesOnlyNewChanges) {
  add(testing::make_paper("2401.00001", "First paper about graphs"));
  index();
  add(testing::make_paper("2401.00002", "Second paper about graphs"));
  auto update = update_lexical_index(*store_, dir_ / "index", {});
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->documents_written, 1);
  EXPECT_EQ(update->store_seq, store_->stats()->change_seq);
  EXPECT_EQ(sorted_ids("graphs"), (std::vector<std::string>{"2401.00001", "2401.00002"}));
}

TEST_F(IndexRebuildTest, UpdatedPaperReplacesItsDocument) {
  add(testing::make_paper("2401.00001", "About graphs", 1));
  index();
  add(testing::make_paper("2401.00001", "About lattices", 2));
  index();
  EXPECT_EQ(ids("graphs"), std::vector<std::string>{});
  EXPECT_EQ(ids("lattices"), std::vector<std::string>{"2401.00001"});
}

// An index written by an older paperboy (another layout) lacks has:code: the next update
// rebuilds it rather than refusing, so an upgraded server or `ingest` just carries on.
TEST_F(IndexRebuildTest, AnIndexOfAnOlderLayoutIsRebuiltByTheNextUpdate) {
  Paper coded = testing::make_paper("2401.00001", "Graphs with code");
  coded.abstract = "Code is available at https://github.com/a/graphs.";
  add(coded);
  add(testing::make_paper("2401.00002", "Graphs without code"));
  index();
  {
    fs::path generation = dir_ / "index" / live_target(dir_ / "index");
    for (const auto& entry : fs::directory_iterator(generation)) {
      if (!entry.is_directory()) continue;
      Xapian::WritableDatabase shard(entry.path().string(), Xapian::DB_OPEN);
      shard.set_metadata(kLayoutKey, "1");
      for (Xapian::docid d = 1; d <= shard.get_lastdocid(); ++d) {
        try {
          Xapian::Document doc = shard.get_document(d);
          doc.remove_term("XHcode");
          shard.replace_document(d, doc);
        } catch (const Xapian::Error&) {
        }
      }
      shard.commit();
    }
  }
  EXPECT_EQ(ids("has:code graphs"), std::vector<std::string>{});
  fs::path before = live_target(dir_ / "index");
  ASSERT_TRUE(update_lexical_index(*store_, dir_ / "index", {}).ok());
  EXPECT_NE(live_target(dir_ / "index"), before);
  EXPECT_EQ(ids("has:code graphs"), std::vector<std::string>{"2401.00001"});
}

TEST_F(IndexRebuildTest, AWithdrawnPaperLeavesTheIndexAndARebuildLeavesItOut) {
  add(testing::make_paper("2401.00001", "About graphs"));
  add(testing::make_paper("2401.00002", "More graphs"));
  index();
  std::vector<Withdrawal> withdrawals{{"2401.00001", Date{2024, 2, 1}}};
  ASSERT_TRUE(store_->write({{}, withdrawals, std::nullopt}).ok());
  index();
  EXPECT_EQ(ids("graphs"), std::vector<std::string>{"2401.00002"});
  ASSERT_TRUE(rebuild_lexical_index(*store_, dir_ / "index", {}).ok());
  EXPECT_EQ(ids("graphs"), std::vector<std::string>{"2401.00002"});
}

TEST_F(IndexRebuildTest, RebuildSwapsGenerationsWhileOpenReadersKeepWorking) {
  for (int i = 1; i <= 30; ++i)
    add(testing::make_paper(fmt::format("2401.{:05}", i), "Paper on topology"));
  index();
  fs::path before = live_target(dir_ / "index");
  auto reader = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(reader.ok());

  add(testing::make_paper("2402.00001", "Paper on topology, added later"));
  auto rebuilt = rebuild_lexical_index(*store_, dir_ / "index", {});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->documents_written, 31);

  fs::path after = live_target(dir_ / "index");
  EXPECT_NE(before, after);
  EXPECT_FALSE(fs::exists(dir_ / "index" / before)) << "the old generation is removed";
  EXPECT_FALSE(fs::exists(dir_ / "index" / "lexical.link-new"));
  // The reader opened before the swap still answers from the generation it holds.
  auto old_results = reader->search({"topology", false, 0, 100});
  ASSERT_TRUE(old_results.ok());
  EXPECT_EQ(old_results->hits.size(), 30u);
  // A reader opened now sees the new generation.
  EXPECT_EQ(ids("topology").size(), 31u);
  ASSERT_TRUE(reader->reopen().ok());
  EXPECT_EQ(reader->document_count(), 31);
}

TEST_F(IndexRebuildTest, AFailedRebuildLeavesTheLiveIndexInPlace) {
  add(testing::make_paper("2401.00001", "Paper on knots"));
  index();
  fs::path before = live_target(dir_ / "index");
  // A store that cannot be read makes the rebuild fail part-way.
  class BrokenStore final : public Store {
   public:
    explicit BrokenStore(Store& inner) : inner_(inner) {}
    Result<UpsertCounts> upsert(std::span<const Paper>, const std::optional<JobState>&) override {
      return Error{"no"};
    }
    Result<UpsertCounts> write(const ChangeBatch&) override { return Error{"no"}; }
    Result<std::optional<StoredPaper>> get(std::string_view) override { return Error{"no"}; }
    Result<std::vector<StoredPaper>> get_many(std::span<const int64_t>) override {
      return Error{"no"};
    }
    Status scan_changes(int64_t, const std::function<bool(const StoredPaper&)>&) override {
      return Error{"disk on fire"};
    }
    Status scan_by_id(const std::function<bool(const StoredPaper&)>&) override {
      return Error{"no"};
    }
    Status scan_by_doc_id(int64_t, const std::function<bool(const StoredPaper&)>&) override {
      return Error{"disk on fire"};
    }
    Community& community() override { return inner_.community(); }
    ReaderPreferences& preferences() override { return inner_.preferences(); }
    Mailing& mailing() override { return inner_.mailing(); }
    Discussions& discussions() override { return inner_.discussions(); }
    Profiles& profiles() override { return inner_.profiles(); }
    Organizations& organizations() override { return inner_.organizations(); }
    Thumbnails& thumbnails() override { return inner_.thumbnails(); }
    Collections& collections() override { return inner_.collections(); }
    Result<std::vector<StoredPaper>> list_recent(const DateRange&, size_t) override {
      return Error{"no"};
    }
    Result<std::vector<StoredPaper>> list_stored_before(int64_t, size_t) override {
      return Error{"no"};
    }
    Result<Date> adjacent_hub_day(const Date&, bool) override { return Error{"no"}; }
    Result<StoreStats> stats() override { return inner_.stats(); }
    Result<int64_t> change_seq() override { return inner_.change_seq(); }
    Result<int64_t> paper_count() override { return inner_.paper_count(); }
    Result<std::vector<StoredPaper>> list_hub_days(const HubListing&) override {
      return Error{"no"};
    }
    Result<Date> latest_hub_day() override { return Error{"no"}; }
    Result<std::vector<StoredPaper>> list_by_author(std::string_view, size_t) override {
      return Error{"no"};
    }
    Result<std::optional<std::string>> job_state(std::string_view) override { return Error{"no"}; }
    Status set_job_state(const JobState&) override { return Error{"no"}; }
    Result<std::unique_ptr<JobLock>> try_lock_job(std::string_view) override { return Error{"no"}; }

   private:
    Store& inner_;
  } broken(*store_);
  auto rebuilt = rebuild_lexical_index(broken, dir_ / "index", {});
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_NE(rebuilt.error().message.find("disk on fire"), std::string::npos);
  EXPECT_EQ(live_target(dir_ / "index"), before);
  EXPECT_EQ(ids("knots"), std::vector<std::string>{"2401.00001"});
  int generations = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "index"))
    generations += entry.is_directory() && !entry.is_symlink();
  EXPECT_EQ(generations, 2) << "the half-built generation is kept beside the live one";
  EXPECT_TRUE(IndexLocation(dir_ / "index", kLexicalIndexName)
                  .unfinished_generation(kBulkBuildDir)
                  .has_value())
      << "for the next rebuild to carry on from";
}

TEST(IndexLocation, NoLiveIndexSaysHowToBuildOne) {
  testing::TempDir dir;
  auto index = LexicalIndex::open(dir / "index");
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.error().message.find("paperboy index --rebuild"), std::string::npos);
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

class ShardedIndexTest : public testing::IndexFixture {
 protected:
  IndexOptions with_shards(size_t shards) {
    IndexOptions options;
    options.shards = shards;
    options.commit_every = 4;  // several chunks, so commits interleave with the scan
    return options;
  }
  // Every paper is found by a word only it has, under the store's own number.
  void expect_every_paper_found_by_its_number(int papers) {
    auto index = LexicalIndex::open(dir_ / "index");
    ASSERT_TRUE(index.ok());
    EXPECT_EQ(index->document_count(), papers);
    for (int i = 1; i <= papers; ++i) {
      auto results = index->search({fmt::format("uniqueword{}", i), false, 0, 10});
      ASSERT_TRUE(results.ok());
      ASSERT_EQ(results->hits.size(), 1u) << i;
      auto stored = store_->get(results->hits[0].id);
      EXPECT_EQ(results->hits[0].doc_id, (**stored).doc_id) << "docids interleave across shards";
    }
  }
};

TEST_F(ShardedIndexTest, DocumentNumbersMatchTheStoreWhateverTheShardCount) {
  for (int i = 1; i <= 23; ++i) {
    Paper paper =
        testing::make_paper(fmt::format("2403.{:05}", i), fmt::format("Paper uniqueword{}", i));
    add(paper);
  }
  for (size_t shards : {1u, 2u, 3u}) {
    auto rebuilt = rebuild_lexical_index(*store_, dir_ / "index", with_shards(shards));
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
    expect_every_paper_found_by_its_number(23);
  }
}

TEST_F(ShardedIndexTest, AShardLeftBehindByACrashIsCaughtUp) {
  for (int i = 1; i <= 10; ++i)
    add(testing::make_paper(fmt::format("2403.{:05}", i), fmt::format("Paper uniqueword{}", i)));
  ASSERT_TRUE(rebuild_lexical_index(*store_, dir_ / "index", with_shards(2)).ok());
  for (int i = 11; i <= 14; ++i)
    add(testing::make_paper(fmt::format("2403.{:05}", i), fmt::format("Paper uniqueword{}", i)));
  {
    // As if the process died after shard 0 committed and before shard 1 did: shard 1 is back
    // at change 3, without the documents of later changes (doc_ids 4, 6, 8, 10).
    auto shard1 = std::filesystem::canonical(dir_ / "index" / "lexical") / "shard-1";
    Xapian::WritableDatabase db(shard1.string());
    for (Xapian::docid doc_id : {4u, 6u, 8u, 10u}) db.delete_document((doc_id - 1) / 2 + 1);
    db.set_metadata(kStoreSeqKey, "3");
    db.commit();
  }
  auto update = update_lexical_index(*store_, dir_ / "index", with_shards(2));
  ASSERT_TRUE(update.ok()) << update.error().message;
  EXPECT_EQ(update->store_seq, store_->stats()->change_seq);
  expect_every_paper_found_by_its_number(14);
}

}  // namespace
}  // namespace paperboy
