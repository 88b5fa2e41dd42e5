#include "embed/dense_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/simd_clones.h"

namespace paperboy::kernels {
namespace {

// erf as a ratio of an odd and an even polynomial in x on [-4, 4] (beyond it erf is ±1 in
// single precision): the rational approximation XLA and Eigen use, a few ulp from erf.

__attribute__((always_inline)) inline float erf_inline(float x) {
  x = std::min(4.0f, std::max(-4.0f, x));
  const float x2 = x * x;
  float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
  p = x2 * p + -2.10102402082508e-06f;
  p = x2 * p + -5.69250639462346e-05f;
  p = x2 * p + -7.34990630326855e-04f;
  p = x2 * p + -2.95459980854025e-03f;
  p = x2 * p + -1.60960333262415e-02f;
  p = x * p;
  float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
  q = x2 * q + -1.68282697438203e-03f;
  q = x2 * q + -7.37332916720468e-03f;
  q = x2 * q + -1.42647390514189e-02f;
  return p / q;
}

// exp(x) = 2^k · exp(r), k = round(x / ln 2), |r| ≤ ln 2 / 2, exp(r) by its degree-6 Taylor
// polynomial (error below 2e-7 relative on that range); 2^k built in the exponent bits.

__attribute__((always_inline)) inline float exp_inline(float x) {
  x = std::min(88.3762626647949f, std::max(-87.3365447505531f, x));
  // Round to nearest by adding and taking away 1.5 · 2^23 (|k| ≤ 128 here): plain arithmetic
  // that vectorises on every target, where nearbyint does not without SSE4.1.
  constexpr float kRound = 12582912.0f;
  const float k = (x * 1.44269504088896341f + kRound) - kRound;
  // ln 2 in two parts, so k · ln 2 is exact for the k that occur.
  const float r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(k) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

}  // namespace

float erf_approx(float x) { return erf_inline(x); }
float exp_approx(float x) { return exp_inline(x); }

PAPERBOY_CLONES void add_bias(float* rows, size_t m, size_t n, const float* bias) {
  for (size_t i = 0; i < m; ++i) {
    float* row = rows + i * n;
#pragma omp simd
    for (size_t j = 0; j < n; ++j) row[j] += bias[j];
  }
}

PAPERBOY_CLONES void add_bias_gelu(float* rows, size_t m, size_t n, const float* bias) {
  constexpr float kInvSqrt2 = 0.70710678118654752f;
  for (size_t i = 0; i < m; ++i) {
    float* row = rows + i * n;
#pragma omp simd
    for (size_t j = 0; j < n; ++j) {
      const float x = row[j] + bias[j];
      row[j] = 0.5f * x * (1.0f + erf_inline(x * kInvSqrt2));
    }
  }
}

PAPERBOY_CLONES void softmax_rows(float* scores, size_t m, size_t n) {
  for (size_t i = 0; i < m; ++i) {
    float* row = scores + i * n;
    // The row's maximum in 16 running lanes: GCC does not vectorise a max reduction (OpenMP's
    // or its own), but does vectorise this fixed-width form.
    float lanes[16];
    std::fill(lanes, lanes + 16, row[0]);
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
      for (size_t k = 0; k < 16; ++k) lanes[k] = lanes[k] > row[j + k] ? lanes[k] : row[j + k];
    }
    float top = row[0];
    for (; j < n; ++j) top = std::max(top, row[j]);
    for (float lane : lanes) top = std::max(top, lane);
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (size_t j = 0; j < n; ++j) {
      row[j] = exp_inline(row[j] - top);
      sum += row[j];
    }
    const float inverse = 1.0f / sum;
#pragma omp simd
    for (size_t j = 0; j < n; ++j) row[j] *= inverse;
  }
}

PAPERBOY_CLONES void layer_norm_rows(float* rows, size_t m, size_t n, const float* gamma,
                                     const float* beta, float eps) {
  for (size_t i = 0; i < m; ++i) {
    float* x = rows + i * n;
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (size_t j = 0; j < n; ++j) sum += x[j];
    const float mean = sum / static_cast<float>(n);
    float squares = 0;
#pragma omp simd reduction(+ : squares)
    for (size_t j = 0; j < n; ++j) squares += (x[j] - mean) * (x[j] - mean);
    const float scale = 1.0f / std::sqrt(squares / static_cast<float>(n) + eps);
#pragma omp simd
    for (size_t j = 0; j < n; ++j) x[j] = (x[j] - mean) * scale * gamma[j] + beta[j];
  }
}

PAPERBOY_CLONES void add_to(float* x, const float* y, size_t n) {
#pragma omp simd
  for (size_t j = 0; j < n; ++j) x[j] += y[j];
}

}  // namespace paperboy::kernels
