// The paperboy command line end to end: real binary, real files, real data directory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "embed/blas_kernels.h"
#include "process.h"
#include "store/store.h"
#include "test_postgres.h"

namespace paperboy {
namespace {

using testing::run_paperboy;

class CliTest : public ::testing::Test {
 protected:
  testing::ProcessResult paperboy(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", (dir_ / "data").string()});
    return run_paperboy(args, dir_.path());
  }
  testing::TempDir dir_;
};

// On a CPU newer than Debian's OpenBLAS knows, it would run 2004's SSE3 kernels; paperboy starts
// itself again with the widest family the CPU has. (This test process was not restarted, so it
// still sees OpenBLAS's own choice.)
TEST_F(CliTest, RunsOnTheWidestBlasKernelsTheCpuHas) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr)
    GTEST_SKIP() << "OPENBLAS_CORETYPE is set: the operator chose";
  const std::string better = better_blas_kernels();
  const std::string expected = better.empty() ? blas_kernels() : better;
  auto version = run_paperboy({"--version"}, dir_.path());
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_NE(version.out.find("OpenBLAS kernels: " + expected + ")"), std::string::npos)
      << version.out << " (OpenBLAS alone chose " << blas_kernels() << ")";
}

// Cranfield-like BEIR sets: no document has a title, one has nothing at all, one writes its
// title as null, one has an id the store cannot key. The run completes and says what it skipped.
TEST_F(CliTest, EvalIndexesTitleLessDocumentsAndSkipsEmptyOnes) {
  auto set = dir_ / "cranfield";
  std::filesystem::create_directories(set / "qrels");
  testing::write_file(
      set / "corpus.jsonl",
      R"({"_id": "1", "title": "", "text": "experimental investigation of the aerodynamics of a wing in a slipstream"})"
      "\n"
      R"({"_id": "2", "title": "", "text": "simple shear flow past a flat plate in an incompressible fluid"})"
      "\n"
      R"({"_id": "471", "title": "", "text": ""})"
      "\n"
      R"({"_id": "5", "title": null, "text": "heat transfer to a blunt body in hypersonic flow"})"
      "\n"
      R"({"_id": "bad id", "title": "", "text": "an id with a space in it"})"
      "\n");
  testing::write_file(set / "queries.jsonl",
                      R"({"_id": "q1", "text": "aerodynamics of a wing in a slipstream"})"
                      "\n"
                      R"({"_id": "q2", "text": "hypersonic heat transfer"})"
                      "\n");
  testing::write_file(set / "qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\t1\t1\nq2\t5\t1\n");

  auto eval = paperboy({"eval", "--set", set.string(), "--no-semantic", "--json"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  auto report = nlohmann::json::parse(eval.out);
  EXPECT_EQ(report["documents"], 3);
  EXPECT_EQ(report["skipped_empty_documents"], 1);
  EXPECT_EQ(report["skipped_invalid_documents"], 1);
  EXPECT_DOUBLE_EQ(report["lexical"]["mrr@10"].get<double>(), 1.0);

  auto text = paperboy({"eval", "--set", set.string(), "--no-semantic"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("skipped 1 empty documents"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("corpus document 'bad id'"), std::string::npos) << text.out;
}

TEST_F(CliTest, IngestSearchShowAndStatsOnTheSnapshotSample) {
  auto ingest = paperboy(
      {"ingest", "-q", testing::fixture_data("formats/arxiv-snapshot-200.jsonl").string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("200 records: 200 new"), std::string::npos) << ingest.out;

  auto search = paperboy({"search", "--json", "diphoton", "production"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  auto results = nlohmann::json::parse(search.out);
  ASSERT_FALSE(results["results"].empty());
  EXPECT_EQ(results["results"][0]["id"], "0704.0001");
  EXPECT_NE(results["results"][0]["snippet"].get<std::string>().find("<b>"), std::string::npos);

  auto show = paperboy({"show", "arXiv:0704.0001v2"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("C. Balázs"), std::string::npos);
  EXPECT_NE(show.out.find("https://arxiv.org/abs/0704.0001"), std::string::npos);

  auto stats = paperboy({"stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0);
  auto figures = nlohmann::json::parse(stats.out);
  EXPECT_EQ(figures["papers"], 200);
  EXPECT_EQ(figures["indexed"], 200);
  EXPECT_EQ(figures["index_behind_by"], 0);
}

TEST_F(CliTest, StoreOptionPutsTheStoreWhereItSaysAndRefusesWhatItCannotOpen) {
  const auto elsewhere = dir_ / "elsewhere" / "papers.sqlite";
  std::filesystem::create_directories(elsewhere.parent_path());
  auto ingested = paperboy({"--store", "sqlite:" + elsewhere.string(), "ingest", "-q", "--no-index",
                            testing::sample_data("hf-daily/2025-10-21.json").string()});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_TRUE(std::filesystem::exists(elsewhere));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "store.sqlite"));
  auto exported = paperboy({"--store", "sqlite:" + elsewhere.string(), "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("\"id\""), std::string::npos);

  // Nothing listens on port 1: the error says PostgreSQL could not be reached.
  auto postgres =
      paperboy({"--store", "postgresql://paperboy:secret@127.0.0.1:1/paperboy", "export"});
  EXPECT_EQ(postgres.exit_code, 1);
  EXPECT_NE(postgres.err.find("postgresql: cannot connect"), std::string::npos) << postgres.err;
  EXPECT_EQ(postgres.err.find("secret"), std::string::npos)
      << "the password is not echoed: " << postgres.err;
  auto unknown = paperboy({"--store", "mysql://x", "export"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("expected sqlite:PATH"), std::string::npos) << unknown.err;
}

// The option's help names both kinds of store, and where a password goes (issue 36, item 8).
TEST_F(CliTest, StoreOptionHelpNamesPostgresAndWhereThePasswordGoes) {
  auto help = paperboy({"--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("postgresql://"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("PGPASSWORD"), std::string::npos) << help.out;
}

// The same files ingested into SQLite and into PostgreSQL export byte for byte alike.
TEST_F(CliTest, APostgresStoreHoldsWhatASqliteStoreHolds) {
  std::string why;
  auto schema = testing::PostgresSchema::create(why);
  if (!schema) {
    if (testing::postgres_required()) FAIL() << why;
    GTEST_SKIP() << why;
  }
  const std::vector<std::string> files = {
      testing::fixture_data("formats/arxiv-snapshot-200.jsonl").string(),
      testing::sample_data("hf-daily/2025-10-21.json").string(),
      testing::sample_data("hf-daily/2026-08-18.json").string()};
  std::vector<std::string> exports;
  for (const std::string& store : {"sqlite:" + (dir_ / "copy.sqlite").string(), schema->uri()}) {
    std::vector<std::string> ingest = {"--store", store, "ingest", "-q", "--no-index"};
    ingest.insert(ingest.end(), files.begin(), files.end());
    auto ingested = paperboy(ingest);
    ASSERT_EQ(ingested.exit_code, 0) << store << ": " << ingested.err;
    auto again = paperboy(ingest);  // nothing new: every paper unchanged
    ASSERT_EQ(again.exit_code, 0) << again.err;
    auto exported = paperboy({"--store", store, "export"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    exports.push_back(exported.out);
  }
  EXPECT_GT(exports[0].size(), 100'000u);
  EXPECT_TRUE(exports[0] == exports[1]) << "the PostgreSQL export differs from the SQLite one";

  // An ingest that indexes, into the shared store from a data directory with no index, says
  // it builds a private index there (issue 36, item 8); the next one has it and says nothing.
  std::vector<std::string> ingest = {
      "--data", (dir_ / "fresh").string(), "--store", schema->uri(), "ingest", "-q", files[1]};
  auto indexed = run_paperboy(ingest, dir_.path());
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_NE(indexed.err.find("building a private one"), std::string::npos) << indexed.err;
  auto again_indexed = run_paperboy(ingest, dir_.path());
  ASSERT_EQ(again_indexed.exit_code, 0) << again_indexed.err;
  EXPECT_EQ(again_indexed.err.find("building a private one"), std::string::npos)
      << again_indexed.err;
}

TEST_F(CliTest, ExportThenIngestRoundTripsExactly) {
  ASSERT_EQ(
      paperboy({"ingest", "-q", testing::fixture_data("formats/arxiv-snapshot-200.jsonl").string(),
                testing::sample_data("hf-daily/2025-10-21.json").string()})
          .exit_code,
      0);
  auto first = paperboy({"export", "-o", (dir_ / "first.jsonl").string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;

  auto second_dir = (dir_ / "second").string();
  ASSERT_EQ(run_paperboy({"--data", second_dir, "ingest", "-q", (dir_ / "first.jsonl").string()},
                         dir_.path())
                .exit_code,
            0);
  auto second = run_paperboy({"--data", second_dir, "export"}, dir_.path());
  ASSERT_EQ(second.exit_code, 0);
  std::string exported = testing::read_file(dir_ / "first.jsonl");
  EXPECT_FALSE(exported.empty());
  EXPECT_EQ(second.out, exported);
}

TEST_F(CliTest, RejectedLinesAreNamedAndGiveExitCodeThree) {
  std::string good = R"({"id":"2410.00001","title":"Good paper"})";
  testing::write_file(dir_ / "mixed.jsonl",
                      good + "\n{broken\n" + R"({"id":"2410.00002","title":"Also good"})" + "\n");
  auto ingest = paperboy({"ingest", "-q", (dir_ / "mixed.jsonl").string()});
  EXPECT_EQ(ingest.exit_code, 3);
  EXPECT_NE(ingest.err.find("mixed.jsonl:2: not valid JSON"), std::string::npos) << ingest.err;
  EXPECT_NE(ingest.out.find("2 new"), std::string::npos);
}

TEST_F(CliTest, ErrorsAreClearAndExitNonZero) {
  auto bad_id = paperboy({"show", "not-an-id"});
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.err.find("not an arXiv id: 'not-an-id'"), std::string::npos) << bad_id.err;

  auto missing = paperboy({"show", "2410.99999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no paper 2410.99999"), std::string::npos);

  auto no_index = paperboy({"search", "anything"});
  EXPECT_EQ(no_index.exit_code, 1);
  EXPECT_NE(no_index.err.find("paperboy index --rebuild"), std::string::npos) << no_index.err;

  auto no_file = paperboy({"ingest", (dir_ / "nope.jsonl").string()});
  EXPECT_NE(no_file.exit_code, 0);

  ASSERT_EQ(paperboy({"ingest", "-q", testing::sample_data("hf-daily/2025-10-21.json").string()})
                .exit_code,
            0);
  auto bad_query = paperboy({"search", "diffusion", "from:2024-99"});
  EXPECT_EQ(bad_query.exit_code, 1);
  EXPECT_NE(bad_query.err.find("2024-99"), std::string::npos) << bad_query.err;
}

TEST_F(CliTest, IndexRebuildKeepsSearchResults) {
  ASSERT_EQ(paperboy({"ingest", "-q", testing::sample_data("hf-daily/2025-10-21.json").string()})
                .exit_code,
            0);
  auto before = paperboy({"search", "--json", "image editing"});
  auto rebuild = paperboy({"index", "--rebuild", "-q"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  auto after = paperboy({"search", "--json", "image editing"});
  auto strip_timing = [](const std::string& out) {
    auto j = nlohmann::json::parse(out);
    j.erase("took_ms");
    return j;
  };
  EXPECT_EQ(strip_timing(before.out), strip_timing(after.out));
}

}  // namespace
}  // namespace paperboy

namespace paperboy {
namespace {

// Issue 18: the operator makes an admin or a moderator from the command line, and is told
// plainly when the address or the role is wrong.
TEST_F(CliTest, AdminGrantGivesAnAccountItsRoleAndNamesWhatIsWrong) {
  {
    std::filesystem::create_directories(dir_ / "data");
    auto store = open_sqlite_store((dir_ / "data" / "store.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->community().create_user("first@example.org", "First", "h", 1).ok());
    ASSERT_TRUE((*store)->community().create_user("ada@example.org", "Ada", "h", 1).ok());
  }
  auto granted = paperboy({"admin", "grant", "Ada@Example.org", "moderator"});
  ASSERT_EQ(granted.exit_code, 0) << granted.err;
  EXPECT_NE(granted.out.find("ada@example.org (@ada) is now moderator"), std::string::npos)
      << granted.out;
  auto store = open_sqlite_store((dir_ / "data" / "store.sqlite").string());
  EXPECT_EQ((**(*store)->community().user_by_email("ada@example.org")).role, Role::kModerator);
  auto log = (*store)->discussions().moderation_log(5);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().moderator_handle, "");  // the command line
  EXPECT_EQ(log->front().action, "role:moderator");

  auto nobody = paperboy({"admin", "grant", "nobody@example.org", "admin"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.err.find("no account has the address nobody@example.org"), std::string::npos)
      << nobody.err;
  auto bad_role = paperboy({"admin", "grant", "ada@example.org", "overlord"});
  EXPECT_EQ(bad_role.exit_code, 1);
  EXPECT_NE(bad_role.err.find("no role 'overlord'"), std::string::npos) << bad_role.err;
}

}  // namespace
}  // namespace paperboy
