#include "ingest/ingest_pipeline.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/paper_json.h"
#include "test_support.h"

namespace paperboy {
namespace {

std::string paper_line(int n) {
  return paper_to_json(
             testing::make_paper(fmt::format("2410.{:05}", n), fmt::format("Paper {}", n)))
      .dump();
}

// Passes writes through to a real store until `fail_after` batches, then fails like a crash.
class FailingStore final : public Store {
 public:
  FailingStore(Store& inner, int fail_after) : inner_(inner), remaining_(fail_after) {}
  Result<UpsertCounts> upsert(std::span<const Paper> papers,
                              const std::optional<JobState>& state) override {
    if (remaining_-- <= 0) return Error{"simulated crash"};
    return inner_.upsert(papers, state);
  }
  Result<UpsertCounts> write(const ChangeBatch& batch) override {
    if (remaining_-- <= 0) return Error{"simulated crash"};
    return inner_.write(batch);
  }
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
  Status scan_by_doc_id(int64_t after, const std::function<bool(const StoredPaper&)>& v) override {
    return inner_.scan_by_doc_id(after, v);
  }
  Community& community() override { return inner_.community(); }
  ReaderPreferences& preferences() override { return inner_.preferences(); }
  Mailing& mailing() override { return inner_.mailing(); }
  Discussions& discussions() override { return inner_.discussions(); }
  Profiles& profiles() override { return inner_.profiles(); }
  Organizations& organizations() override { return inner_.organizations(); }
  Thumbnails& thumbnails() override { return inner_.thumbnails(); }
  Collections& collections() override { return inner_.collections(); }
  Result<std::vector<StoredPaper>> list_recent(const DateRange& d, size_t l) override {
    return inner_.list_recent(d, l);
  }
  Result<std::vector<StoredPaper>> list_stored_before(int64_t d, size_t l) override {
    return inner_.list_stored_before(d, l);
  }
  Result<Date> adjacent_hub_day(const Date& d, bool later) override {
    return inner_.adjacent_hub_day(d, later);
  }
  Result<StoreStats> stats() override { return inner_.stats(); }
  Result<int64_t> change_seq() override { return inner_.change_seq(); }
  Result<int64_t> paper_count() override { return inner_.paper_count(); }
  Result<std::vector<StoredPaper>> list_hub_days(const HubListing& l) override {
    return inner_.list_hub_days(l);
  }
  Result<Date> latest_hub_day() override { return inner_.latest_hub_day(); }
  Result<std::vector<StoredPaper>> list_by_author(std::string_view n, size_t l) override {
    return inner_.list_by_author(n, l);
  }
  Result<std::optional<std::string>> job_state(std::string_view key) override {
    return inner_.job_state(key);
  }
  Status set_job_state(const JobState& state) override { return inner_.set_job_state(state); }
  Result<std::unique_ptr<JobLock>> try_lock_job(std::string_view job) override {
    return inner_.try_lock_job(job);
  }

 private:
  Store& inner_;
  int remaining_;
};

class IngestPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
    options_.show_progress = false;
    options_.on_rejected = [this](const std::string& message) { rejected_.push_back(message); };
  }
  std::string write_lines(int count, const std::string& name = "papers.jsonl") {
    std::string text;
    for (int i = 1; i <= count; ++i) text += paper_line(i) + "\n";
    testing::write_file(dir_ / name, text);
    return (dir_ / name).string();
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  IngestOptions options_;
  std::vector<std::string> rejected_;
};

TEST_F(IngestPipelineTest, CorruptLineInTheMiddleIsReportedByLineAndTheRestIngested) {
  std::string path = (dir_ / "mixed.jsonl").string();
  testing::write_file(path, paper_line(1) + "\n" + paper_line(2) +
                                "\n{\"id\": \"2410.00003\", \"title\": \n" + paper_line(4) +
                                "\n\n" + R"({"id":"nonsense","title":"T"})" + "\n" + paper_line(5) +
                                "\n");
  auto report = IngestPipeline(*store_, options_).ingest_file(path);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->inserted, 4);
  EXPECT_EQ(report->rejected, 2);
  ASSERT_EQ(rejected_.size(), 2u);
  EXPECT_EQ(rejected_[0].rfind(path + ":3: not valid JSON", 0), 0u) << rejected_[0];
  EXPECT_EQ(rejected_[1].rfind(path + ":6: id:", 0), 0u) << rejected_[1];
  EXPECT_EQ(store_->stats()->papers, 4);
}

TEST_F(IngestPipelineTest, InterruptedIngestResumesAfterTheLastCommittedBatch) {
  std::string path = write_lines(95);
  options_.batch_size = 10;
  FailingStore crashing(*store_, 3);
  auto first = IngestPipeline(crashing, options_).ingest_file(path);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(store_->stats()->papers, 30);

  auto second = IngestPipeline(*store_, options_).ingest_file(path);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->resumed_from_line, 31);
  EXPECT_EQ(second->records, 65) << "only the lines after the checkpoint are read again";
  EXPECT_EQ(second->inserted, 65);
  EXPECT_EQ(store_->stats()->papers, 95);
  EXPECT_FALSE(
      store_->job_state("ingest:" + std::filesystem::canonical(path).string())->has_value())
      << "a finished file leaves no checkpoint";
}

TEST_F(IngestPipelineTest, AFileChangedSinceTheInterruptionIsReadFromTheStart) {
  std::string path = write_lines(50);
  options_.batch_size = 10;
  FailingStore crashing(*store_, 2);
  ASSERT_FALSE(IngestPipeline(crashing, options_).ingest_file(path).ok());
  write_lines(60);  // rewritten: another size, another modification time
  auto report = IngestPipeline(*store_, options_).ingest_file(path);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->resumed_from_line, 0);
  EXPECT_EQ(report->records, 60);
  EXPECT_EQ(report->unchanged, 20);
  EXPECT_EQ(store_->stats()->papers, 60);
}

TEST_F(IngestPipelineTest, IngestingAFileAgainChangesNothing) {
  std::string path = write_lines(25);
  ASSERT_TRUE(IngestPipeline(*store_, options_).ingest_file(path).ok());
  int64_t seq = store_->stats()->change_seq;
  auto again = IngestPipeline(*store_, options_).ingest_file(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 25);
  EXPECT_EQ(again->resumed_from_line, 0);
  EXPECT_EQ(store_->stats()->change_seq, seq);
}

TEST_F(IngestPipelineTest, ReadsTheSnapshotFormatAndHfDailyLists) {
  auto snapshot =
      IngestPipeline(*store_, options_)
          .ingest_file(testing::fixture_data("formats/arxiv-snapshot-200.jsonl").string());
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->inserted, 200);
  auto daily = IngestPipeline(*store_, options_)
                   .ingest_file(testing::sample_data("hf-daily/2024-10-22.json").string());
  ASSERT_TRUE(daily.ok());
  EXPECT_EQ(daily->inserted, 22);
  EXPECT_EQ(store_->stats()->papers, 222);
}

TEST_F(IngestPipelineTest, RejectsFilesThatAreNotJson) {
  testing::write_file(dir_ / "notes.txt", "hello\n");
  auto report = IngestPipeline(*store_, options_).ingest_file((dir_ / "notes.txt").string());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("notes.txt"), std::string::npos);
  EXPECT_FALSE(
      IngestPipeline(*store_, options_).ingest_file((dir_ / "missing.jsonl").string()).ok());
}

}  // namespace
}  // namespace paperboy
