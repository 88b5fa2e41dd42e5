// The read side of the lexical index: BM25 search over the live generation, with highlighted
// excerpts. Searches read a snapshot and never wait for a writer.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "index/block_max_index.h"
#include "index/excerpt.h"
#include "index/query_builder.h"

namespace paperboy {

// Xapian's BM25 with k2 = 0 and k3 = 1 (query term frequency counts linearly).
// Defaults chosen on SciFact's train split; see eval/README.md.
struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

// How hits are ordered: by the ranking of the search mode, or by a paper fact with the ranking
// breaking ties. Votes are those of the last index update (hub upvotes and community votes):
// votes are changes, so an index catching up with the store has them.
enum class SearchOrder { relevance, newest, votes };
// "" or "relevance", "newest", "votes".
Result<SearchOrder> parse_search_order(std::string_view text);

// No search ranks or shows more than this many hits, in any mode: a page past it is empty. Counts
// are exact up to it and estimated beyond, the same on every page.
inline constexpr size_t kMaxResultWindow = 1000;

struct SearchRequest {
  std::string query;  // the syntax of query_builder.h
  // Natural text (a question, a claim): its words only, no operators, fields or filters.
  bool plain_text = false;
  size_t offset = 0;
  size_t limit = 10;
  // Search a spelling-corrected query instead when a word of this one is in no paper
  // (search_papers); off when the reader asked for exactly what they typed.
  bool correct_spelling = true;
  SearchOrder order = SearchOrder::relevance;
};

struct SearchHit {
  int64_t doc_id = 0;  // the store's number for the paper
  std::string id;      // the paper's key
  double score = 0;
};

class SearchResults {
 public:
  std::vector<SearchHit> hits;
  int64_t total_estimate = 0;  // matches in all, estimated by Xapian beyond the page
  std::vector<std::string> warnings;
  std::string mode = "lexical";  // how the hits were ranked: lexical, semantic or hybrid
  // "Did you mean": the query with its misspelt words corrected (empty: none).
  std::string did_you_mean;
  // The hits are did_you_mean's: a word as typed was in no paper.
  bool searched_correction = false;
  // Acronyms the corpus defines that the query was widened with: "RLHF = reinforcement
  // learning from human feedback", for either side typed.
  std::vector<std::string> expansions;
  // The authors the query named (a name written as a name, a one-word query, `author:`), to be
  // marked on the cards.
  AuthorMatch authors;
  // What total_estimate counts: papers that match the words (lexical, hybrid), or the nearest
  // papers in meaning ranked (semantic: a fixed pool, not a count of matches).
  enum class Count { matches, nearest };
  Count count = Count::matches;
  // Semantic mode only: the query names an author (a name some paper has, written as a name),
  // which meaning cannot find; searching by words can.
  bool names_author = false;
  // Semantic mode only: the model knows none of the query's words, so nothing is near it.
  bool unknown_to_model = false;
  // Semantic and hybrid modes over an approximate (IVF) vector index: the recall@10 against
  // exact search measured when it was built, and whether its latency budget held it below
  // the target (ivf_build.h).
  std::optional<double> vector_recall;
  bool vector_recall_capped = false;

  // An excerpt of `text` of about `length` bytes around the query's matches, HTML-escaped,
  // with matches in <b>…</b>. The start of the text when nothing in it matched.
  std::string highlight(std::string_view text, size_t length) const;

 private:
  friend class LexicalIndex;
  std::shared_ptr<const Excerpts> excerpts_;  // the query's words; none: nothing to mark
};

// A query with its misspelt words replaced, for "Did you mean".
struct SpellingCorrection {
  std::string query;
  // A replaced word is in no paper at all, so the query as typed cannot match as meant: the
  // searcher runs the corrected one instead (and offers the original).
  bool replaced_unknown_word = false;
};

class LexicalIndex {
 public:
  // Opens the live generation under `index_dir`; an error says how to build one if none.
  static Result<LexicalIndex> open(const std::filesystem::path& index_dir, Bm25Params bm25 = {});

  // Errors: a query the user must fix (bad date, nothing to search for).
  Result<SearchResults> search(const SearchRequest& request);

