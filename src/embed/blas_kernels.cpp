#include "embed/blas_kernels.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string_view>

extern "C" char* openblas_get_corename(void);

namespace paperboy {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool one_of(const std::string& name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string blas_kernels() { return openblas_get_corename(); }

std::string better_blas_kernels() {
  const std::string chosen = lower(blas_kernels());
  // Families at least as wide as the one proposed: left alone, whatever the CPU.
  if (one_of(chosen, {"skylakex", "cooperlake", "sapphirerapids"})) return "";
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (avx512) return "SkylakeX";
  if (one_of(chosen, {"haswell", "zen"})) return "";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
  return "";
}

void use_best_blas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;  // the operator's choice, or ours
  if (const char* off = std::getenv("PAPERBOY_BLAS_AS_IS");
      off != nullptr && std::string_view(off) == "1")
    return;
  const std::string better = better_blas_kernels();
  if (better.empty()) return;
  ::setenv("OPENBLAS_CORETYPE", better.c_str(), 1);
  ::execv("/proc/self/exe", argv);
  // Still here: no /proc, or no permission. Run on with the kernels OpenBLAS chose.
}

}  // namespace paperboy
