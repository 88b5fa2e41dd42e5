// The query's text before Xapian's parser reads it: the filter tokens (cat:, has:, org:,
// from:, to:) lifted out and applied as boolean terms and value ranges, stray dashes dropped,
// and the words an embedding model reads split from the clauses that restrict rather than
// describe. QueryBuilder (query_builder.h) puts these together with the parser.
#pragma once

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

// An acronym a reader typed and the longer form the corpus defines for it. The query text
// names it as `acronym:LLMs`; the query matches either form, weighed as one word.
struct AcronymExpansion {
  std::string typed;      // "LLMs"
  std::string expansion;  // "large language models"
};
inline constexpr std::string_view kAcronymField = "acronym";

// The filters a query's text names, as index terms and YYYYMMDD bounds.
struct QueryFilters {
  std::vector<std::string> categories;
  std::vector<std::string> excluded_categories;
  std::vector<std::string> required;  // has:code, org:name: each must hold
  std::vector<std::string> excluded;
  std::string from;  // YYYYMMDD
  std::string to;

  bool empty() const {
    return categories.empty() && excluded_categories.empty() && required.empty() &&
           excluded.empty() && from.empty() && to.empty();
  }
};

// Drops each token (outside quotes) that starts with a dash with no word after it ("--",
// "-,"): punctuation in a pasted sentence, which Xapian's parser would otherwise read as
// excluding the next word ("-, heads") and the author pass as excluding the word "author".
std::string without_dangling_dashes(std::string_view text);

// Splits off the filter tokens (outside quotes) into `filters`; returns what is left, for
// Xapian's parser. An unknown has: value or a malformed date is an error naming it.
Result<std::string> extract_filters(std::string_view text, QueryFilters& filters);

// `query` restricted by `filters` (MatchAll when the query is empty but exclusions remain).
Xapian::Query apply_filters(Xapian::Query query, const QueryFilters& filters);

// Splits the words part into what an embedding model reads, author: clauses, which restrict
// rather than describe, and excluded words (`-word`, `NOT word`), which the semantic side must
// exclude too: `transformers author:"Ada Lovelace" -survey` reads "transformers".
std::string split_semantic_text(std::string_view words, std::string& author_clauses,
                                std::string& excluded, std::span<const AcronymExpansion> acronyms);

}  // namespace paperboy
