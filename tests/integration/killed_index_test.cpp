// kill -9 in the middle of `paperboy index --rebuild`: the live index keeps serving, and the next
// run resumes after the build's last finished part instead of starting again.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/bulk_lexical_build.h"
#include "ingest/paper_json.h"
#include "process.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

std::string papers_file(const fs::path& path, int first, int last) {
  std::string lines;
  for (int i = first; i <= last; ++i) {
    Paper paper = testing::make_paper(fmt::format("2411.{:05}", i),
                                      fmt::format("Paper number {} on topic {}", i, i % 97));
    lines += paper_to_json(paper).dump() + "\n";
  }
  testing::write_file(path, lines);
  return path.string();
}

// The generation being built beside the live one, once it has finished a part or two.
std::optional<fs::path> building_generation(const fs::path& index_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
    if (fs::exists(entry.path() / kBulkBuildDir / "part-0001.done", ec)) return entry.path();
  }
  return std::nullopt;
}

TEST(KilledIndexBuild, TheLiveIndexServesAndTheRerunResumesAfterTheLastFinishedPart) {
  testing::TempDir dir;
  auto data = dir / "data";
  constexpr int kFirst = 500, kAll = 40000;
  ASSERT_EQ(testing::run_paperboy(
                {"--data", data.string(), "ingest", "-q", papers_file(dir / "a.jsonl", 1, kFirst)},
                dir.path())
                .exit_code,
            0);
  ASSERT_EQ(testing::run_paperboy({"--data", data.string(), "ingest", "-q", "--no-index",
                                   papers_file(dir / "b.jsonl", kFirst + 1, kAll)},
                                  dir.path())
                .exit_code,
            0);
  const fs::path live_before = fs::canonical(data / "index" / "lexical");

  pid_t pid = testing::spawn_paperboy({"--data", data.string(), "index", "--rebuild",
                                       "--part-papers", "2000", "--commit-every", "100"},
                                      dir.path());
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!building_generation(data / "index") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  auto killed = testing::wait_for(pid, dir.path());
  ASSERT_EQ(killed.exit_code, -1) << "the build finished before it could be killed; add papers";
  ASSERT_TRUE(building_generation(data / "index").has_value());

  EXPECT_EQ(fs::canonical(data / "index" / "lexical"), live_before)
      << "the live index is untouched";
  auto search = testing::run_paperboy(
      {"--data", data.string(), "search", "--json", "\"number 7 on\""}, dir.path());
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("2411.00007"), std::string::npos) << "the live index still answers";

  auto rerun = testing::run_paperboy({"--data", data.string(), "index", "--rebuild",
                                      "--part-papers", "2000", "--commit-every", "100"},
                                     dir.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resuming a stopped build after"), std::string::npos) << rerun.err;

  auto stats = testing::run_paperboy({"--data", data.string(), "stats", "--json"}, dir.path());
  auto figures = nlohmann::json::parse(stats.out);
  EXPECT_EQ(figures["indexed"], kAll);
  EXPECT_EQ(figures["index_behind_by"], 0);
  int generations = 0;
  for (const auto& entry : fs::directory_iterator(data / "index")) {
    generations += entry.path().filename().string().rfind("lexical-", 0) == 0;
  }
  EXPECT_EQ(generations, 1) << "only the published generation is left";
}

}  // namespace
}  // namespace paperboy
