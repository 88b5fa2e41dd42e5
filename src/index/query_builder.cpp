#include "index/query_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/date.h"
#include "core/text_normalise.h"
#include "index/paper_document.h"

namespace paperboy {
namespace {

// Lucene's English stop set, the one BM25 baselines (Anserini, Elasticsearch) are quoted with.
constexpr std::array<const char*, 33> kStopWords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

// How much a name's match counts against the topic words' BM25. A name key is rare, but one of
// its words may be rarer still in the text ("Yu" in a link "github.com/YU-deep"): at twice a
// word's weight the named person's papers come first. The reversed reading ("Qiao Yu" for
// "Yu Qiao") may be another person: it counts less than the order typed.
constexpr double kNameWeight = 2.0;
constexpr double kReversedNameShare = 0.7;

// Adds an exact phrase's terms (the parser's phrases have a window of their length, which the
// description shows as "PHRASE n" with n the number of terms) under a new phrase number.
bool collect_phrase(const Xapian::Query& query, double factor, unsigned synonym,
                    std::vector<RankedTerm>& out) {
  const size_t n = query.get_num_subqueries();
  if (n < 2 || query.get_description().find(fmt::format(" PHRASE {} ", n)) == std::string::npos)
    return false;
  unsigned phrase = 1;
  for (const auto& t : out) phrase = std::max(phrase, t.phrase + 1);
  for (size_t i = 0; i < n; ++i) {
    Xapian::Query leaf = query.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM ||
        leaf.get_terms_begin() == leaf.get_terms_end())
      return false;
    out.push_back({*leaf.get_terms_begin(), leaf.get_length(), factor, phrase, synonym});
  }
  return true;
}

// Adds the leaves of `query` to `out` when it is a term, a phrase of terms (exact adjacency, as
// the parser writes them), a synonym of two of those, or an OR of those, each weighed by
// `factor`; false when it is anything else.
bool collect_or_terms(const Xapian::Query& query, double factor, std::vector<RankedTerm>& out) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      if (query.get_terms_begin() == query.get_terms_end()) return false;  // MatchAll
      out.push_back({*query.get_terms_begin(), query.get_length(), factor, 0});
      return true;
    case Xapian::Query::OP_OR:
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!collect_or_terms(query.get_subquery(i), factor, out)) return false;
      }
      return true;
    case Xapian::Query::OP_PHRASE:
      return collect_phrase(query, factor, 0, out);
    case Xapian::Query::OP_SYNONYM: {
      // An acronym and its expansion (AcronymField): two members, each a term or a phrase. The
      // block-max side reproduces Xapian's estimate of how many papers hold either, which it
      // weighs the synonym by, for two members (block_max_search.cpp).
      if (query.get_num_subqueries() != 2) return false;
      unsigned synonym = 1;
      for (const auto& t : out) synonym = std::max(synonym, t.synonym + 1);
      for (size_t i = 0; i < 2; ++i) {
        Xapian::Query member = query.get_subquery(i);
        if (member.get_type() == Xapian::Query::OP_PHRASE) {
          if (!collect_phrase(member, factor, synonym, out)) return false;
        } else if (member.get_type() == Xapian::Query::LEAF_TERM &&
                   member.get_terms_begin() != member.get_terms_end()) {
          out.push_back({*member.get_terms_begin(), 1, factor, 0, synonym});
        } else {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

// A name as a name: its key terms (core/name_keys.h), any of which matches. A one-word query
// may be a surname ("Hinton"): then the word also matches author names, as `author:` does.
Xapian::Query QueryBuilder::author_names(std::string_view words, BuiltQuery& built,
                                         std::vector<RankedTerm>& ranked) const {
  std::vector<QueryNameKey> keys = query_name_keys(words);
  std::vector<std::string> single;
  std::vector<Xapian::Query> readings;
  for (const auto& k : keys) {
    std::string term = index_terms::kAuthorName + k.key;
    built.author_name_terms.push_back(term);
    const double factor = k.as_typed ? kNameWeight : kNameWeight * kReversedNameShare;
    ranked.push_back(RankedTerm{term, 1, factor, 0});
    readings.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor);
  }
  Xapian::Query names(Xapian::Query::OP_OR, readings.begin(), readings.end());
  std::vector<std::string> all_words = name_words(words);
  if (all_words.size() == 1 && words.find_first_of(" \t") == std::string_view::npos) {
    try {
      Xapian::Query surname = parser_.parse_query("author:" + all_words.front(), 0);
      if (!collect_or_terms(surname, 1.0, ranked)) ranked.push_back({});  // unrankable: marks it
      names = names.empty() ? surname : Xapian::Query(Xapian::Query::OP_OR, names, surname);
      single = all_words;
    } catch (const Xapian::QueryParserError&) {
      // a word the parser cannot read is no name
    }
  }
  built.authors = AuthorMatch(keys, std::move(single));
  return names;
}

namespace {

// The authors `author:` clauses name, for highlighting: `author:lian` any author with that word,
// `author:"yale song"` the neighbouring words in that order.
AuthorMatch clause_authors(std::string_view clauses, const AuthorMatch& named) {
  std::vector<QueryNameKey> keys;
  std::vector<std::string> single;
  size_t i = 0;
  while ((i = clauses.find("author:", i)) != std::string_view::npos) {
    i += 7;
    size_t end =
        i < clauses.size() && clauses[i] == '"' ? clauses.find('"', i + 1) : clauses.find(' ', i);
    if (end == std::string_view::npos) end = clauses.size();
    std::vector<std::string> words = name_words(clauses.substr(i, end - i));
    if (words.size() == 1) single.push_back(words.front());
    for (size_t w = 1; w < words.size(); ++w) keys.push_back({words[w - 1] + " " + words[w], true});
    i = end;
  }
  return named.with(keys, single);
}

}  // namespace

namespace {

// "survey \"long context\"" → "author:survey author:\"long context\"".
std::string author_fields(std::string_view words) {
  std::string out;
  bool in_quote = false;
  bool token_start = true;
  for (char c : words) {
    if (std::isspace(static_cast<unsigned char>(c)) && !in_quote) {
      token_start = true;
    } else if (token_start) {
      out += "author:";
      token_start = false;
    }
    if (c == '"') in_quote = !in_quote;
    out += c;
  }
  return out;
}

// The reader required words (`+word`, `AND`): a name must not widen the matches past them.
bool requires_words(std::string_view words) {
  size_t i = 0;
  while (i < words.size()) {
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    size_t end = i;
    while (end < words.size() && !std::isspace(static_cast<unsigned char>(words[end]))) ++end;
    std::string_view token = words.substr(i, end - i);
    if (token == "AND" ||
        (token.size() > 1 && (token[0] == '+' || (token[0] == '(' && token[1] == '+'))))
      return true;
    i = end;
  }
  return false;
}

// `acronym:LLMs`: the acronym as typed, or its longer form as a phrase, weighed as one word
// (OP_SYNONYM). An OR of the two gave a paper that uses both forms their weights twice, and
// cost far more: Xapian cannot skip the phrase's candidates, the AND of its words' posting
// lists, and for common words ("large language models") that made a three-word query 25 times
// slower at 1,000,000 papers (bench/README.md).
class AcronymField : public Xapian::FieldProcessor {
 public:
  explicit AcronymField(std::shared_ptr<const QueryBuilder::AcronymTable> acronyms)
      : acronyms_(std::move(acronyms)) {}

  Xapian::Query operator()(const std::string& value) override {
    auto found = acronyms_->find(value);
    if (found == acronyms_->end()) return words_.parse_query(value, 0);
    Xapian::Query acronym = words_.parse_query(found->second.typed, 0);
    Xapian::Query phrase =
        words_.parse_query("\"" + found->second.expansion + "\"", Xapian::QueryParser::FLAG_PHRASE);
    if (acronym.empty() || phrase.empty()) return acronym.empty() ? phrase : acronym;
    return {Xapian::Query::OP_SYNONYM, acronym, phrase};
  }

 private:
  std::shared_ptr<const QueryBuilder::AcronymTable> acronyms_;
  Xapian::QueryParser words_ = make_word_parser();
};

}  // namespace

Xapian::QueryParser make_word_parser() {
  Xapian::QueryParser parser;
  // release() hands the stopper to Xapian's reference counting, so the parser owns it and
  // the builder stays copyable.
  auto* stopper = new Xapian::SimpleStopper(std::begin(kStopWords), std::end(kStopWords));
  parser.set_stopper(stopper->release());
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  // Plain words search the text only: authors are matched by names written as names
  // (QueryBuilder::author_names), so a surname never outweighs the topic words beside it.
  // `-word` excludes a paper with the word in its text or its authors.
  parser.add_prefix("", "");
  parser.add_prefix("title", index_terms::kTitle);
  parser.add_prefix("author", index_terms::kAuthor);
  return parser;
}

QueryBuilder::QueryBuilder() : parser_(make_word_parser()) {
  parser_.add_prefix(std::string(kAcronymField), (new AcronymField(acronyms_))->release());
}

Result<BuiltQuery> QueryBuilder::build(std::string_view text, bool plain_text,
                                       std::span<const AcronymExpansion> acronyms) const {
  BuiltQuery built;
  acronyms_->clear();
  for (const auto& a : acronyms) {
    std::string key = a.typed;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    acronyms_->emplace(std::move(key), a);
  }
  if (plain_text) {
    built.query = parser_.parse_query(normalise_for_index(text), 0);
    if (built.query.empty()) return Error{"empty query: no words to search for"};
    if (std::vector<RankedTerm> ranked; collect_or_terms(built.query, 1.0, ranked))
      built.ranked_terms = std::move(ranked);
    built.semantic_text = std::string(text);
    return built;
  }
  QueryFilters filters;
  auto words = extract_filters(without_dangling_dashes(normalise_for_query(text)), filters);
  if (!words.ok()) return words.error();

  constexpr unsigned kFlags =
      Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    built.query = parser_.parse_query(*words, kFlags);
  } catch (const Xapian::QueryParserError& e) {
    // A stray operator should not cost the user their search: read it as plain words.
    built.query = parser_.parse_query(*words, 0);
    built.warnings.push_back("query syntax not understood (" + e.get_msg() +
                             "); searched the words");
  }
  std::string author_clauses, excluded;
  built.semantic_text = split_semantic_text(*words, author_clauses, excluded, acronyms);
  Xapian::Query unwanted;
  if (!excluded.empty()) {
    try {
      unwanted = parser_.parse_query(excluded, kFlags, "");
      // An excluded word excludes the papers of an author of that name too.
      Xapian::Query by_author = parser_.parse_query(author_fields(excluded), kFlags, "");
      if (!by_author.empty())
        unwanted =
            unwanted.empty() ? by_author : Xapian::Query(Xapian::Query::OP_OR, unwanted, by_author);
    } catch (const Xapian::QueryParserError&) {
      // the lexical side already warned about the syntax
    }
  }
  std::vector<RankedTerm> ranked;
  bool rankable = collect_or_terms(built.query, 1.0, ranked);
  std::vector<RankedTerm> name_terms;
  if (Xapian::Query names = author_names(built.semantic_text, built, name_terms);
      !names.empty() && !built.query.empty()) {
    rankable = rankable && unwanted.empty() && !requires_words(*words) &&
               std::none_of(name_terms.begin(), name_terms.end(),
                            [](const RankedTerm& t) { return t.term.empty(); });
    ranked.insert(ranked.end(), name_terms.begin(), name_terms.end());
    if (!unwanted.empty()) names = Xapian::Query(Xapian::Query::OP_AND_NOT, names, unwanted);
    // A name alone finds the person's papers; where the reader required words (+word, AND)
    // the name only re-ranks what those match.
    built.query = requires_words(*words)
                      ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, names)
                      : Xapian::Query(Xapian::Query::OP_OR, built.query, names);
  }
  if (!unwanted.empty())
    built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, built.query, unwanted);
  if (rankable && unwanted.empty() && filters.empty()) built.ranked_terms = std::move(ranked);
  built.query = apply_filters(built.query, filters);
  Xapian::Query authors;
  if (!author_clauses.empty()) {
    try {
      authors = parser_.parse_query(author_clauses, kFlags, "");
      authors = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, authors, 0);
    } catch (const Xapian::QueryParserError&) {
      authors = Xapian::Query();
    }
  }
  if (!unwanted.empty()) {
    authors = Xapian::Query(Xapian::Query::OP_AND_NOT,
                            authors.empty() ? Xapian::Query::MatchAll : authors, unwanted);
  }
  built.filter = apply_filters(authors, filters);
  if (!author_clauses.empty()) built.authors = clause_authors(author_clauses, built.authors);
  if (built.query.empty()) return Error{"empty query: give words to search for or a filter"};
  return built;
}

}  // namespace paperboy
