// Sparse TF-IDF features of a paper, for the recommender: the stemmed words of its title and
// abstract (the built-in model's terms, embed/lsa_model.h) and each pair of adjacent words,
// hashed into 2^20 columns. Hashing keeps a column's meaning fixed as the corpus grows, so a
// user's model trained yesterday still reads today's papers, and needs no vocabulary file.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace paperboy {

// (column, value) pairs, columns ascending and distinct.
using SparseFeatures = std::vector<std::pair<uint32_t, float>>;

double dot(const SparseFeatures& a, const SparseFeatures& b);

class TfidfFeatures {
 public:
  static constexpr uint32_t kColumns = 1u << 20;

  // Learns document frequencies from a pool of papers (the recent papers a ranking covers).
  void add_document(std::string_view title, std::string_view abstract);
  size_t documents() const { return documents_; }

  // Unit length; sublinear term frequency (1 + ln tf, title words counted twice) times smooth
  // inverse document frequency. Terms in more than half the pool are dropped: they say nothing
  // about a reader's taste.
  SparseFeatures features(std::string_view title, std::string_view abstract) const;

 private:
  std::unordered_map<uint32_t, uint32_t> document_frequency_;
  size_t documents_ = 0;
};

// The columns a paper's text hashes to, with their raw counts (title counted twice).
std::unordered_map<uint32_t, float> term_counts(std::string_view title, std::string_view abstract);

}  // namespace paperboy
