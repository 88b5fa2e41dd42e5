#include "eval/metrics.h"

#include <algorithm>
#include <cmath>

namespace paperboy {
namespace {

int grade_of(const std::map<std::string, int>& judged, const std::string& doc) {
  auto it = judged.find(doc);
  return it == judged.end() ? 0 : std::max(it->second, 0);
}

}  // namespace

std::vector<ScoredDoc> trec_eval_order(std::vector<ScoredDoc> run) {
  std::sort(run.begin(), run.end(), [](const ScoredDoc& a, const ScoredDoc& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.doc_id > b.doc_id;
  });
  return run;
}

double ndcg_at(const std::map<std::string, int>& judged, const std::vector<ScoredDoc>& ranked,
               size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    dcg += grade_of(judged, ranked[i].doc_id) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judged) {
    if (grade > 0) ideal.push_back(grade);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (size_t i = 0; i < ideal.size() && i < k; ++i) {
    idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  }
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::map<std::string, int>& judged, const std::vector<ScoredDoc>& ranked,
                 size_t k) {
  size_t relevant = 0;
  for (const auto& [doc, grade] : judged) relevant += grade > 0;
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i)
    found += grade_of(judged, ranked[i].doc_id) > 0;
  return static_cast<double>(found) / relevant;
}

double reciprocal_rank_at(const std::map<std::string, int>& judged,
                          const std::vector<ScoredDoc>& ranked, size_t k) {
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (grade_of(judged, ranked[i].doc_id) > 0) return 1.0 / static_cast<double>(i + 1);
  }
  return 0;
}

RankingMetrics evaluate_runs(const Qrels& qrels,
                             const std::map<std::string, std::vector<ScoredDoc>>& runs) {
  RankingMetrics total;
  static const std::vector<ScoredDoc> kEmpty;
  for (const auto& [query, judged] : qrels) {
    bool any_relevant = std::any_of(judged.begin(), judged.end(),
                                    [](const auto& entry) { return entry.second > 0; });
    if (!any_relevant) continue;
    auto run = runs.find(query);
    std::vector<ScoredDoc> ranked = trec_eval_order(run == runs.end() ? kEmpty : run->second);
    total.ndcg_at_10 += ndcg_at(judged, ranked, 10);
    total.recall_at_100 += recall_at(judged, ranked, 100);
    total.mrr_at_10 += reciprocal_rank_at(judged, ranked, 10);
    ++total.queries;
  }
  if (total.queries > 0) {
    double n = static_cast<double>(total.queries);
    total.ndcg_at_10 /= n;
    total.recall_at_100 /= n;
    total.mrr_at_10 /= n;
  }
  return total;
}

}  // namespace paperboy
