#include "embed/contrastive_refinement.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <random>

#include "core/progress.h"

namespace paperboy {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Held out at most this many pairs: their score is a matrix of held-out² similarities.
constexpr size_t kMaxHeldOut = 1000;
constexpr float kAdamBeta1 = 0.9f, kAdamBeta2 = 0.999f, kAdamEpsilon = 1e-8f;

// Rows i of `texts` through `w`, before normalising.
Matrix embed(const std::vector<const SparseText*>& texts, const std::vector<float>& w, size_t dim) {
  Matrix out =
      Matrix::Zero(static_cast<Eigen::Index>(texts.size()), static_cast<Eigen::Index>(dim));
  for (size_t i = 0; i < texts.size(); ++i) {
    float* row = out.row(static_cast<Eigen::Index>(i)).data();
    for (const auto& [term, x] : *texts[i]) {
      const float* source = w.data() + static_cast<size_t>(term) * dim;
      for (size_t j = 0; j < dim; ++j) row[j] += x * source[j];
    }
  }
  return out;
}

// Scales rows to unit length; returns their lengths (a zero row keeps length 1: no gradient).
Eigen::VectorXf normalise(Matrix& m) {
  Eigen::VectorXf lengths(m.rows());
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    float n = m.row(i).norm();
    lengths(i) = n > 1e-12f ? n : 1.0f;
    m.row(i) /= lengths(i);
  }
  return lengths;
}

// Mean reciprocal rank of each title's own abstract among all of `pairs`' abstracts.
double retrieval_mrr(std::span<const TitleAbstractPair* const> pairs, const std::vector<float>& w,
                     size_t dim) {
  std::vector<const SparseText*> titles, abstracts;
  for (const auto* p : pairs) {
    titles.push_back(&p->title);
    abstracts.push_back(&p->abstract);
  }
  Matrix t = embed(titles, w, dim), a = embed(abstracts, w, dim);
  normalise(t);
  normalise(a);
  Matrix s = t * a.transpose();
  double total = 0;
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    size_t rank = 1;
    for (Eigen::Index j = 0; j < s.cols(); ++j) rank += (j != i && s(i, j) > s(i, i)) ? 1 : 0;
    total += 1.0 / static_cast<double>(rank);
  }
  return pairs.empty() ? 0 : total / static_cast<double>(pairs.size());
}

// Row-wise softmax of `s` minus the identity: d(loss)/d(s) of InfoNCE for each row.
Matrix softmax_minus_identity(const Matrix& s) {
  Matrix g(s.rows(), s.cols());
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    const float top = s.row(i).maxCoeff();
    g.row(i) = (s.row(i).array() - top).exp().matrix();
    g.row(i) /= g.row(i).sum();
    g(i, i) -= 1.0f;
  }
  return g;
}

// d(loss)/d(raw row) through the normalisation: (g − û (û·g)) / |u|.
void through_normalisation(Matrix& grad, const Matrix& unit, const Eigen::VectorXf& lengths) {
  for (Eigen::Index i = 0; i < grad.rows(); ++i) {
    const float along = grad.row(i).dot(unit.row(i));
    grad.row(i) = (grad.row(i) - along * unit.row(i)) / lengths(i);
  }
}

class LazyAdam {
 public:
  LazyAdam(size_t rows, size_t dim, float rate)
      : dim_(dim), rate_(rate), m_(rows * dim, 0.0f), v_(rows * dim, 0.0f) {}
  // One step for the rows a batch touched; the others keep their moments (as TensorFlow's
  // LazyAdam).
  void step(std::vector<float>& w, const std::vector<uint32_t>& rows,
            const std::vector<float>& grad) {
    ++t_;
    const float c1 = 1.0f - std::pow(kAdamBeta1, static_cast<float>(t_));
    const float c2 = 1.0f - std::pow(kAdamBeta2, static_cast<float>(t_));
    for (uint32_t row : rows) {
      const size_t at = static_cast<size_t>(row) * dim_;
      for (size_t j = 0; j < dim_; ++j) {
        const float g = grad[at + j];
        float& m = m_[at + j];
        float& v = v_[at + j];
        m = kAdamBeta1 * m + (1 - kAdamBeta1) * g;
        v = kAdamBeta2 * v + (1 - kAdamBeta2) * g * g;
        w[at + j] -= rate_ * (m / c1) / (std::sqrt(v / c2) + kAdamEpsilon);
      }
    }
  }

 private:
  size_t dim_;
  float rate_;
  std::vector<float> m_, v_;
  uint64_t t_ = 0;
};

}  // namespace

