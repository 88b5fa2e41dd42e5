#include "embed/lsa_training.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/progress.h"

namespace paperboy {
namespace {

using Matrix = Eigen::MatrixXf;

// An orthonormal basis of the columns of `m` (thin Q of its QR decomposition).
Matrix orthonormal_basis(const Matrix& m) {
  Eigen::HouseholderQR<Matrix> qr(m);
  return qr.householderQ() * Matrix::Identity(m.rows(), m.cols());
}

}  // namespace

bool in_training_sample(std::string_view paper_id, size_t papers, size_t sample) {
  if (sample == 0 || papers <= sample) return true;
  uint64_t hash = 14695981039346656037ull;  // FNV-1a: fixed across platforms and releases
  for (char c : paper_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  hash ^= hash >> 33;  // FNV's low bits mix poorly for ids that differ only at the end
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  return static_cast<double>(hash >> 11) * 0x1p-53 <
         static_cast<double>(sample) / static_cast<double>(papers);
}

// Sentences of each abstract paired with the rest of their paper.
constexpr size_t kSentencePairs = 3;

void LsaTrainer::add_document(std::string_view title, std::string_view abstract) {
  auto count = [&](std::string_view text) {
    std::unordered_map<uint32_t, float> counts;
    for (auto& term : lsa_terms(text)) {
      auto [it, inserted] =
          term_ids_.try_emplace(std::move(term), static_cast<uint32_t>(terms_.size()));
      if (inserted) terms_.push_back(it->first);
      counts[it->second] += 1.0f;
    }
    Counts row(counts.begin(), counts.end());
    std::sort(row.begin(), row.end());
    return row;
  };
  titles_.push_back(count(title));
  documents_.push_back(count(abstract));
  // One sentence of the abstract, the same one every run (by the document's number), to pair
  // with the rest of the paper: a sentence reads like a claim or a question.
  std::vector<std::string_view> sentences;
  size_t start = 0;
  for (size_t i = 0; i + 1 < abstract.size(); ++i) {
    if ((abstract[i] == '.' || abstract[i] == '?' || abstract[i] == '!') &&
        abstract[i + 1] == ' ') {
      if (i - start > 30) sentences.push_back(abstract.substr(start, i - start));
      start = i + 2;
    }
  }
  if (abstract.size() - std::min(start, abstract.size()) > 30)
    sentences.push_back(abstract.substr(start));
  std::vector<Counts> chosen;
  for (size_t k = 0;
       sentences.size() >= 2 && k < std::min<size_t>(kSentencePairs, sentences.size()); ++k) {
    chosen.push_back(count(sentences[(titles_.size() * 7919 + k) % sentences.size()]));
  }
  sentences_.push_back(std::move(chosen));
}

namespace {

// A document's counts as LsaModel weighs them: title words twice, then the abstract's.
std::vector<std::pair<uint32_t, float>> combined(
    const std::vector<std::pair<uint32_t, float>>& title,
    const std::vector<std::pair<uint32_t, float>>& abstract) {
  std::vector<std::pair<uint32_t, float>> out;
  size_t i = 0, j = 0;
  while (i < title.size() || j < abstract.size()) {
    if (j == abstract.size() || (i < title.size() && title[i].first < abstract[j].first)) {
      out.emplace_back(title[i].first, 2.0f * title[i].second);
      ++i;
    } else if (i == title.size() || abstract[j].first < title[i].first) {
      out.push_back(abstract[j++]);
    } else {
      out.emplace_back(title[i].first, 2.0f * title[i].second + abstract[j].second);
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<LsaModel>> LsaTrainer::train(const LsaSettings& settings,
                                                    RefinementReport* report) const {
  const auto n = static_cast<int64_t>(documents_.size());
  if (n < 20)
    return Error{fmt::format("{} papers are too few to train the built-in model (20 at least)", n),
                 ErrorCode::kTooLittleData};

  // Terms: in at least min_df documents, at most max_fraction of them; the most frequent first.
  std::vector<int64_t> df(terms_.size(), 0);
  std::vector<std::vector<std::pair<uint32_t, float>>> documents;
  documents.reserve(documents_.size());
  for (size_t d = 0; d < documents_.size(); ++d)
    documents.push_back(combined(titles_[d], documents_[d]));
  for (const auto& row : documents)
    for (const auto& [term, count] : row) ++df[term];
  std::vector<uint32_t> kept;
  for (uint32_t t = 0; t < terms_.size(); ++t) {
    if (df[t] >= settings.min_document_frequency &&
        df[t] <= settings.max_document_fraction * static_cast<double>(n)) {
      kept.push_back(t);
    }
  }
  std::stable_sort(kept.begin(), kept.end(), [&](uint32_t a, uint32_t b) {
    return df[a] != df[b] ? df[a] > df[b] : terms_[a] < terms_[b];
  });
  if (kept.size() > settings.max_terms) kept.resize(settings.max_terms);
  std::sort(kept.begin(), kept.end(),
            [&](uint32_t a, uint32_t b) { return terms_[a] < terms_[b]; });
  std::vector<int64_t> column(terms_.size(), -1);
  for (size_t c = 0; c < kept.size(); ++c) column[kept[c]] = static_cast<int64_t>(c);
  const auto m = static_cast<int64_t>(kept.size());
  const size_t dimension = std::min<size_t>(
      {settings.dimensions, static_cast<size_t>(n / 4), static_cast<size_t>(m / 2)});
  if (dimension < 2)
    return Error{fmt::format("{} terms are too few to train the built-in model", m),
                 ErrorCode::kTooLittleData};

  std::vector<float> idf(static_cast<size_t>(m));
  for (size_t c = 0; c < kept.size(); ++c) {
    idf[c] = static_cast<float>(
        std::log(static_cast<double>(n + 1) / static_cast<double>(df[kept[c]] + 1)) + 1.0);
  }
  std::vector<Eigen::Triplet<float>> entries;
  for (int64_t d = 0; d < n; ++d) {
    double norm = 0;
    size_t first = entries.size();
    for (const auto& [term, count] : documents[d]) {
      if (column[term] < 0) continue;
      float weight = (1.0f + std::log(count)) * idf[column[term]];
      entries.emplace_back(d, column[term], weight);
      norm += static_cast<double>(weight) * weight;
    }
    for (size_t i = first; i < entries.size(); ++i) {
      entries[i] = Eigen::Triplet<float>(entries[i].row(), entries[i].col(),
                                         entries[i].value() / static_cast<float>(std::sqrt(norm)));
    }
  }
  Eigen::SparseMatrix<float, Eigen::RowMajor> a(n, m);
  a.setFromTriplets(entries.begin(), entries.end());
  entries.clear();
  entries.shrink_to_fit();
  Eigen::SparseMatrix<float, Eigen::RowMajor> at = a.transpose();

  const int64_t l = static_cast<int64_t>(
      std::min<size_t>(dimension + settings.oversampling, static_cast<size_t>(std::min(n, m))));
  Progress progress("training the built-in model", 3 + 2 * settings.power_iterations, "steps",
                    stderr, settings.show_progress, std::chrono::seconds(5));
  int64_t step = 0;
  auto advance = [&] {
    ++step;
    if (settings.show_progress) progress.update(step, step);
  };
  std::mt19937_64 random(settings.seed);
  std::normal_distribution<float> gaussian(0.0f, 1.0f);
  Matrix omega(m, l);
  for (int64_t j = 0; j < l; ++j)
    for (int64_t i = 0; i < m; ++i) omega(i, j) = gaussian(random);
  Matrix q = orthonormal_basis(a * omega);
  advance();
  for (int i = 0; i < settings.power_iterations; ++i) {
    // Power iterations sharpen the basis toward the top singular vectors.
    Matrix z = orthonormal_basis(at * q);
    advance();
    q = orthonormal_basis(a * z);
    advance();
  }
  Matrix bt = at * q;  // Bᵀ = Aᵀ Q, terms × l
  advance();
  // B Bᵀ = U Λ Uᵀ gives B's singular values √λ and right singular vectors V = Bᵀ U Λ^-½.
  Eigen::SelfAdjointEigenSolver<Matrix> eigen(bt.transpose() * bt);
  advance();
  std::vector<float> projection(static_cast<size_t>(m) * dimension);
  for (size_t k = 0; k < dimension; ++k) {
    const int64_t source = l - 1 - static_cast<int64_t>(k);  // eigenvalues come in increasing order
    const float sigma = std::sqrt(std::max(eigen.eigenvalues()(source), 1e-12f));
    Eigen::VectorXf v = bt * eigen.eigenvectors().col(source) / sigma;
    // Signs of singular vectors are arbitrary; fix them so retraining is reproducible.
    int64_t largest;
    v.cwiseAbs().maxCoeff(&largest);
    if (v(largest) < 0) v = -v;
    for (int64_t t = 0; t < m; ++t) projection[static_cast<size_t>(t) * dimension + k] = v(t);
  }
  if (settings.show_progress) progress.finish(step);
  documents.clear();
  documents.shrink_to_fit();
  LsaModel::Kind kind = LsaModel::Kind::lsa;
  if (settings.refine) {
    // Each paper's title and abstract as the model weighs them, over its terms.
    auto weigh = [&](const std::vector<std::pair<uint32_t, float>>& counts,
                     const std::vector<std::pair<uint32_t, float>>* without) {
      SparseText text;
      double norm = 0;
      for (const auto& [term, count] : counts) {
        if (column[term] < 0) continue;
        if (without && std::binary_search(
                           without->begin(), without->end(), std::pair<uint32_t, float>(term, 0.0f),
                           [](const auto& x, const auto& y) { return x.first < y.first; })) {
          continue;
        }
        const float w = (1.0f + std::log(count)) * idf[static_cast<size_t>(column[term])];
        text.emplace_back(static_cast<uint32_t>(column[term]), w);
        norm += static_cast<double>(w) * w;
      }
      for (auto& [term, w] : text) w /= static_cast<float>(std::sqrt(norm));
      return text;
    };
    std::vector<TitleAbstractPair> pairs;
    pairs.reserve(titles_.size());
    // The abstract without the title's words: matching those needs no learning, and a pair
    // that shares them teaches nothing.
    for (size_t d = 0; d < titles_.size(); ++d) {
      pairs.push_back({weigh(titles_[d], nullptr), weigh(documents_[d], &titles_[d])});
      // A sentence and the rest of its paper (title and abstract without the sentence's words).
      for (const auto& sentence : sentences_[d]) {
        pairs.push_back(
            {weigh(sentence, nullptr), weigh(combined(titles_[d], documents_[d]), &sentence)});
      }
    }
    ContrastiveSettings contrastive = settings.contrastive;
    contrastive.seed = settings.seed;
    contrastive.show_progress = settings.show_progress;
    auto refined = refine_contrastively(projection, dimension, pairs, contrastive);
    // Too few papers to hold some out: the LSA model stands, as it would have before.
    if (refined) {
      kind = LsaModel::Kind::contrastive;
      if (report) *report = *refined;
    }
  }
  std::vector<std::string> terms;
  terms.reserve(kept.size());
  for (uint32_t t : kept) terms.push_back(terms_[t]);
  return std::make_unique<LsaModel>(std::move(terms), std::move(idf), std::move(projection),
                                    dimension, kind);
}

}  // namespace paperboy
