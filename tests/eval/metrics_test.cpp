#include "eval/metrics.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(Metrics, NdcgUsesGradedGainsAndTheIdealFromQrels) {
  std::map<std::string, int> judged = {{"d1", 1}, {"d2", 2}, {"d9", 0}};
  std::vector<ScoredDoc> ranked = {{"d3", 3}, {"d2", 2}, {"d1", 1}};
  // DCG = 2/log2(3) + 1/log2(4); IDCG = 2/log2(2) + 1/log2(3).
  EXPECT_NEAR(ndcg_at(judged, ranked, 10), 0.66967181649423, 1e-12);
  EXPECT_NEAR(ndcg_at(judged, ranked, 1), 0.0, 1e-12);
  EXPECT_NEAR(ndcg_at(judged, {{"d2", 1}, {"d1", 0}}, 10), 1.0, 1e-12);
}

TEST(Metrics, RecallCountsRelevantWithinTheCutoff) {
  std::map<std::string, int> judged = {{"a", 1}, {"b", 1}, {"c", 0}};
  std::vector<ScoredDoc> ranked = {{"c", 3}, {"a", 2}, {"x", 1}};
  EXPECT_DOUBLE_EQ(recall_at(judged, ranked, 100), 0.5);
  EXPECT_DOUBLE_EQ(recall_at(judged, ranked, 1), 0.0);
}

TEST(Metrics, ReciprocalRankOfTheFirstRelevantWithinTheCutoff) {
  std::map<std::string, int> judged = {{"a", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank_at(judged, {{"x", 3}, {"y", 2}, {"a", 1}}, 10), 1.0 / 3);
  EXPECT_DOUBLE_EQ(reciprocal_rank_at(judged, {{"x", 3}, {"y", 2}, {"a", 1}}, 2), 0.0);
}

TEST(Metrics, TiesAreBrokenByDescendingDocumentIdAsTrecEvalDoes) {
  auto ordered = trec_eval_order({{"a", 1.0}, {"c", 1.0}, {"b", 2.0}});
  ASSERT_EQ(ordered.size(), 3u);
  EXPECT_EQ(ordered[0].doc_id, "b");
  EXPECT_EQ(ordered[1].doc_id, "c");
  EXPECT_EQ(ordered[2].doc_id, "a");
}

TEST(Metrics, AveragesOverJudgedQueriesCountingMissingRunsAsZero) {
  Qrels qrels = {{"q1", {{"a", 1}}}, {"q2", {{"b", 1}}}, {"q3", {{"c", 0}}}};
  std::map<std::string, std::vector<ScoredDoc>> runs = {{"q1", {{"a", 1.0}}}};
  RankingMetrics m = evaluate_runs(qrels, runs);
  EXPECT_EQ(m.queries, 2u) << "q3 has no relevant document";
  EXPECT_DOUBLE_EQ(m.ndcg_at_10, 0.5);
  EXPECT_DOUBLE_EQ(m.recall_at_100, 0.5);
  EXPECT_DOUBLE_EQ(m.mrr_at_10, 0.5);
}

}  // namespace
}  // namespace paperboy
