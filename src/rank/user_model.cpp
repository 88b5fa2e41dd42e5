#include "rank/user_model.h"

#include <cblas.h>
#include <linear.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace paperboy {
namespace {

// Once per process: liblinear prints nothing, and the BLAS it calls (Debian builds it against
// libblas, which is OpenBLAS here) runs on the calling thread. Its vectors are a few thousand
// long; with OpenBLAS's threads, the worker threads' spin-waiting took half of all CPU time
// composing digests (bench/digest, perf).
void prepare_liblinear() {
  static std::once_flag once;
  std::call_once(once, [] {
    set_print_string_function([](const char*) {});
    openblas_set_num_threads(1);
  });
}

}  // namespace

Result<UserModel> UserModel::train(std::span<const PaperExample* const> positives,
                                   std::span<const PaperExample* const> negatives,
                                   const RecommenderSettings& settings,
                                   const UserModel* warm_start) {
  if (positives.empty()) return Error{"no saved papers to learn from"};
  if (negatives.empty()) return Error{"no other papers to contrast the saved ones with"};
  prepare_liblinear();

  // liblinear wants columns 1…n; number only those the examples use, in order, so each row
  // stays sorted and a weight vector of n + 1 (the bias last) covers them. The numbering lives
  // in a table over every column, kept by the thread and cleared after use: allocating its
  // 4 MiB anew for each reader was a tenth of the digest round (bench/digest, perf).
  std::vector<const PaperExample*> examples(positives.begin(), positives.end());
  examples.insert(examples.end(), negatives.begin(), negatives.end());
  thread_local std::vector<int> local;
  uint32_t widest = 0;
  size_t entries = 0;
  auto mark = [&](uint32_t column) {
    if (column >= local.size()) local.resize(static_cast<size_t>(column) + 1, 0);
    local[column] = 1;
    widest = std::max(widest, column);
  };
  for (const PaperExample* x : examples) {
    for (const auto& [column, value] : x->tfidf) mark(column);
    for (size_t j = 0; j < x->vector.size(); ++j)
      mark(TfidfFeatures::kColumns + static_cast<uint32_t>(j));
    entries += x->tfidf.size() + x->vector.size() + 2;
  }
  // In column order by one pass over the table: sorting the tens of thousands of columns was
  // 8 % of a digest round at 200,000 papers (perf); the pass reads 4 MiB.
  std::vector<uint32_t> columns;
  for (uint32_t column = 0; column <= widest && column < local.size(); ++column) {
    if (local[column] == 0) continue;
    columns.push_back(column);
    local[column] = static_cast<int>(columns.size());
  }
  const int n = static_cast<int>(columns.size()) + 1;  // with the bias column

  // One block for every row: the examples' features, the bias column, the end marker.
  std::vector<feature_node> nodes;
  nodes.reserve(entries);
  std::vector<size_t> row_starts(examples.size());
  std::vector<double> labels(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    const PaperExample& x = *examples[i];
    row_starts[i] = nodes.size();
    for (const auto& [column, value] : x.tfidf) nodes.push_back({local[column], value});
    for (size_t j = 0; j < x.vector.size(); ++j) {
      // The same float rounding as UserModel::score's columns.
      const float value = static_cast<float>(x.vector[j] * settings.dense_weight);
      nodes.push_back({local[TfidfFeatures::kColumns + static_cast<uint32_t>(j)], value});
    }
    nodes.push_back({n, 1.0});  // bias
    nodes.push_back({-1, 0.0});
    labels[i] = i < positives.size() ? 1.0 : -1.0;
  }
  for (uint32_t column : columns) local[column] = 0;
  std::vector<feature_node*> row_pointers(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) row_pointers[i] = nodes.data() + row_starts[i];
  problem prob{};
  prob.l = static_cast<int>(examples.size());
  prob.n = n;
  prob.y = labels.data();
  prob.x = row_pointers.data();
  prob.bias = -1;  // the bias is the last column above, so it is regularised like the others

  // Balanced classes: a handful of saved papers against thousands of others would otherwise
  // teach the model that nothing is worth reading.
  int class_labels[] = {1, -1};
  double class_weights[] = {
      static_cast<double>(negatives.size()) / static_cast<double>(positives.size()), 1.0};
  std::vector<double> initial;
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = 0.01;
  param.C = settings.cost;
  param.nr_weight = 2;
  param.weight_label = class_labels;
  param.weight = class_weights;
  if (warm_start != nullptr) {
    initial.resize(static_cast<size_t>(n));
    for (size_t i = 0; i < columns.size(); ++i) initial[i] = warm_start->weight_of(columns[i]);
    initial.back() = warm_start->bias_;
    param.init_sol = initial.data();
  }
  if (const char* problem_text = check_parameter(&prob, &param))
    return Error{std::string("liblinear: ") + problem_text};

  model* trained = ::train(&prob, &param);
  // Decision values are positive for the first label liblinear met: positives come first.
  const double sign = trained->label[0] == 1 ? 1.0 : -1.0;
  UserModel out;
  out.dense_weight_ = settings.dense_weight;
  for (size_t i = 0; i < columns.size(); ++i) {
    const double w = sign * trained->w[i];
    if (w != 0) out.weights_.emplace_back(columns[i], w);
  }
  out.bias_ = sign * trained->w[n - 1];
  free_and_destroy_model(&trained);
  return out;
}

