// The vectorised kernels against libm: erf and exp over their whole useful range, and the
// row operations against plain loops, on lengths that are not multiples of any vector width.
#include "embed/dense_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace paperboy::kernels {
namespace {

TEST(DenseKernels, ErfIsWithinHalfAMillionthOfLibm) {
  double worst = 0;
  for (float x = -6.0f; x <= 6.0f; x += 1.0f / 4096)
    worst = std::max(
        worst, std::fabs(static_cast<double>(erf_approx(x)) - std::erf(static_cast<double>(x))));
  EXPECT_LT(worst, 5e-7);  // a few float ulp near ±1
  EXPECT_EQ(erf_approx(40.0f), 1.0f);
  EXPECT_EQ(erf_approx(-40.0f), -1.0f);
}

TEST(DenseKernels, ExpIsWithinFourMillionthsRelativeOfLibm) {
  double worst = 0;
  for (float x = -87.0f; x <= 88.0f; x += 1.0f / 512) {
    worst = std::max(worst, std::fabs(exp_approx(x) / std::exp(static_cast<double>(x)) - 1.0));
  }
  EXPECT_LT(worst, 4e-7);
  EXPECT_EQ(exp_approx(0.0f), 1.0f);
  EXPECT_GE(exp_approx(-1000.0f), 0.0f);  // clamped: no NaN, no garbage from the exponent bits
  EXPECT_LT(exp_approx(-1000.0f), 1e-37f);
  EXPECT_TRUE(std::isfinite(exp_approx(1000.0f)));
}

TEST(DenseKernels, RowOperationsMatchPlainLoops) {
  std::mt19937 random(5);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  const size_t m = 7, n = 37;  // odd sizes: the vector loops' tails run too
  std::vector<float> rows(m * n), bias(n);
  for (float& v : rows) v = normal(random);
  for (float& v : bias) v = normal(random);

  std::vector<float> with_bias = rows;
  add_bias(with_bias.data(), m, n, bias.data());
  std::vector<float> gelu = rows;
  add_bias_gelu(gelu.data(), m, n, bias.data());
  std::vector<float> softmax = rows;
  softmax_rows(softmax.data(), m, n);
  std::vector<float> normed = rows;
  layer_norm_rows(normed.data(), m, n, bias.data(), with_bias.data(),
                  1e-12f);  // any gamma and beta will do
  std::vector<float> sum = rows;
  add_to(sum.data(), with_bias.data(), sum.size());

  for (size_t i = 0; i < m; ++i) {
    double top = -1e30, total = 0;
    for (size_t j = 0; j < n; ++j) top = std::max(top, static_cast<double>(rows[i * n + j]));
    for (size_t j = 0; j < n; ++j) total += std::exp(rows[i * n + j] - top);
    double mean = 0, variance = 0;
    for (size_t j = 0; j < n; ++j) mean += rows[i * n + j] / static_cast<double>(n);
    for (size_t j = 0; j < n; ++j)
      variance += std::pow(rows[i * n + j] - mean, 2) / static_cast<double>(n);
    for (size_t j = 0; j < n; ++j) {
      const double expected =
          (rows[i * n + j] - mean) / std::sqrt(variance) * bias[j] + with_bias[j];
      EXPECT_NEAR(normed[i * n + j], expected, 1e-5 * std::max(1.0, std::fabs(expected)));
    }
    double softmax_total = 0;
    for (size_t j = 0; j < n; ++j) {
      const double x = rows[i * n + j], b = bias[j];
      EXPECT_FLOAT_EQ(with_bias[i * n + j], static_cast<float>(x + b));
      const double exact_gelu = 0.5 * (x + b) * (1 + std::erf((x + b) / std::sqrt(2.0)));
      EXPECT_NEAR(gelu[i * n + j], exact_gelu, 2e-6 * std::max(1.0, std::fabs(exact_gelu)));
      EXPECT_NEAR(softmax[i * n + j], std::exp(x - top) / total, 1e-6);
      EXPECT_FLOAT_EQ(sum[i * n + j], static_cast<float>(x + (x + b)));
      softmax_total += softmax[i * n + j];
    }
    EXPECT_NEAR(softmax_total, 1.0, 1e-5);
  }
}

}  // namespace
}  // namespace paperboy::kernels
