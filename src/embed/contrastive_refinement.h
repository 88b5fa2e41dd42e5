// The built-in model's second stage: LSA finds the corpus's topics, but ranks a short text
// (a query, a title) against abstracts only as well as their shared topic words allow. This
// stage moves each term's direction so that a paper's title lands nearest its own abstract among
// the other abstracts of a batch (contrastive learning with in-batch negatives, InfoNCE), the
// way sentence encoders are trained, with the model kept linear over words: it embeds as fast as
// LSA and trains from the store alone. A held-out share of the papers decides when to stop.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct ContrastiveSettings {
  size_t batch = 256;         // pairs per step; the other pairs' abstracts are the negatives
  float temperature = 0.05f;  // of the softmax over cosine similarities
  // Chosen on SciFact's train split (eval/README.md); the held-out pairs pick the epoch.
  float learning_rate = 3e-4f;
  size_t max_epochs = 30;
  size_t max_steps = 4000;  // bounds training at any size (about a minute per 1,000 steps at 256)
  double held_out = 0.05;   // share of papers that only measure (never train)
  size_t patience = 2;      // epochs without a better held-out score before stopping
  uint64_t seed = 42;
  bool show_progress = false;
};

// A text as the model reads it: (term, weight) pairs, weights unit-normalised.
using SparseText = std::vector<std::pair<uint32_t, float>>;

struct TitleAbstractPair {
  SparseText title;
  SparseText abstract;
};

struct RefinementReport {
  size_t steps = 0;
  size_t epochs = 0;
  size_t training_pairs = 0;
  size_t held_out_pairs = 0;
  // Held-out title → abstract retrieval among the held-out abstracts: MRR before and after.
  double held_out_mrr_before = 0;
  double held_out_mrr_after = 0;
};

// Refines `projection` (terms × dimension, row-major) in place. Deterministic for the same pairs,
// settings and seed. Errors: too few pairs to hold some out and still train.
Result<RefinementReport> refine_contrastively(std::vector<float>& projection, size_t dimension,
                                              std::span<const TitleAbstractPair> pairs,
                                              const ContrastiveSettings& settings);

}  // namespace paperboy
