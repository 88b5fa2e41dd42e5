// Text as the indexer and the query parser see it: LaTeX reduced to the words inside it and
// accents folded, so "$O(\epsilon^{-3})$" is found by "epsilon" and "Bal\'azs" by "balazs".
#pragma once

#include <string>
#include <string_view>

namespace paperboy {

// Folds UTF-8 text to ASCII where a Latin letter has an obvious base form ("é" to "e",
// "ß" to "ss", "ﬁ" to "fi"), spells Greek letters as their names ("ε" to " epsilon "), and drops
// combining accents. Other characters (CJK, symbols) pass through unchanged.
std::string fold_accents(std::string_view utf8);

// Rewrites LaTeX markup as plain words: accent macros become letters (\'a, {\"o}, \c{c}),
// symbol macros become their names (\epsilon, \log), formatting macros (\mathcal, \textbf,
// \frac) vanish leaving their arguments, and math punctuation ($ ^ _ { } ~) becomes space.
std::string latex_to_text(std::string_view text);

// Sources wrap titles and abstracts at fixed widths ("…energies\n  and"): runs of white space
// become one space, and the ends are trimmed.
std::string collapse_whitespace(std::string_view text);

// Title/abstract text ready for indexing: latex_to_text then fold_accents.
std::string normalise_for_index(std::string_view text);

// A user's query: accents folded and \macros spelt as words, leaving the query syntax
// (quotes, parentheses, '-', 'field:') intact.
std::string normalise_for_query(std::string_view text);

}  // namespace paperboy
