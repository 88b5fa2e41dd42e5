// The search syntax, turned into a Xapian query:
//   words            ranked by BM25 over title (boosted), abstract and author names
//   "a phrase"       words in this order
//   title:word  author:name  author:"Ada Lovelace"
//   cat:cs.LG  cat:cs       filter by arXiv category or archive (any case); -cat:… excludes
//   from:2024-01-01  to:2024-06   filter by first-version date (YYYY, YYYY-MM or YYYY-MM-DD)
//   AND  OR  NOT  ( )  +word  -word
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct BuiltQuery {
  Xapian::Query query;
  // For semantic search: the filters, author: clauses and excluded words alone (empty: none), and the words an
  // embedding model should read (no operators, fields, filters or excluded words).
  Xapian::Query filter;
  std::string semantic_text;
  std::vector<std::string> warnings;  // e.g. syntax the parser could not follow, read as words
};

class QueryBuilder {
 public:
  QueryBuilder();

  // Errors are the user's to fix: a malformed date, an empty query.
  // With `plain_text` the text is words only: no operators, fields or filters.
  Result<BuiltQuery> build(std::string_view text, bool plain_text = false) const;

 private:
  Xapian::Query boost_author_names(const Xapian::Query& query, std::string_view words) const;

  mutable Xapian::QueryParser parser_;  // parse_query is not const in Xapian's API
};

}  // namespace paperboy
