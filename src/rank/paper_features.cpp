#include "rank/paper_features.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "embed/lsa_model.h"

namespace paperboy {
namespace {

// FNV-1a: stable across runs and machines (std::hash is neither promised to be).
uint32_t column_of(std::string_view term) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : term) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<uint32_t>(hash % TfidfFeatures::kColumns);
}

void count_terms(std::string_view text, float weight, std::unordered_map<uint32_t, float>& counts) {
  const std::vector<std::string> words = lsa_terms(text);
  for (size_t i = 0; i < words.size(); ++i) {
    counts[column_of(words[i])] += weight;
    // The space cannot occur inside a term, so "a b" never collides with a single word.
    if (i + 1 < words.size()) counts[column_of(words[i] + ' ' + words[i + 1])] += weight;
  }
}

}  // namespace

double dot(const SparseFeatures& a, const SparseFeatures& b) {
  double sum = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      sum += static_cast<double>(i->second) * j->second;
      ++i;
      ++j;
    }
  }
  return sum;
}

std::unordered_map<uint32_t, float> term_counts(std::string_view title, std::string_view abstract) {
  std::unordered_map<uint32_t, float> counts;
  count_terms(title, 2.0f, counts);
  count_terms(abstract, 1.0f, counts);
  return counts;
}

void TfidfFeatures::add_document(std::string_view title, std::string_view abstract) {
  for (const auto& [column, count] : term_counts(title, abstract)) ++document_frequency_[column];
  ++documents_;
}

SparseFeatures TfidfFeatures::features(std::string_view title, std::string_view abstract) const {
  SparseFeatures out;
  const double n = static_cast<double>(documents_);
  double norm = 0;
  for (const auto& [column, count] : term_counts(title, abstract)) {
    auto it = document_frequency_.find(column);
    const double df = it == document_frequency_.end() ? 0.0 : it->second;
    if (documents_ >= 10 && df > 0.5 * n) continue;
    const double idf = std::log((1.0 + n) / (1.0 + df)) + 1.0;
    const double value = (1.0 + std::log(count)) * idf;
    out.emplace_back(column, static_cast<float>(value));
    norm += value * value;
  }
  std::sort(out.begin(), out.end());
  if (norm > 0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (auto& entry : out) entry.second *= scale;
  }
  return out;
}

}  // namespace paperboy
