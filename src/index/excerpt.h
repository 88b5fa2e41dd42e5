// Highlighted excerpts: the passage of a paper's text with the most of a search's words, HTML-
// escaped, its matches in <b>…</b>, "…" where the text was cut. Xapian's MSet::snippet did this
// before, but it needs an MSet, and the block-max search has none: making one (an empty
// get_mset) and the snippet's stemming of every word of every text were 14 % of a lexical
// search's CPU at 2.9 M papers. Here a word is stemmed only when it could match a stem of the
// query (same first letter), and the query's terms come from the query itself.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>

namespace paperboy {

class Excerpts {
 public:
  Excerpts() = default;
  // The words `query` searches: its unprefixed terms as written, and its stems (`Z` terms,
  // English) matched by the stem of a word; prefixed terms (fields, filters) are not text.
  explicit Excerpts(const Xapian::Query& query);

  // At most about `length` bytes of `text` (whole words; more only when one word is longer),
  // from the passage holding the most distinct query words, then the most matches; the start
  // of the text when no word matches.
  std::string make(std::string_view text, size_t length) const;

 private:
  bool matches(const std::string& word) const;

  std::unordered_set<std::string> words_;
  std::unordered_set<std::string> stems_;
  std::string stem_initials_;  // first letters of the stems, to skip stemming other words
};

}  // namespace paperboy
