// The search syntax, turned into a Xapian query:
//   words            ranked by BM25 over title (boosted) and abstract; a name written as a name
//                    ("Yu Qiao", "Y. Qiao", "Qiao Yu") or a query of one word also finds authors
//   "a phrase"       words in this order
//   title:word  author:name  author:"Ada Lovelace"
//   cat:cs.LG  cat:cs       filter by arXiv category or archive (any case); -cat:… excludes
//   from:2024-01-01  to:2024-06   filter by first-version date (YYYY, YYYY-MM or YYYY-MM-DD)
//   has:code         papers with a code repository; -has:code those without
//   org:tencent      papers of an organisation (its name, spaces as '-', any case)
//   AND  OR  NOT  ( )  +word  -word
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/name_keys.h"
#include "core/result.h"
#include "index/query_text.h"

namespace paperboy {

// The parser plain words are read with: Lucene's English stop list, English stems for
// lower-case words (STEM_SOME), any word may match (OR), `title:` and `author:` fields. Public
// so that the raw-Xapian anchor (bench/xapian_anchor.cpp) reads a query's words exactly so.
Xapian::QueryParser make_word_parser();

// A query leaf ranked by BM25: its term, its within-query frequency, the weight factor of the
// OP_SCALE_WEIGHT above it (1 when none), the phrase it belongs to (0: none; leaves of one
// phrase share a number and come in the phrase's order: a hyphenated word is such a phrase),
// and the synonym (OP_SYNONYM, an acronym and its expansion) whose members it is among (0:
// none; the members of one synonym share a number and come together, weighed as one word).
struct RankedTerm {
  std::string term;
  Xapian::termcount wqf = 1;
  double factor = 1.0;
  unsigned phrase = 0;
  unsigned synonym = 0;
};

struct BuiltQuery {
  Xapian::Query query;
  // The query's leaves when it is an OR of terms, phrases of terms and synonyms of two of
  // those, and nothing else (no filter, excluded or required word): then a block-max index can
  // rank it (block_max_search.h).
  std::optional<std::vector<RankedTerm>> ranked_terms;
  // For semantic search: the filters, author: clauses and excluded words alone (empty: none), and
  // the words an embedding model should read (no operators, fields, filters or excluded words).
  Xapian::Query filter;
  std::string semantic_text;
  std::vector<std::string> warnings;  // e.g. syntax the parser could not follow, read as words
  // The authors the query names (for highlighting them), and the index terms of those names
  // (for telling whether the query names anyone at all).
  AuthorMatch authors;
  std::vector<std::string> author_name_terms;
};

class QueryBuilder {
 public:
  QueryBuilder();

  // Errors are the user's to fix: a malformed date, an empty query.
  // With `plain_text` the text is words only: no operators, fields or filters.
  // `acronyms` are the expansions of the text's `acronym:` words.
  Result<BuiltQuery> build(std::string_view text, bool plain_text = false,
                           std::span<const AcronymExpansion> acronyms = {}) const;

  // The acronyms of the query being parsed, by their lower-case form (Xapian hands a field's
  // value to its processor lower-cased).
  using AcronymTable = std::unordered_map<std::string, AcronymExpansion>;

 private:
  // What of `words` (the query's plain words) names an author: name keys, or the one word of a
  // one-word query. Empty when nothing does.
  // `ranked` gets its terms with their weight factors.
  Xapian::Query author_names(std::string_view words, BuiltQuery& built,
                             std::vector<RankedTerm>& ranked) const;

  // Shared with the parser's `acronym:` processor; like the parser, one query at a time.
  std::shared_ptr<AcronymTable> acronyms_ = std::make_shared<AcronymTable>();
  mutable Xapian::QueryParser parser_;  // parse_query is not const in Xapian's API
};

}  // namespace paperboy
