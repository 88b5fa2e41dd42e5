#include "embed/embedder.h"

#include <cmath>

namespace paperboy {

void normalise_rows(std::span<float> rows, size_t dimension) {
  for (size_t start = 0; start + dimension <= rows.size(); start += dimension) {
    double norm = 0;
    for (size_t j = 0; j < dimension; ++j)
      norm += static_cast<double>(rows[start + j]) * rows[start + j];
    if (norm <= 0) continue;
    const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (size_t j = 0; j < dimension; ++j) rows[start + j] *= scale;
  }
}

}  // namespace paperboy
