// Choosing what a misspelt word meant. Xapian's own suggestion ranks words within two edits
// by frequency alone and counts a transposition as two edits, so "gradient decsent" became
// "gradient recent" ("recent" is in 384 papers of the sample, "descent" in 8, always after
// "gradient"). Here a transposition is one edit, and a candidate that occurs with the query's
// other words wins over a merely frequent one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace paperboy {

// Edits between `a` and `b` where swapping two neighbouring letters counts as one (optimal
// string alignment distance).
size_t damerau_distance(std::string_view a, std::string_view b);

// Every string one edit from `word` over a–z: each letter dropped, doubled or replaced, each
// neighbouring pair swapped, each letter inserted. Without duplicates or `word` itself.
std::vector<std::string> one_edit_away(std::string_view word);

// What the chooser needs to know about the corpus.
class SpellingFacts {
 public:
  virtual ~SpellingFacts() = default;
  // In how many papers `word` occurs in the title or abstract (0: none).
  virtual uint64_t frequency(const std::string& word) = 0;
  // In how many papers `word` occurs with `other` (counting stops at a bound the caller picks).
  virtual uint64_t together(const std::string& word, const std::string& other) = 0;
};

struct SpellingCandidate {
  std::string word;
  size_t distance = 0;
  uint64_t frequency = 0;
  uint64_t together = 0;  // papers with the query's other words, summed over them
  double score = 0;
};

// The best of `candidates` for `typed` (lower case) among a query's `other_words`: ranked by
// how often each occurs with the other words, then by how close and how common it is. None
// when no candidate is within two edits.
std::optional<SpellingCandidate> choose_spelling(std::string_view typed,
                                                 std::vector<std::string> candidates,
                                                 std::span<const std::string> other_words,
                                                 SpellingFacts& facts);

}  // namespace paperboy
