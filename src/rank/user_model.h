// A reader's taste as a linear model (arxiv-sanity's idea): L2-regularised logistic regression
// (liblinear) trained on the papers they saved or upvoted against other recent papers and the
// ones they marked "not interested", over TF-IDF words and bigrams plus, when the semantic index
// has them, the papers' embedding vectors as extra columns. Each recommendation is explained by
// the saved paper nearest to it.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/result.h"
#include "rank/paper_features.h"

namespace paperboy {

struct RecommenderSettings {
  double cost = 1.0;            // liblinear's C: lower regularises harder
  size_t max_negatives = 2000;  // sampled other papers (explicit negatives always count)
  double dense_weight = 1.0;    // scale of the vector's columns beside the unit TF-IDF ones
  uint64_t seed = 7;            // for the negative sample
};

// A paper as the recommender sees it.
struct PaperExample {
  int64_t doc_id = 0;
  SparseFeatures tfidf;       // unit length
  std::vector<float> vector;  // unit length, or empty when the paper has no embedding
};

class UserModel {
 public:
  // Positive examples against negative ones; both must be non-empty. `warm_start` (the user's
  // previous model) starts the solver from its weights, so retraining after one more saved
  // paper takes a few Newton steps rather than a full fit.
  static Result<UserModel> train(std::span<const PaperExample* const> positives,
                                 std::span<const PaperExample* const> negatives,
                                 const RecommenderSettings& settings,
                                 const UserModel* warm_start = nullptr);

  double score(const PaperExample& paper) const;
  // The scores of many papers at once (the same values as score(), faster).
  std::vector<double> scores(std::span<const PaperExample* const> papers) const;
  size_t nonzero_weights() const { return weights_.size(); }

 private:
  double weight_of(uint32_t column) const;

  std::vector<std::pair<uint32_t, double>>
      weights_;  // by column; columns the training never saw weigh 0
  double bias_ = 0;
  double dense_weight_ = 1;
};

// How alike two papers are: cosine of their vectors when both have one, else of their TF-IDF.
double paper_similarity(const PaperExample& a, const PaperExample& b);

struct Recommendation {
  int64_t doc_id = 0;
  double score = 0;
  int64_t because = 0;  // the positive example most similar to it (0 when there are none)
};

// The `limit` best-scoring candidates, best first (ties: lower doc_id), each with its reason.
std::vector<Recommendation> rank_candidates(const UserModel& model,
                                            std::span<const PaperExample* const> candidates,
                                            std::span<const PaperExample* const> positives,
                                            size_t limit);

}  // namespace paperboy
