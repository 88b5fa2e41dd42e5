#include "eval/beir_set.h"

#include <gtest/gtest.h>

#include "eval/evaluation.h"
#include "test_support.h"

namespace paperboy {
namespace {

TEST(BeirSet, ReadsSciFactQrelsWithCrlfLineEndings) {
  if (!std::filesystem::exists(testing::shared_data("beir/scifact")))
    GTEST_SKIP() << testing::missing_shared_data("beir/scifact");
  auto qrels = read_beir_qrels(testing::shared_data("beir/scifact"), "test");
  ASSERT_TRUE(qrels.ok()) << qrels.error().message;
  EXPECT_EQ(qrels->size(), 300u);
  size_t rows = 0;
  for (const auto& [query, judged] : *qrels) rows += judged.size();
  EXPECT_EQ(rows, 339u);
  for (const auto& [query, judged] : *qrels) {
    for (const auto& [doc, grade] : judged) ASSERT_EQ(doc.find('\r'), std::string::npos);
  }
}

TEST(BeirSet, ReadsQueriesAndCorpus) {
  if (!std::filesystem::exists(testing::shared_data("beir/scifact")))
    GTEST_SKIP() << testing::missing_shared_data("beir/scifact");
  auto queries = read_beir_queries(testing::shared_data("beir/scifact"));
  ASSERT_TRUE(queries.ok());
  EXPECT_EQ(queries->size(), 1109u);
  size_t documents = 0;
  ASSERT_TRUE(read_beir_corpus(testing::shared_data("beir/scifact"), [&](BeirDocument&&) {
                ++documents;
              }).ok());
  EXPECT_EQ(documents, 5183u);
}

TEST(BeirSet, MalformedQrelsNameTheLine) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "qrels");
  testing::write_file(dir / "qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\n");
  auto qrels = read_beir_qrels(dir.path(), "test");
  ASSERT_FALSE(qrels.ok());
  EXPECT_NE(qrels.error().message.find("test.tsv:2"), std::string::npos);
}

TEST(Evaluation, RunsASmallSetEndToEnd) {
  testing::TempDir dir;
  std::filesystem::path set = dir / "tiny";
  std::filesystem::create_directories(set / "qrels");
  testing::write_file(
      set / "corpus.jsonl",
      R"({"_id": "d1", "title": "Vitamin D and bone density", "text": "Supplements raise bone mineral density."})"
      "\n"
      R"({"_id": "d2", "title": "Sleep and memory", "text": "Sleep consolidates memory in adults."})"
      "\n"
      R"({"_id": "d3", "title": "", "text": "Coffee intake and heart rhythm."})"
      "\n");
  testing::write_file(set / "queries.jsonl",
                      R"({"_id": "q1", "text": "Does vitamin D improve bone density?"})"
                      "\n"
                      R"({"_id": "q2", "text": "sleep memory consolidation"})"
                      "\n"
                      R"({"_id": "q3", "text": "quantum chromodynamics"})"
                      "\n");
  testing::write_file(set / "qrels/test.tsv",
                      "query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\nq2\td2\t1\r\nq3\td3\t1\r\n");
  EvalOptions options;
  options.set_dir = set;
  options.work_dir = dir / "work";
  options.semantic = false;  // three documents teach the built-in model nothing
  auto report = run_beir_eval(options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->documents, 3u);
  EXPECT_EQ(report->lexical.queries, 3u);
  // q1 and q2 find their document first; q3 matches nothing in the corpus.
  EXPECT_NEAR(report->lexical.ndcg_at_10, 2.0 / 3, 1e-9);
  EXPECT_NEAR(report->lexical.mrr_at_10, 2.0 / 3, 1e-9);
}

}  // namespace
}  // namespace paperboy
