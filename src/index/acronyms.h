// Acronyms the corpus defines itself ("… from human feedback (RLHF) …"), so a search for RLHF
// also finds the papers that spell it out, and the reverse. Pairs are mined with Schwartz and
// Hearst's algorithm (PSB 2003), counted over every indexed paper, and the expansion most papers
// use becomes a Xapian synonym of the acronym, rebuilt with the index.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace paperboy {

struct AcronymDefinition {
  std::string acronym;  // as written: "RLHF", "LLMs"
  std::string
      expansion;  // the words before it that spell it: "Reinforcement Learning from Human Feedback"
};

// Every "long form (SHORT)" in `text` whose long form spells the short one.
std::vector<AcronymDefinition> find_acronym_definitions(std::string_view text);

// How often each expansion defines each acronym, across papers. Keys are lower-cased, the
// expansion's white space collapsed.
class AcronymCounts {
 public:
  void add_text(std::string_view text);
  // One line per pair: "acronym\texpansion\tcount".
  std::string serialise() const;
  static AcronymCounts parse(std::string_view lines);

  // For each acronym defined at least `min_papers` times, the expansion that most of its
  // definitions use (at least half of them: an acronym with rival meanings gets none).
  std::map<std::string, std::string> winners(int min_papers = 2) const;
  // How papers most often write a counted acronym ("DiT" for "dit", "LLM" for "llm"), for
  // telling a reader what their search was widened with; the lower-case key if never seen.
  std::string written(const std::string& acronym) const;

 private:
  std::map<std::string, std::map<std::string, int>> counts_;
  // By lower-case acronym, each way papers wrote it. Serialised after the counts on lines that
  // start with kWrittenMark, which older readers count as an acronym defined 0 times.
  std::map<std::string, std::map<std::string, int>> written_;
};

}  // namespace paperboy
