// kill -9 of `serve --thumbnails` while it fetches first pages, then serve again: every listed
// paper ends with one stored thumbnail, and no PDF is fetched more than twice (only the one in
// flight at the kill is fetched again). arXiv is a stand-in on 127.0.0.1.
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
#include "../harvest/test_pdfs.h"
#include "process.h"
#include "store/store.h"

namespace paperboy {
namespace {

constexpr int kPapers = 8;

std::string paper_id(int i) { return fmt::format("2611.{:05}", i); }

int thumbnails_stored(const std::filesystem::path& data) {
  auto store = testing::open_data_dir_store(data);
  if (!store.ok()) return 0;
  int n = 0;
  for (int i = 1; i <= kPapers; ++i) {
    auto found = (*store)->get(paper_id(i));
    if (!found.ok() || !found->has_value()) continue;
    auto image = (*store)->thumbnails().thumbnail((**found).doc_id);
    n += image.ok() && image->has_value() && (**found).paper.thumbnail_version == 1;
  }
  return n;
}

TEST(KilledThumbnails, ServeKilledMidRoundResumesWithoutFetchingDonePapersAgain) {
  testing::TempDir dir;
  auto data = dir / "data";
  {
    std::ofstream papers(dir / "papers.jsonl");
    for (int i = 1; i <= kPapers; ++i) {
      papers << nlohmann::json{{"id", paper_id(i) + "v1"},
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

  const std::string pdf = testing::make_pdf("paper", "Listed paper");
  ASSERT_FALSE(pdf.empty());
  std::mutex mutex;
  std::map<std::string, int> fetched;
  testing::ReplayServer arxiv([&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      ++fetched[req.path];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    res.set_content(pdf, "application/pdf");
  });
  const std::vector<std::string> serve = {"--data",
                                          data.string(),
                                          "serve",
                                          "--listen",
                                          "127.0.0.1:0",
                                          "--thumbnails",
                                          "--contact",
                                          "tests@example.org",
                                          "--delay",
                                          "0",
                                          "--pdf-url",
                                          arxiv.url("/pdf/"),
                                          "--thumbnails-per-minute",
                                          "600"};
  pid_t pid = testing::spawn_paperboy(serve, dir.path());
  ASSERT_TRUE(
      testing::wait_until([&] { return thumbnails_stored(data) >= 3; }, std::chrono::seconds(60)));
  kill(pid, SIGKILL);
  ASSERT_EQ(testing::wait_for(pid, dir.path()).exit_code, -1);
  ASSERT_LT(thumbnails_stored(data), kPapers) << "every paper was drawn before the kill";

  pid = testing::spawn_paperboy(serve, dir.path());
  bool all = testing::wait_until([&] { return thumbnails_stored(data) == kPapers; },
                                 std::chrono::seconds(60));
  kill(pid, SIGTERM);
  testing::wait_for(pid, dir.path());
  ASSERT_TRUE(all) << thumbnails_stored(data) << " of " << kPapers << " drawn";
  std::lock_guard lock(mutex);
  int fetched_twice = 0;
  for (const auto& [path, n] : fetched) {
    fetched_twice += n > 1;
    EXPECT_LE(n, 2) << path;
  }
  EXPECT_EQ(fetched.size(), static_cast<size_t>(kPapers));
  EXPECT_EQ(fetched.count("/pdf/2611.00001v1"), 1u) << "asked for by version";
  EXPECT_LE(fetched_twice, 1) << "only the PDF in flight at the kill is fetched again";
}

}  // namespace
}  // namespace paperboy