Result<RefinementReport> refine_contrastively(std::vector<float>& projection, size_t dim,
                                              std::span<const TitleAbstractPair> pairs,
                                              const ContrastiveSettings& settings) {
  // Pairs with both sides empty teach nothing.
  std::vector<const TitleAbstractPair*> usable;
  for (const auto& p : pairs) {
    if (!p.title.empty() && !p.abstract.empty()) usable.push_back(&p);
  }
  const size_t batch = std::max<size_t>(2, settings.batch);
  std::mt19937_64 random(settings.seed);
  std::shuffle(usable.begin(), usable.end(), random);
  const size_t held = std::min(
      kMaxHeldOut, static_cast<size_t>(settings.held_out * static_cast<double>(usable.size())));
  if (held < 20 || usable.size() - held < 2 * batch) {
    return Error{
        fmt::format("{} papers with a title and an abstract are too few to refine the model",
                    usable.size()),
        ErrorCode::kTooLittleData};
  }
  std::vector<const TitleAbstractPair*> held_out(
      usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(held));
  std::vector<const TitleAbstractPair*> training(usable.begin() + static_cast<std::ptrdiff_t>(held),
                                                 usable.end());
  const size_t rows = projection.size() / dim;

  RefinementReport report;
  report.training_pairs = training.size();
  report.held_out_pairs = held_out.size();
  report.held_out_mrr_before = retrieval_mrr(held_out, projection, dim);
  double best = report.held_out_mrr_before;
  std::vector<float> best_projection = projection;

  LazyAdam adam(rows, dim, settings.learning_rate);
  std::vector<float> grad(rows * dim, 0.0f);
  std::vector<char> touched_flag(rows, 0);
  std::vector<uint32_t> touched;
  const size_t steps_per_epoch = training.size() / batch;
  const size_t epochs = std::max<size_t>(
      1, std::min(settings.max_epochs, settings.max_steps / std::max<size_t>(1, steps_per_epoch)));
  Progress progress("refining the built-in model", epochs * steps_per_epoch, "steps", stderr,
                    settings.show_progress, std::chrono::seconds(5));
  size_t worse = 0;
  for (size_t epoch = 0; epoch < epochs && worse < settings.patience; ++epoch) {
    std::shuffle(training.begin(), training.end(), random);
    for (size_t start = 0; start + batch <= training.size(); start += batch) {
      std::vector<const SparseText*> titles, abstracts;
      for (size_t i = start; i < start + batch; ++i) {
        titles.push_back(&training[i]->title);
        abstracts.push_back(&training[i]->abstract);
      }
      Matrix t = embed(titles, projection, dim), a = embed(abstracts, projection, dim);
      Eigen::VectorXf t_len = normalise(t), a_len = normalise(a);
      const float inv_temp = 1.0f / settings.temperature;
      Matrix s = (t * a.transpose()) * inv_temp;
      // Both directions: each title picks its abstract among the batch's, and each abstract its
      // title; averaged over the batch.
      Matrix g = (softmax_minus_identity(s) + softmax_minus_identity(s.transpose()).transpose()) *
                 (inv_temp / (2.0f * static_cast<float>(batch)));
      Matrix dt = g * a, da = g.transpose() * t;
      through_normalisation(dt, t, t_len);
      through_normalisation(da, a, a_len);
      auto scatter = [&](const std::vector<const SparseText*>& texts, const Matrix& d) {
        for (size_t i = 0; i < texts.size(); ++i) {
          const float* row = d.row(static_cast<Eigen::Index>(i)).data();
          for (const auto& [term, x] : *texts[i]) {
            if (!touched_flag[term]) {
              touched_flag[term] = 1;
              touched.push_back(term);
            }
            float* target = grad.data() + static_cast<size_t>(term) * dim;
            for (size_t j = 0; j < dim; ++j) target[j] += x * row[j];
          }
        }
      };
      scatter(titles, dt);
      scatter(abstracts, da);
      std::sort(touched.begin(), touched.end());  // the same order every run
      adam.step(projection, touched, grad);
      for (uint32_t term : touched) {
        std::fill_n(grad.data() + static_cast<size_t>(term) * dim, dim, 0.0f);
        touched_flag[term] = 0;
      }
      touched.clear();
      ++report.steps;
      if (settings.show_progress) progress.update(report.steps, report.steps);
    }
    ++report.epochs;
    const double score = retrieval_mrr(held_out, projection, dim);
    if (score > best) {
      best = score;
      best_projection = projection;
      worse = 0;
    } else {
      ++worse;
    }
  }
  if (settings.show_progress) progress.finish(report.steps);
  projection = std::move(best_projection);
  report.held_out_mrr_after = best;
  return report;
}

}  // namespace paperboy
