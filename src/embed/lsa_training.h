// Trains the built-in LSA model: documents are fed one at a time (the store is scanned, not
// loaded), then terms are chosen by document frequency, weighted by TF-IDF, and the matrix's
// top singular vectors found by randomized SVD (Halko, Martinsson & Tropp 2011) with Eigen.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "embed/lsa_model.h"

namespace paperboy {

struct LsaSettings {
  size_t dimensions = 256;       // fewer when the corpus is small (at most documents / 4)
  size_t max_terms = 100'000;    // the most frequent terms that pass the df bounds
  int64_t min_document_frequency = 2;
  double max_document_fraction = 0.5;  // terms in more documents than this carry little
  int power_iterations = 2;
  size_t oversampling = 16;
  uint64_t seed = 42;
  bool show_progress = false;
};

class LsaTrainer {
 public:
  void add_document(std::string_view title, std::string_view abstract);
  size_t documents() const { return documents_.size(); }
  // Errors: too few documents or terms to learn anything from.
  Result<std::unique_ptr<LsaModel>> train(const LsaSettings& settings) const;

 private:
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::string> terms_;
  // Each document's (term, weighted count) pairs, over every term seen.
  std::vector<std::vector<std::pair<uint32_t, float>>> documents_;
};

}  // namespace paperboy
