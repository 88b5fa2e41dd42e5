#include "rank/user_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace paperboy {
namespace {

struct Text {
  const char* title;
  const char* abstract;
};

// Two kinds of paper a reader could care about, six of each.
const Text kCompression[] = {
    {"Pruning large language models without retraining",
     "We prune weights of large language models in one shot."},
    {"Quantization of language models to four bits",
     "Post-training quantization keeps language model accuracy."},
    {"Sparse language models by magnitude pruning",
     "Magnitude pruning removes half the weights of language models."},
    {"Low-rank compression of transformer language models",
     "Low-rank factors compress language model layers."},
    {"Distilling language models into small students",
     "Knowledge distillation compresses language models."},
    {"Efficient inference for compressed language models",
     "Pruning and quantization speed up language model inference."},
};
const Text kRobots[] = {
    {"Legged robots learn to walk on ice",
     "A quadruped robot learns locomotion policies with reinforcement learning."},
    {"Robot grasping from tactile sensing",
     "Tactile sensors guide a robot hand grasping unknown objects."},
    {"Navigation of mobile robots in crowds",
     "A mobile robot navigates among pedestrians with learned policies."},
    {"Sim-to-real transfer for robot manipulation",
     "Policies trained in simulation control a real robot arm."},
    {"Humanoid robot balance under pushes",
     "A humanoid robot keeps balance with a learned controller."},
    {"Drone racing with onboard vision",
     "A quadrotor robot races through gates using onboard cameras."},
};

class UserModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& t : kCompression) tfidf.add_document(t.title, t.abstract);
    for (const auto& t : kRobots) tfidf.add_document(t.title, t.abstract);
    int64_t id = 1;
    for (const auto& t : kCompression)
      compression.push_back({id++, tfidf.features(t.title, t.abstract), {}});
    for (const auto& t : kRobots) robots.push_back({id++, tfidf.features(t.title, t.abstract), {}});
  }

  static std::vector<const PaperExample*> pointers(const std::vector<PaperExample>& papers,
                                                   size_t from, size_t to) {
    std::vector<const PaperExample*> out;
    for (size_t i = from; i < to; ++i) out.push_back(&papers[i]);
    return out;
  }

  TfidfFeatures tfidf;
  std::vector<PaperExample> compression, robots;
};

TEST_F(UserModelTest, FeaturesAreUnitLengthSortedAndIncludeBigrams) {
  const SparseFeatures f = tfidf.features("Pruning language models", "We prune language models.");
  ASSERT_FALSE(f.empty());
  EXPECT_NEAR(dot(f, f), 1.0, 1e-5);
  for (size_t i = 1; i < f.size(); ++i) EXPECT_LT(f[i - 1].first, f[i].first);
  // Two words give three columns: each word, and the pair in its order.
  const SparseFeatures forward = tfidf.features("Language models", "");
  const SparseFeatures backward = tfidf.features("Models, language", "");
  ASSERT_EQ(forward.size(), 3u);
  ASSERT_EQ(backward.size(), 3u);
  size_t shared = 0;
  for (const auto& [column, value] : forward)
    for (const auto& [other, v] : backward) shared += column == other;
  EXPECT_EQ(shared, 2u);
  EXPECT_EQ(tfidf.features("Pruning language models", "We prune language models."), f);
}

TEST_F(UserModelTest, RanksPapersLikeTheSavedOnesFirstAndSaysWhy) {
  // Saved: four compression papers; the other papers of the pool are the contrast.
  auto positives = pointers(compression, 0, 4);
  auto negatives = pointers(robots, 0, 4);
  auto model = UserModel::train(positives, negatives, RecommenderSettings{});
  ASSERT_TRUE(model.ok()) << model.error().message;

  std::vector<const PaperExample*> candidates = {&robots[4], &compression[4], &robots[5],
                                                 &compression[5]};
  auto ranked = rank_candidates(*model, candidates, positives, 4);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_TRUE(ranked[0].doc_id == compression[4].doc_id ||
              ranked[0].doc_id == compression[5].doc_id);
  EXPECT_TRUE(ranked[1].doc_id == compression[4].doc_id ||
              ranked[1].doc_id == compression[5].doc_id);
  EXPECT_GT(ranked[1].score, ranked[2].score);
  // "Efficient inference for compressed language models" mentions pruning and quantization:
  // its reason is one of the saved pruning/quantization papers, never a robot paper.
  for (const auto& r : ranked) {
    EXPECT_GE(r.because, compression[0].doc_id);
    EXPECT_LE(r.because, compression[3].doc_id);
  }
  auto top = rank_candidates(*model, candidates, positives, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].doc_id, ranked[0].doc_id);
}

TEST_F(UserModelTest, WarmStartReachesTheSameRanking) {
  auto negatives = pointers(robots, 0, 6);
  auto first = UserModel::train(pointers(compression, 0, 3), negatives, RecommenderSettings{});
  ASSERT_TRUE(first.ok());
  auto positives = pointers(compression, 0, 4);
  auto cold = UserModel::train(positives, negatives, RecommenderSettings{});
  auto warm = UserModel::train(positives, negatives, RecommenderSettings{}, &*first);
  ASSERT_TRUE(cold.ok() && warm.ok());
  for (const auto& paper : compression) EXPECT_NEAR(cold->score(paper), warm->score(paper), 0.05);
  for (const auto& paper : robots) EXPECT_NEAR(cold->score(paper), warm->score(paper), 0.05);
}

TEST_F(UserModelTest, DenseVectorsAreUsedWhenPresent) {
  // Identical text, told apart only by their vectors.
  std::vector<PaperExample> papers;
  for (int64_t i = 0; i < 8; ++i) {
    PaperExample p{i + 1, tfidf.features("Same title", "Same abstract."), {}};
    p.vector = i % 2 == 0 ? std::vector<float>{1, 0} : std::vector<float>{0, 1};
    papers.push_back(std::move(p));
  }
  std::vector<const PaperExample*> positives = {&papers[0], &papers[2]},
                                   negatives = {&papers[1], &papers[3]};
  auto model = UserModel::train(positives, negatives, RecommenderSettings{});
  ASSERT_TRUE(model.ok());
  EXPECT_GT(model->score(papers[4]), model->score(papers[5]));
  EXPECT_DOUBLE_EQ(paper_similarity(papers[4], papers[0]), 1.0);
  EXPECT_DOUBLE_EQ(paper_similarity(papers[4], papers[1]), 0.0);
}

TEST_F(UserModelTest, NeedsBothSavedAndOtherPapers) {
  auto none = UserModel::train({}, pointers(robots, 0, 2), RecommenderSettings{});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("saved"), std::string::npos);
  auto alone = UserModel::train(pointers(compression, 0, 2), {}, RecommenderSettings{});
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.error().message.find("other papers"), std::string::npos);
}

}  // namespace
}  // namespace paperboy