  // "Did you mean": each plain word of `query` (not a field, an operator or an excluded word)
  // that no paper contains, or that is 1,000 times rarer than a word one or two edits away,
  // replaced by that word from the spelling data of titles and abstracts. Author names count
  // as known words. Nothing when no word changes.
  std::optional<SpellingCorrection> correct_spelling(std::string_view query);

  // The request's query as the searcher reads it (for the semantic side of a hybrid search).
  Result<BuiltQuery> parse(const SearchRequest& request) const;
  // Whether some paper has an author the query names as a name (BuiltQuery::author_name_terms).
  bool names_an_author(const BuiltQuery& built) const;

  // The query with each acronym the corpus defines (index synonyms, see acronyms.h) widened to
  // its expansion, and each expansion typed out ORed with its acronym: `RLHF` searches
  // `acronym:RLHF`, which QueryBuilder reads with `acronyms` as RLHF or "reinforcement learning
  // from human feedback". Fields, phrases and excluded words are left alone. `used` says what
  // was added, as the reader is told.
  std::string expand_acronyms(std::string_view query, std::vector<std::string>& used,
                              std::vector<AcronymExpansion>& acronyms) const;
  // How papers write the lower-case acronym `lowered` ("dit" → "DiT", "llms" → "LLMs");
  // `lowered` itself when the index does not say (one built before it kept that).
  std::string written_acronym(const std::string& lowered) const;
  // Sort keys of `doc_ids` for `order` (greater sorts first; "" for a deleted paper).
  std::vector<std::string> order_keys(std::span<const int64_t> doc_ids, SearchOrder order);
  // Those of `doc_ids` that `filter` matches, in their order (deleted papers dropped).
  Result<std::vector<int64_t>> keep_matching(const Xapian::Query& filter,
                                             std::span<const int64_t> doc_ids);
  // The papers `filter` matches, when there are at most `limit` of them; otherwise none are
  // listed and `estimate` says about how many match. A selective filter's papers are few enough
  // to rank exactly by vector; a broad one passes enough of the nearest papers anyway.
  struct FilterMatches {
    bool complete = false;
    std::vector<int64_t> doc_ids;
    int64_t estimate = 0;
  };
  Result<FilterMatches> filter_matches(const Xapian::Query& filter, size_t limit);

  // Sees commits and rebuilds made since open (or the last reopen).
  Status reopen();
  // Sees what writers committed since: cheap when nothing changed (Xapian only checks the
  // revision), and follows the live link to a rebuilt generation. Keeps the handle, and with
  // it the blocks Xapian has cached, when the generation is the same.
  Status refresh();

  int64_t document_count() const { return db_.get_doccount(); }
  // Whether searches of an OR of words are ranked on the generation's block-max file.
  bool has_block_max() const { return block_max_ != nullptr; }
  // The store change this index has caught up to.
  int64_t store_seq() const;

 private:
  LexicalIndex(std::filesystem::path path, Xapian::Database db, Bm25Params bm25)
      : path_(std::move(path)), generation_(resolve(path_)), db_(std::move(db)), bm25_(bm25) {
    load_block_max();
  }
  static std::filesystem::path resolve(const std::filesystem::path& link);
  // Maps the generation's block-max file when it is new to this reader, and reads which
  // papers changed since it was written. Without one (or with a damaged one) Xapian ranks all.
  void load_block_max();
  // The relevance-ordered search of an OR of terms: the block-max file for the papers it
  // describes, Xapian for the ones changed since, merged. Nothing when its phrases need more
  // positions read than the file's search may (kPositionReadBudget): Xapian ranks those.
  std::optional<SearchResults> search_block_max(const BuiltQuery& built,
                                                const SearchRequest& request,
                                                const std::vector<std::string>& expansions);

  std::filesystem::path path_;
  std::filesystem::path generation_;  // the directory the link pointed at when opened
  Xapian::Database db_;
  Bm25Params bm25_;
  QueryBuilder builder_;
  std::shared_ptr<const BlockMaxIndex> block_max_;
  uint64_t block_max_file_ = 0;          // which file block_max_ maps
  std::vector<uint64_t> stale_;          // bitmap: papers changed since block_max_ was written
  std::vector<std::string> stale_tags_;  // the XU terms those changed papers carry
  bool any_stale_ = false;
};

}  // namespace paperboy
