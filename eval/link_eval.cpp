// eval/link_eval: how well paperboy finds a paper's code repository, project page and hub
// artefacts in its abstract and comments line (core/paper_links.h), against a hand-checked list
// (tests/fixtures/paper-links/hand-checked.jsonl: 100 papers of the bundled sample, see its
// README). Every (paper, field, value) the list names or the extractor finds is one item:
// precision = items found that the list names / items found; recall = items found that the list
// names / items the list names. Prints the figures per field and overall, then each miss and
// each wrong find. With --min-precision / --min-recall it exits 1 below either floor.
// usage: link_eval [FILE] [--min-precision 0.95] [--min-recall 0.8]
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/paper_links.h"

using namespace paperboy;

namespace {

using Item = std::pair<std::string, std::string>;  // field, value

std::set<Item> items_of(const std::string& code, const std::string& page,
                        const std::vector<std::string>& artifacts) {
  std::set<Item> items;
  if (!code.empty()) items.insert({"code", code});
  if (!page.empty()) items.insert({"project_page", page});
  for (const auto& a : artifacts) items.insert({"hub_artifact", a});
  return items;
}

struct Tally {
  int expected = 0, found = 0, right = 0;
  double precision() const { return found == 0 ? 1.0 : double(right) / found; }
  double recall() const { return expected == 0 ? 1.0 : double(right) / expected; }
};

}  // namespace

int main(int argc, char** argv) {
  std::string path =
      std::string(PAPERBOY_SOURCE_DIR) + "/tests/fixtures/paper-links/hand-checked.jsonl";
  double min_precision = 0, min_recall = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--min-precision" && i + 1 < argc) {
      min_precision = std::atof(argv[++i]);
    } else if (arg == "--min-recall" && i + 1 < argc) {
      min_recall = std::atof(argv[++i]);
    } else if (!arg.starts_with("--")) {
      path = arg;
    } else {
      fmt::print(stderr,
                 "link_eval: unknown option {}\nusage: link_eval [FILE] [--min-precision P] "
                 "[--min-recall R]\n",
                 arg);
      return 2;
    }
  }
  std::ifstream in(path);
  if (!in) {
    fmt::print(stderr, "link_eval: cannot read {}\n", path);
    return 2;
  }
  std::map<std::string, Tally> tallies;
  std::vector<std::string> mistakes;
  int papers = 0;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.empty()) continue;
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) {
      fmt::print(stderr, "link_eval: {}:{}: not a JSON object\n", path, line_no);
      return 2;
    }
    ++papers;
    std::string id = record.value("id", "");
    auto expected = items_of(record.value("code", ""), record.value("project_page", ""),
                             record.value("hub_artifacts", std::vector<std::string>{}));
    PaperLinks links = find_paper_links(record.value("abstract", ""), record.value("comments", ""));
    auto found = items_of(links.code, links.project_page, links.hub_artifacts);
    for (const auto& item : expected) {
      ++tallies[item.first].expected;
      if (!found.contains(item))
        mistakes.push_back(fmt::format("  missed  {} {} {}", id, item.first, item.second));
    }
    for (const auto& item : found) {
      ++tallies[item.first].found;
      if (expected.contains(item)) {
        ++tallies[item.first].right;
      } else {
        mistakes.push_back(fmt::format("  wrong   {} {} {}", id, item.first, item.second));
      }
    }
  }
  Tally all;
  fmt::print("link extraction: {} papers from {}\n{:<14} {:>8} {:>6} {:>6} {:>10} {:>7}\n", papers,
             path, "field", "expected", "found", "right", "precision", "recall");
  for (const auto& [field, t] : tallies) {
    fmt::print("{:<14} {:>8} {:>6} {:>6} {:>10.3f} {:>7.3f}\n", field, t.expected, t.found, t.right,
               t.precision(), t.recall());
    all.expected += t.expected;
    all.found += t.found;
    all.right += t.right;
  }
  fmt::print("{:<14} {:>8} {:>6} {:>6} {:>10.3f} {:>7.3f}\n", "all", all.expected, all.found,
             all.right, all.precision(), all.recall());
  for (const auto& m : mistakes) fmt::print("{}\n", m);
  if (all.precision() < min_precision || all.recall() < min_recall) {
    fmt::print("below the floor: precision {:.3f} (floor {}), recall {:.3f} (floor {})\n",
               all.precision(), min_precision, all.recall(), min_recall);
    return 1;
  }
  return 0;
}
