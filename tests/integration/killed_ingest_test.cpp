// kill -9 in the middle of an ingest, then run it again: the store must end up exactly as if
// the ingest had never been interrupted — nothing lost, nothing twice — and fully indexed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "ingest/paper_json.h"
#include "process.h"
#include "store/store.h"

namespace paperboy {
namespace {

int64_t stored_papers(const std::filesystem::path& data) {
  auto store = testing::open_data_dir_store(data);
  if (!store.ok()) return 0;
  auto stats = (*store)->stats();
  return stats.ok() ? stats->papers : 0;
}

TEST(KilledIngest, RerunAfterKillNineEndsInTheSameStoreAsAnUninterruptedRun) {
  testing::TempDir dir;
  constexpr int kPapers = 60000;
  std::string lines;
  for (int i = 1; i <= kPapers; ++i) {
    Paper paper = testing::make_paper(fmt::format("2411.{:05}", i),
                                      fmt::format("Paper number {} on topic {}", i, i % 97));
    lines += paper_to_json(paper).dump() + "\n";
  }
  testing::write_file(dir / "papers.jsonl", lines);
  std::string file = (dir / "papers.jsonl").string();
  auto killed_data = dir / "killed";
  std::filesystem::create_directories(killed_data);

  pid_t pid = testing::spawn_paperboy(
      {"--data", killed_data.string(), "ingest", "-q", "--batch", "500", file}, dir.path());
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (stored_papers(killed_data) < 2000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  auto killed = testing::wait_for(pid, dir.path());
  ASSERT_EQ(killed.exit_code, -1)
      << "the ingest finished before it could be killed; make the file larger";
  int64_t at_kill = stored_papers(killed_data);
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, kPapers);
  EXPECT_EQ(at_kill % 500, 0) << "only whole batches are ever stored";

  auto rerun = testing::run_paperboy(
      {"--data", killed_data.string(), "ingest", "-q", "--batch", "500", file}, dir.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resumed at line"), std::string::npos) << rerun.err;

  auto clean_data = dir / "clean";
  ASSERT_EQ(testing::run_paperboy({"--data", clean_data.string(), "ingest", "-q", file}, dir.path())
                .exit_code,
            0);

  auto killed_export =
      testing::run_paperboy({"--data", killed_data.string(), "export"}, dir.path());
  auto clean_export = testing::run_paperboy({"--data", clean_data.string(), "export"}, dir.path());
  ASSERT_EQ(killed_export.exit_code, 0);
  EXPECT_EQ(std::count(killed_export.out.begin(), killed_export.out.end(), '\n'), kPapers);
  EXPECT_TRUE(killed_export.out == clean_export.out) << "exports differ";

  auto stats =
      testing::run_paperboy({"--data", killed_data.string(), "stats", "--json"}, dir.path());
  auto figures = nlohmann::json::parse(stats.out);
  EXPECT_EQ(figures["papers"], kPapers);
  EXPECT_EQ(figures["indexed"], kPapers) << "the index caught up with everything stored";
  EXPECT_EQ(figures["index_behind_by"], 0);
}

}  // namespace
}  // namespace paperboy
