#include "index/spelling_choice.h"

#include <algorithm>
#include <cmath>

namespace paperboy {

size_t damerau_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> size_t& { return d[i * (m + 1) + j]; };
  for (size_t i = 0; i <= n; ++i) at(i, 0) = i;
  for (size_t j = 0; j <= m; ++j) at(0, j) = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(n, m);
}

std::vector<std::string> one_edit_away(std::string_view word) {
  std::vector<std::string> out;
  const std::string w(word);
  for (size_t i = 0; i < w.size(); ++i) out.push_back(w.substr(0, i) + w.substr(i + 1));
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    std::string swapped = w;
    std::swap(swapped[i], swapped[i + 1]);
    out.push_back(std::move(swapped));
  }
  for (size_t i = 0; i <= w.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) {
      out.push_back(w.substr(0, i) + c + w.substr(i));
      if (i < w.size() && w[i] != c) out.push_back(w.substr(0, i) + c + w.substr(i + 1));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::erase(out, w);
  return out;
}

namespace {

// A noisy channel: what was meant is likely in itself (the candidate with the query's other
// words: in how many papers it occurs with each, or alone how often it occurs) and likely to
// have been mistyped as what was typed (each edit costs as much as being e⁴ ≈ 55 times less
// likely; doubling or undoubling a letter, the commonest slip, half that). The candidate's own
// frequency breaks ties between words that occur with the others alike.
constexpr double kEditCost = 4.0;
constexpr double kFrequencyShare = 0.25;

// "modell" for "model", "distilation" for "distillation": one letter doubled or undoubled.
bool doubling_slip(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() != b.size() + 1) return false;
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    if (a[i] == a[i + 1] && a.substr(0, i) == b.substr(0, i) && a.substr(i + 1) == b.substr(i))
      return true;
  }
  return false;
}

}  // namespace

std::optional<SpellingCandidate> choose_spelling(std::string_view typed,
                                                 std::vector<std::string> candidates,
                                                 std::span<const std::string> other_words,
                                                 SpellingFacts& facts) {
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<SpellingCandidate> scored;
  for (auto& word : candidates) {
    if (word == typed) continue;
    SpellingCandidate c;
    c.distance = damerau_distance(typed, word);
    if (c.distance == 0 || c.distance > 2) continue;
    c.frequency = facts.frequency(word);
    if (c.frequency == 0) continue;
    c.word = std::move(word);
    scored.push_back(std::move(c));
  }
  if (scored.empty()) return std::nullopt;
  // Co-occurrence is asked of the commonest few only: each question is a posting-list
  // intersection, and a word rarer than all of these rarely is what was meant.
  constexpr size_t kAskedTogether = 12;
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.frequency > b.frequency;
  });
  for (size_t i = 0; i < scored.size() && i < kAskedTogether; ++i) {
    for (const auto& other : other_words)
      scored[i].together += facts.together(scored[i].word, other);
  }
  for (auto& c : scored) {
    // Alone: how common the word is. With other words: how often it occurs with them (half a
    // paper where never), its own frequency only a little.
    const double common = std::log1p(static_cast<double>(c.frequency));
    const double likely = other_words.empty() ? common
                                              : std::log(static_cast<double>(c.together) + 0.5) +
                                                    kFrequencyShare * common;
    const double edits =
        c.distance == 1 && doubling_slip(typed, c.word) ? 0.5 : static_cast<double>(c.distance);
    c.score = likely - kEditCost * edits;
  }
  auto best = std::max_element(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.score != b.score ? a.score < b.score : a.word > b.word;  // ties: the first in order
  });
  return *best;
}

}  // namespace paperboy
