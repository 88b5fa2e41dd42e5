// Which papers of a large store train the built-in model (lsa_training.h: in_training_sample).
#include <gtest/gtest.h>

#include <string>

#include "embed/lsa_training.h"

namespace paperboy {
namespace {

std::string arxiv_id(int i) { return "2410." + std::to_string(10000 + i); }

TEST(TrainingSample, EveryPaperWhenTheStoreFitsOrNoLimitIsSet) {
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(in_training_sample(arxiv_id(i), 1000, 1000));
    EXPECT_TRUE(in_training_sample(arxiv_id(i), 1'000'000, 0));
  }
}

TEST(TrainingSample, TakesAboutTheSampleSizeSpreadOverSequentialIds) {
  const int papers = 100'000;
  int taken = 0, taken_first_half = 0;
  for (int i = 0; i < papers; ++i) {
    if (!in_training_sample(arxiv_id(i), papers, 10'000)) continue;
    ++taken;
    if (i < papers / 2) ++taken_first_half;
  }
  // Binomial(100,000, 0.1): the standard deviation is 95 papers.
  EXPECT_NEAR(taken, 10'000, 500);
  EXPECT_NEAR(taken_first_half, 5'000, 400);  // ids that differ only at the end mix too
}

TEST(TrainingSample, AGrownStoreKeepsMostOfItsSample) {
  // A paper's draw is a fixed hash against a threshold that only falls as the store grows, so
  // a paper sampled from the grown store was sampled before, and the same store always gives
  // the same papers.
  int kept = 0, grown = 0;
  for (int i = 0; i < 50'000; ++i) {
    bool before = in_training_sample(arxiv_id(i), 100'000, 10'000);
    bool after = in_training_sample(arxiv_id(i), 110'000, 10'000);
    EXPECT_EQ(before, in_training_sample(arxiv_id(i), 100'000, 10'000));
    if (after) {
      ++grown;
      EXPECT_TRUE(before) << arxiv_id(i);
      if (before) ++kept;
    }
  }
  EXPECT_GT(grown, 0);
  EXPECT_EQ(kept, grown);
}

}  // namespace
}  // namespace paperboy