double UserModel::weight_of(uint32_t column) const {
  auto it = std::lower_bound(weights_.begin(), weights_.end(), column,
                             [](const auto& entry, uint32_t c) { return entry.first < c; });
  return it != weights_.end() && it->first == column ? it->second : 0.0;
}

double UserModel::score(const PaperExample& paper) const {
  double sum = bias_;
  for (const auto& [column, value] : paper.tfidf) sum += weight_of(column) * value;
  for (size_t j = 0; j < paper.vector.size(); ++j) {
    sum += weight_of(TfidfFeatures::kColumns + static_cast<uint32_t>(j)) * paper.vector[j] *
           dense_weight_;
  }
  return sum;
}

double paper_similarity(const PaperExample& a, const PaperExample& b) {
  if (!a.vector.empty() && a.vector.size() == b.vector.size()) {
    double sum = 0;
    for (size_t j = 0; j < a.vector.size(); ++j)
      sum += static_cast<double>(a.vector[j]) * b.vector[j];
    return sum;
  }
  return dot(a.tfidf, b.tfidf);
}

std::vector<double> UserModel::scores(std::span<const PaperExample* const> papers) const {
  // One dense table of the weights, then a lookup per feature: a binary search per feature was
  // a third of all the time spent composing digests (bench/digest, perf). The table (4 MiB
  // over every TF-IDF column) is the thread's, zeroed again after use rather than allocated
  // anew for every reader.
  const uint32_t widest = weights_.empty() ? 0 : weights_.back().first;
  thread_local std::vector<float> table;
  if (table.size() < static_cast<size_t>(widest) + 1)
    table.resize(static_cast<size_t>(widest) + 1, 0.0f);
  for (const auto& [column, w] : weights_) table[column] = static_cast<float>(w);
  auto weight = [&](uint32_t column) {
    return column <= widest ? static_cast<double>(table[column]) : 0.0;
  };
  std::vector<double> out;
  out.reserve(papers.size());
  for (const PaperExample* paper : papers) {
    double sum = bias_;
    for (const auto& [column, value] : paper->tfidf) sum += weight(column) * value;
    for (size_t j = 0; j < paper->vector.size(); ++j) {
      sum += weight(TfidfFeatures::kColumns + static_cast<uint32_t>(j)) * paper->vector[j] *
             dense_weight_;
    }
    out.push_back(sum);
  }
  for (const auto& [column, w] : weights_) table[column] = 0.0f;
  return out;
}

std::vector<Recommendation> rank_candidates(const UserModel& model,
                                            std::span<const PaperExample* const> candidates,
                                            std::span<const PaperExample* const> positives,
                                            size_t limit) {
  std::vector<Recommendation> ranked;
  ranked.reserve(candidates.size());
  const std::vector<double> scores = model.scores(candidates);
  for (size_t i = 0; i < candidates.size(); ++i)
    ranked.push_back({candidates[i]->doc_id, scores[i], 0});
  auto better = [](const Recommendation& a, const Recommendation& b) {
    return a.score != b.score ? a.score > b.score : a.doc_id < b.doc_id;
  };
  const size_t keep = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), better);
  ranked.resize(keep);

  // Explained only for those shown: each against every positive is the costly part.
  std::unordered_map<int64_t, const PaperExample*> by_id;
  for (const PaperExample* c : candidates) by_id.emplace(c->doc_id, c);
  for (auto& r : ranked) {
    double best = -2;
    for (const PaperExample* p : positives) {
      const double s = paper_similarity(*by_id.at(r.doc_id), *p);
      if (s > best) {
        best = s;
        r.because = p->doc_id;
      }
    }
  }
  return ranked;
}

}  // namespace paperboy
