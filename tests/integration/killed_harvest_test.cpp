// kill -9 in the middle of a multi-page OAI-PMH harvest, then run it again: the store ends up
// exactly as after an uninterrupted harvest (compared by `paperboy export`), and indexed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "../harvest/oai_pages.h"
#include "../harvest/replay_server.h"
#include "harvest/oai_harvester.h"
#include "process.h"
#include "store/store.h"

namespace paperboy {
namespace {

constexpr int kPages = 12;
constexpr int kPerPage = 40;

// Twelve pages; page 5 revises a paper of page 1 and page 9 withdraws one of page 2.
std::vector<std::vector<testing::OaiTestRecord>> pages() {
  std::vector<std::vector<testing::OaiTestRecord>> all(kPages);
  int n = 0;
  for (int p = 0; p < kPages; ++p) {
    for (int i = 0; i < kPerPage; ++i) {
      testing::OaiTestRecord r;
      r.id = fmt::format("2611.{:05}", ++n);
      r.title = fmt::format("Harvested paper {} on topic {}", n, n % 7);
      all[p].push_back(r);
    }
  }
  all[5][0].id = "2611.00001";
  all[5][0].title = "Harvested paper 1, revised";
  all[5][0].updated = all[5][0].datestamp = "2026-11-20";
  all[9][0].id = "2611.00041";
  all[9][0].deleted = true;
  return all;
}

int64_t pages_stored(const std::filesystem::path& data, const std::string& key) {
  auto store = testing::open_data_dir_store(data);
  if (!store.ok()) return 0;
  auto state = (*store)->job_state(key);
  if (!state.ok() || !state->has_value()) return 0;
  auto json = nlohmann::json::parse(**state, nullptr, false);
  return json.is_object() ? json.value("pages", int64_t{0}) : 0;
}

TEST(KilledHarvest, RerunAfterKillNineEndsInTheSameStoreAsAnUninterruptedHarvest) {
  auto all = pages();
  testing::ReplayServer oai([&](const httplib::Request& request, httplib::Response& response) {
    int page = 0;
    for (int k = 1; k < kPages; ++k) {
      if (request.get_param_value("resumptionToken") == testing::arxiv_token(k)) page = k;
    }
    response.set_content(
        testing::oai_page(all[page], page + 1 < kPages ? testing::arxiv_token(page + 1) : ""),
        "text/xml");
  });
  testing::TempDir dir;
  auto harvest_args = [&](const std::filesystem::path& data) {
    return std::vector<std::string>{
        "--data",        data.string(), "harvest",           "arxiv",   "--set", "cs", "--base-url",
        oai.url("/oai"), "--contact",   "tests@example.org", "--delay", "0.2",   "-q"};
  };
  OaiHarvestRequest request;
  request.base_url = oai.url("/oai");
  request.set = "cs";
  std::string key = oai_state_key(request);

  auto killed_data = dir / "killed";
  pid_t pid = testing::spawn_paperboy(harvest_args(killed_data), dir.path());
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (pages_stored(killed_data, key) < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  auto killed = testing::wait_for(pid, dir.path());
  ASSERT_EQ(killed.exit_code, -1) << "the harvest finished before it could be killed";
  int64_t at_kill = pages_stored(killed_data, key);
  EXPECT_GE(at_kill, 4);
  EXPECT_LT(at_kill, kPages);

  auto rerun = testing::run_paperboy(harvest_args(killed_data), dir.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resuming an interrupted harvest"), std::string::npos) << rerun.err;
  EXPECT_NE(rerun.out.find("(resumed)"), std::string::npos) << rerun.out;

  auto clean_data = dir / "clean";
  auto clean = testing::run_paperboy(harvest_args(clean_data), dir.path());
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find(fmt::format("{} pages, {} records", kPages, kPages * kPerPage)),
            std::string::npos)
      << clean.out;

  auto killed_export =
      testing::run_paperboy({"--data", killed_data.string(), "export"}, dir.path());
  auto clean_export = testing::run_paperboy({"--data", clean_data.string(), "export"}, dir.path());
  ASSERT_EQ(killed_export.exit_code, 0);
  // Two slots repeat earlier ids (the revision, the deletion) and one paper is withdrawn.
  EXPECT_EQ(std::count(clean_export.out.begin(), clean_export.out.end(), '\n'),
            kPages * kPerPage - 3)
      << "every paper once";
  EXPECT_TRUE(killed_export.out == clean_export.out) << "the stores differ";
  EXPECT_NE(clean_export.out.find("Harvested paper 1, revised"), std::string::npos);
  EXPECT_EQ(clean_export.out.find("\"2611.00041\""), std::string::npos) << "withdrawn";

  // Indexed after the rerun: the revision is found, the withdrawn paper is not.
  auto found =
      testing::run_paperboy({"--data", killed_data.string(), "search", "revised"}, dir.path());
  EXPECT_NE(found.out.find("2611.00001"), std::string::npos) << found.out << found.err;
  auto gone = testing::run_paperboy(
      {"--data", killed_data.string(), "search", "\"Harvested paper 41\""}, dir.path());
  EXPECT_EQ(gone.out.find("2611.00041"), std::string::npos) << gone.out;
}

TEST(AddCommand, FetchesPapersFromTheArxivApiAndListsThemToday) {
  testing::ReplayServer api([](const httplib::Request& request, httplib::Response& response) {
    std::string name = request.get_param_value("id_list") == "astro-ph/0601001"
                           ? "arxiv-api-idlist-oldstyle-id.atom.xml"
                           : "arxiv-api-empty-result.atom.xml";
    response.set_content(testing::read_file(testing::fixture_data("formats/" + name)),
                         "application/atom+xml");
  });
  testing::TempDir dir;
  auto data = (dir / "data").string();
  auto added =
      testing::run_paperboy({"--data", data, "add", "arXiv:astro-ph/0601001v1", "--api-url",
                             api.url("/api/query"), "--contact", "tests@example.org"},
                            dir.path());
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("1 found: 1 new"), std::string::npos) << added.out;
  auto shown =
      testing::run_paperboy({"--data", data, "show", "--json", "astro-ph/0601001"}, dir.path());
  auto paper = nlohmann::json::parse(shown.out, nullptr, false);
  ASSERT_TRUE(paper.is_object()) << shown.out << shown.err;
  EXPECT_FALSE(paper.value("hub_day", "").empty()) << "listed on today's feed: " << shown.out;

  auto missing = testing::run_paperboy(
      {"--data", data, "add", "2612.00001", "--api-url", api.url("/api/query"), "--contact",
       "tests@example.org", "--delay", "0"},
      dir.path());
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("2612.00001: not found on arXiv"), std::string::npos) << missing.err;
  auto bad = testing::run_paperboy(
      {"--data", data, "add", "not-an-id", "--contact", "tests@example.org"}, dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not-an-id"), std::string::npos) << bad.err;
}

TEST(HarvestCommand, RefusesToHarvestWithoutAContactAddress) {
  testing::TempDir dir;
  auto result = testing::run_paperboy({"--data", (dir / "data").string(), "harvest", "arxiv",
                                       "--base-url", "http://127.0.0.1:9/oai"},
                                      dir.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("a contact e-mail address is needed"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace paperboy
