// The element-wise parts of a transformer layer, between its matrix products: bias, GELU,
// softmax, residual sums. libm's scalar erff and expf made them a quarter of the forward pass
// (perf, bench_embed); these are polynomial forms the compiler vectorises, built for AVX-512,
// AVX2 and baseline x86-64 and picked when the program loads.
#pragma once

#include <cstddef>

namespace paperboy::kernels {

// rows[m × n] += bias[n] on every row.
void add_bias(float* rows, size_t m, size_t n, const float* bias);
// rows[m × n] = gelu(rows + bias), BERT's exact GELU: x · (1 + erf(x / √2)) / 2.
void add_bias_gelu(float* rows, size_t m, size_t n, const float* bias);
// Each of the m rows of n scores becomes its softmax (scaled by nothing: scale the scores first).
void softmax_rows(float* scores, size_t m, size_t n);
// Each row of n: (x - mean) / sqrt(variance + eps) · gamma + beta.
void layer_norm_rows(float* rows, size_t m, size_t n, const float* gamma, const float* beta,
                     float eps);
// x[n] += y[n].
void add_to(float* x, const float* y, size_t n);

// The scalar forms, for tests: erf within 5e-7 of the exact value, exp within 4e-7 relative on
// [-87, 88].
float erf_approx(float x);
float exp_approx(float x);

}  // namespace paperboy::kernels
