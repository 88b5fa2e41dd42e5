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
#include "embed/contrastive_refinement.h"
#include "embed/lsa_model.h"

namespace paperboy {

struct LsaSettings {
  size_t dimensions = 256;     // fewer when the corpus is small (at most documents / 4)
  size_t max_terms = 100'000;  // the most frequent terms that pass the df bounds
  int64_t min_document_frequency = 2;
  double max_document_fraction = 0.5;  // terms in more documents than this carry little
  int power_iterations = 2;
  size_t oversampling = 16;
  uint64_t seed = 42;
  bool show_progress = false;
  // A larger store trains on a sample of this many papers (in_training_sample): the topics of
  // 150,000 arXiv papers are those of all 2.9 million, and training's memory grows with the
  // papers it reads (about 6.4 GiB for 1 M; see bench/README.md). 150,000 keeps the contrastive
  // model's training under 2 GiB (200,000 took 2.2 GiB). 0: every paper.
  size_t max_training_papers = 150'000;
  // Then refine the projection contrastively (contrastive_refinement.h): titles toward their own
  // abstracts. Off: the plain LSA model, kept for comparison (`--builtin lsa`).
  bool refine = true;
  ContrastiveSettings contrastive;
};

// Whether the paper with this id is one of a store of `papers` that trains the model when it
// may read only `sample`: a fixed hash of the id decides, so retraining a grown store keeps
// most of the same papers and the same store always gives the same model.
bool in_training_sample(std::string_view paper_id, size_t papers, size_t sample);

class LsaTrainer {
 public:
  void add_document(std::string_view title, std::string_view abstract);
  size_t documents() const { return documents_.size(); }
  // Errors: too few documents or terms to learn anything from.
  // `report`, when given, says how the refinement went.
  Result<std::unique_ptr<LsaModel>> train(const LsaSettings& settings,
                                          RefinementReport* report = nullptr) const;

 private:
  using Counts = std::vector<std::pair<uint32_t, float>>;  // (term, count), over every term seen
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::string> terms_;
  // Each document's title and abstract words, apart: the refinement pairs them.
  std::vector<Counts> titles_;
  std::vector<Counts> documents_;  // abstracts
  std::vector<std::vector<Counts>>
      sentences_;  // a few sentences of each abstract (none: fewer than two)
};

}  // namespace paperboy
