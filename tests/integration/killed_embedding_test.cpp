// kill -9 while `paperboy index --rebuild` embeds papers, and again while it builds the vector
// index over them: the live vectors keep answering semantic searches, and the next run embeds
// only the papers the stopped one had not saved (none, once embedding had finished).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "ingest/paper_json.h"
#include "process.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kFirst = 500, kAll = 20000;
const char* kTopics[] = {"graph neural networks",    "protein folding",        "galaxy clusters",
                         "quantum error correction", "reinforcement learning", "sheaf cohomology",
                         "language models",          "fluid turbulence"};

std::string papers_file(const fs::path& path, int first, int last) {
  std::string lines;
  for (int i = first; i <= last; ++i) {
    const char* topic = kTopics[i % 8];
    Paper paper =
        testing::make_paper(fmt::format("2411.{:05}", i), fmt::format("On {} number {}", topic, i));
    paper.abstract =
        fmt::format("We study {} and report results on {} benchmark {}.", topic, topic, i % 31);
    lines += paper_to_json(paper).dump() + "\n";
  }
  testing::write_file(path, lines);
  return path.string();
}

// Rows the stopped embedding of a generation beside the live one has saved for good: its marker
// (written after the rows and state.json) says how many.
int64_t saved_embedding_rows(const fs::path& index_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
    std::ifstream in(entry.path() / "embedding.json");
    if (!in) continue;
    auto marker = nlohmann::json::parse(in, nullptr, false);
    if (!marker.is_discarded()) return marker.value("rows", int64_t{0});
  }
  return 0;
}

bool file_contains(const fs::path& file, const std::string& text) {
  return testing::read_file(file).find(text) != std::string::npos;
}

// Starts `index --rebuild`, waits until `ready` says so, and kills it there.
void kill_rebuild_when(const fs::path& data, const fs::path& scratch,
                       const std::vector<std::string>& extra, const std::function<bool()>& ready,
                       const char* what) {
  std::vector<std::string> args = {"--data", data.string(), "index", "--rebuild"};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_t pid = testing::spawn_paperboy(args, scratch);
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + 180s;
  while (!ready() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(2ms);
  kill(pid, SIGKILL);
  auto killed = testing::wait_for(pid, scratch);
  ASSERT_EQ(killed.exit_code, -1) << "the rebuild finished before it was killed " << what
                                  << "; add papers";
}

void expect_semantic_search_answers(const fs::path& data, const fs::path& scratch) {
  auto search = testing::run_paperboy(
      {"--data", data.string(), "search", "--mode", "semantic", "--json", "protein folding"},
      scratch);
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("protein folding"), std::string::npos) << search.out.substr(0, 500);
}

TEST(KilledVectorBuild, LiveVectorsServeAndTheRerunKeepsWhatWasEmbedded) {
  testing::TempDir dir;
  auto data = dir / "data";
  auto index_dir = data / "index";
  ASSERT_EQ(testing::run_paperboy(
                {"--data", data.string(), "ingest", "-q", papers_file(dir / "a.jsonl", 1, kFirst)},
                dir.path())
                .exit_code,
            0);
  const fs::path live_before = fs::canonical(index_dir / "vectors");
  ASSERT_EQ(testing::run_paperboy({"--data", data.string(), "ingest", "-q", "--no-index",
                                   papers_file(dir / "b.jsonl", kFirst + 1, kAll)},
                                  dir.path())
                .exit_code,
            0);

  // 1. Killed after its first save of embedded rows.
  kill_rebuild_when(
      data, dir.path(), {}, [&] { return saved_embedding_rows(index_dir) > 0; }, "while embedding");
  const int64_t saved = saved_embedding_rows(index_dir);
  ASSERT_GT(saved, 0);
  ASSERT_LT(saved, kAll) << "embedding had finished; add papers";
  EXPECT_EQ(fs::canonical(index_dir / "vectors"), live_before) << "the live vectors are untouched";
  expect_semantic_search_answers(data, dir.path());

  // 2. Killed while the vector index is built over every embedded row.
  kill_rebuild_when(
      data, dir.path(), {"--vector-index", "ivf"},
      [&] { return file_contains(dir / "stderr", "vector index"); },
      "while building the vector index");
  std::smatch resumed;
  const std::string err = testing::read_file(dir / "stderr");
  ASSERT_TRUE(std::regex_search(
      err, resumed, std::regex(R"(resuming a stopped run, (\d+) papers already embedded)")))
      << "the first run's rows were not kept: " << err;
  EXPECT_GE(std::stoll(resumed[1]), saved);
  EXPECT_EQ(fs::canonical(index_dir / "vectors"), live_before);
  expect_semantic_search_answers(data, dir.path());

  // 3. Finishes without embedding anything again, and with every paper's row once (a row saved
  // twice, as a stop between state.json and the marker used to leave, would count twice).
  auto rerun = testing::run_paperboy(
      {"--data", data.string(), "index", "--rebuild", "--vector-index", "ivf"}, dir.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find(fmt::format("resuming a stopped run, {} papers already embedded", kAll)),
            std::string::npos)
      << rerun.err;
  EXPECT_NE(rerun.out.find("vectors: 0 embedded"), std::string::npos) << rerun.out;
  EXPECT_NE(fs::canonical(index_dir / "vectors"), live_before)
      << "the finished generation is published";
  expect_semantic_search_answers(data, dir.path());

  int generations = 0;
  for (const auto& entry : fs::directory_iterator(index_dir)) {
    generations += entry.path().filename().string().rfind("vectors-", 0) == 0;
  }
  EXPECT_EQ(generations, 1) << "only the published vector generation is left";
}

}  // namespace
}  // namespace paperboy
