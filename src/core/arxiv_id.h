// arXiv identifiers in every form arXiv has issued: new style (0704.0001, 2410.14649v2) and
// old style (math/0309136v1, hep-th/9901001, math.AG/0309136).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

struct ArxivId {
  std::string base;  // without version: "2410.14649", "math/0309136"
  int version = 0;   // 0 when the id names no version

  // "2410.14649v2", or the base alone when no version is known.
  std::string str() const;
  bool operator==(const ArxivId&) const = default;
};

// Accepts the forms above, also wrapped as "arXiv:2410.14649", "arxiv.org/abs/…" or
// "https://arxiv.org/pdf/…"; rejects anything else with a message naming the input.
Result<ArxivId> parse_arxiv_id(std::string_view text);

}  // namespace paperboy
