// kill -9 of `serve --llm-url` while it summarises, then serve again: every listed paper ends
// with one stored summary, and no paper is asked about more than twice (only the one in
// flight at the kill is asked again). The endpoint is a stand-in on 127.0.0.1.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "../harvest/replay_server.h"
#include "process.h"
#include "store/store.h"

namespace paperboy {
namespace {

constexpr int kPapers = 8;

int summaries_stored(const std::filesystem::path& data) {
  auto store = testing::open_data_dir_store(data);
  if (!store.ok()) return 0;
  int n = 0;
  for (int i = 1; i <= kPapers; ++i) {
    auto found = (*store)->get(fmt::format("2611.{:05}", i));
    if (found.ok() && found->has_value() && !(**found).paper.ai_summary.empty()) ++n;
  }
  return n;
}

TEST(KilledSummaries, ServeKilledMidRoundResumesWithoutAskingTwiceForDonePapers) {
  testing::TempDir dir;
  auto data = dir / "data";
  {
    std::ofstream papers(dir / "papers.jsonl");
    for (int i = 1; i <= kPapers; ++i) {
      papers << nlohmann::json{{"id", fmt::format("2611.{:05}", i)},
                               {"title", fmt::format("Listed paper {}", i)},
                               {"abstract", "An abstract."},
                               {"hub_day", "2026-11-20"}}
                    .dump()
             << "\n";
    }
  }
  ASSERT_EQ(testing::run_paperboy(
                {"--data", data.string(), "ingest", (dir / "papers.jsonl").string()}, dir.path())
                .exit_code,
            0);

  std::mutex mutex;
  std::map<std::string, int> asked;
  testing::ReplayServer llm([&](const httplib::Request& req, httplib::Response& res) {
    std::string text = nlohmann::json::parse(req.body)["messages"][1]["content"];
    std::string title = text.substr(7, text.find('\n') - 7);
    {
      std::lock_guard lock(mutex);
      ++asked[title];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    res.set_content(
        nlohmann::json{
            {"choices",
             {{{"message",
                {{"role", "assistant"}, {"content", "{\"summary\": \"About " + title + ".\"}"}}}}}}}
            .dump(),
        "application/json");
  });
  const std::vector<std::string> serve = {"--data",
                                          data.string(),
                                          "serve",
                                          "--listen",
                                          "127.0.0.1:0",
                                          "--llm-url",
                                          llm.url("/v1/chat/completions"),
                                          "--llm-model",
                                          "stand-in",
                                          "--llm-per-minute",
                                          "600"};
  pid_t pid = testing::spawn_paperboy(serve, dir.path());
  ASSERT_TRUE(
      testing::wait_until([&] { return summaries_stored(data) >= 3; }, std::chrono::seconds(60)));
  kill(pid, SIGKILL);
  ASSERT_EQ(testing::wait_for(pid, dir.path()).exit_code, -1);
  const int at_kill = summaries_stored(data);
  ASSERT_LT(at_kill, kPapers) << "every paper was summarised before the kill";

  pid = testing::spawn_paperboy(serve, dir.path());
  bool all = testing::wait_until([&] { return summaries_stored(data) == kPapers; },
                                 std::chrono::seconds(60));
  kill(pid, SIGTERM);
  testing::wait_for(pid, dir.path());
  ASSERT_TRUE(all) << summaries_stored(data) << " of " << kPapers << " summarised";
  std::lock_guard lock(mutex);
  int asks = 0, asked_twice = 0;
  for (const auto& [title, n] : asked) {
    asks += n;
    asked_twice += n > 1;
    EXPECT_LE(n, 2) << title;
  }
  EXPECT_EQ(asked.size(), static_cast<size_t>(kPapers));
  EXPECT_LE(asked_twice, 1) << "only the paper in flight at the kill is asked again";
  auto store = testing::open_data_dir_store(data);
  Paper p = (**(*store)->get("2611.00001")).paper;
  EXPECT_EQ(p.ai_summary, "About Listed paper 1.");
  EXPECT_EQ(p.ai_model, "stand-in");
}

}  // namespace
}  // namespace paperboy
