// Functions marked PAPERBOY_CLONES are compiled once per instruction set (AVX-512, AVX2 and
// baseline x86-64); the dynamic loader picks the widest the CPU has. Debian builds for
// baseline x86-64, so without this a loop the compiler could vectorise eight or sixteen wide
// runs four wide. Loops inside say `#pragma omp simd` (with `reduction` for sums) to let the
// compiler reorder their floating-point sums.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PAPERBOY_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PAPERBOY_CLONES
#endif
