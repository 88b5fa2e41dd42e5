// Search in three modes over the same query syntax: lexical (BM25), semantic (nearest vectors
// to the embedded query, restricted by the query's filters) and hybrid (both candidate lists
// fused). Fusion methods and their default were chosen on SciFact's train split (eval/README.md).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "embed/embedder.h"
#include "index/lexical_index.h"
#include "index/vector_index.h"

namespace paperboy {

enum class SearchMode { lexical, semantic, hybrid };
Result<SearchMode> parse_search_mode(std::string_view text);
std::string to_string(SearchMode mode);

enum class FusionMethod { reciprocal_rank, weighted_score };

// Defaults chosen on SciFact's train split with the built-in contrastive model (eval/README.md):
// weighted fusion of min-max-scaled lists at w = 0.8 had the best nDCG@10 of the grid; RRF found
// more (Recall@100) but ranked worse. Another model may want another weight: tune with
// `paperboy eval --model … --tune-fusion` on a train split.
struct FusionSettings {
  FusionMethod method = FusionMethod::weighted_score;
  double rrf_k = 60;  // reciprocal rank fusion: Σ 1 / (k + rank)
  // Weighted fusion: w · lexical + (1 − w) · semantic, each list's scores scaled to [0, 1]
  // between its last and first (min-max).
  double lexical_weight = 0.8;
  // Candidates taken from each side. On SciFact's train split nDCG@10 is the same from 30 to
  // 100 (0.7009 / 0.7006 / 0.7008 at 30 / 50 / 100), while a 20-word query's word side costs
  // ~10 % more at 100 than at 40 (1 M papers); pages past the pool continue in BM25 order.
  size_t depth = 40;
};

// What semantic search needs; both null (or of different models) means lexical only.
struct SemanticSide {
  const VectorIndex* vectors = nullptr;
  const Embedder* embedder = nullptr;
  bool usable() const;
};

// Hits are the fused ranking's page; highlighting and the total come from the lexical side.
// A semantic request without usable vectors is an error saying how to build them; a hybrid
// one falls back to lexical with a warning.
Result<SearchResults> search_papers(LexicalIndex& lexical, const SemanticSide& semantic,
                                    const SearchRequest& request, SearchMode mode,
                                    const FusionSettings& fusion = {});

// The mode a request without one gets: hybrid when vectors can be searched, else lexical.
SearchMode default_search_mode(const SemanticSide& semantic);

}  // namespace paperboy
