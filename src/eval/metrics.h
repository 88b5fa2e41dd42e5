// Ranking metrics computed exactly as trec_eval (and pytrec_eval, which BEIR uses) computes
// them, so paperboy's figures can be set beside published ones.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace paperboy {

// query id → document id → graded relevance (0 means judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

struct ScoredDoc {
  std::string doc_id;
  double score = 0;
};

// trec_eval ignores the order a run lists documents in: it sorts by score, highest first, and
// breaks ties by document id in descending strcmp order. Every metric below sees this order.
std::vector<ScoredDoc> trec_eval_order(std::vector<ScoredDoc> run);

// nDCG@k with gain = relevance grade and discount log2(rank + 1); the ideal ranking is the
// query's judged documents sorted by grade.
double ndcg_at(const std::map<std::string, int>& judged, const std::vector<ScoredDoc>& ranked,
               size_t k);
// Relevant documents in the first k over all relevant documents.
double recall_at(const std::map<std::string, int>& judged, const std::vector<ScoredDoc>& ranked,
                 size_t k);
// 1 / rank of the first relevant document within the first k; 0 when none.
double reciprocal_rank_at(const std::map<std::string, int>& judged,
                          const std::vector<ScoredDoc>& ranked, size_t k);

struct RankingMetrics {
  double ndcg_at_10 = 0;
  double recall_at_100 = 0;
  double mrr_at_10 = 0;
  size_t queries = 0;  // queries with at least one relevant document, the ones averaged over
};

// Averages over every query in `qrels` that has a relevant document; a query missing from
// `runs` scores 0 (trec_eval -c).
RankingMetrics evaluate_runs(const Qrels& qrels,
                             const std::map<std::string, std::vector<ScoredDoc>>& runs);

}  // namespace paperboy
