// Papers for the digest tests: 2410.{first…last}, "TITLE N", listed on the hub on 2024-10-21
// (or spread over `days` days back from it), votes falling from `top_votes` with N, and an
// abstract with LaTeX so the mail's readable rendering of it can be checked.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace paperboy::testing {

inline std::vector<Paper> listed_papers(int first, int last, const std::string& title,
                                        int top_votes, int days = 1) {
  std::vector<Paper> papers;
  for (int i = first; i <= last; ++i) {
    Paper p = make_paper(fmt::format("2410.{:05}", i), fmt::format("{} {}", title, i));
    p.abstract = fmt::format("We bound the error by $O(\\epsilon^{{-{}}})$ for sparse attention.",
                             i % 4 + 1);
    p.hub_day = Date{2024, 10, 21 - i % days};
    p.upvotes = top_votes - i;
    papers.push_back(p);
  }
  return papers;
}

}  // namespace paperboy::testing
