// The built-in embedding model: latent semantic analysis of the store's own papers. TF-IDF
// vectors of stemmed title and abstract words are projected onto the top singular vectors of
// the corpus's TF-IDF matrix (randomized SVD, lsa_training.h). Needs no download, trains in
// minutes on a whole arXiv category, and is deterministic for a corpus and seed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"

namespace paperboy {

// Lower-cased, accent-folded, stemmed words of `text` without stop words: the model's terms.
std::vector<std::string> lsa_terms(std::string_view text);

class LsaModel : public Embedder {
 public:
  // How the projection was learnt: LSA alone, or LSA refined contrastively
  // (contrastive_refinement.h). Both embed the same way.
  enum class Kind : uint8_t { lsa = 0, contrastive = 1 };

  // `projection` is terms × dimension, row t the direction of term t.
  LsaModel(std::vector<std::string> terms, std::vector<float> idf, std::vector<float> projection,
           size_t dimension, Kind kind = Kind::lsa);

  static Result<std::unique_ptr<LsaModel>> load(const std::filesystem::path& file);
  // Written to a temporary file and renamed, so a reader never sees half a model.
  Status save(const std::filesystem::path& file) const;

  const EmbeddingModelInfo& info() const override { return info_; }
  Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const override;
  Result<std::vector<float>> embed_query(std::string_view query) const override;
  size_t term_count() const { return terms_.size(); }
  Kind kind() const { return kind_; }

 private:
  void embed_text(std::string_view title, std::string_view abstract, float* out) const;
  void set_id();

  std::vector<std::string> terms_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<float> idf_;
  std::vector<float> projection_;
  Kind kind_;
  EmbeddingModelInfo info_;
};

}  // namespace paperboy
