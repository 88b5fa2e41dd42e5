// bench_links: how long finding a paper's links takes (core/paper_links.h), which both stores
// do for every paper row they read. Workload: the 100 abstracts of the hand-checked list
// (tests/fixtures/paper-links; 60 of them with several addresses, so heavier than arXiv's
// average), each read 200 times in a row, five runs; prints the median per abstract.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/paper_links.h"

int main() {
  std::ifstream in(std::string(PAPERBOY_SOURCE_DIR) +
                   "/tests/fixtures/paper-links/hand-checked.jsonl");
  std::vector<std::string> abstracts;
  size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    abstracts.push_back(nlohmann::json::parse(line)["abstract"]);
    bytes += abstracts.back().size();
  }
  if (abstracts.empty()) {
    fmt::print(stderr, "bench_links: cannot read the hand-checked list\n");
    return 1;
  }
  constexpr int kRepeats = 200;
  std::vector<double> runs;
  size_t found = 0;
  for (int run = 0; run < 5; ++run) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < kRepeats; ++r) {
      for (const auto& a : abstracts) found += paperboy::find_paper_links(a, "").code.size();
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    runs.push_back(seconds / (kRepeats * abstracts.size()) * 1e6);
  }
  std::sort(runs.begin(), runs.end());
  fmt::print("find_paper_links: {} abstracts (mean {} bytes) x {} reads, 5 runs\n",
             abstracts.size(), bytes / abstracts.size(), kRepeats);
  fmt::print(
      "median {:.2f} us per abstract (min {:.2f}, max {:.2f}); {} bytes of code links found\n",
      runs[2], runs[0], runs[4], found);
}
