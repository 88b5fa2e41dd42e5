#include "index/hybrid_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace paperboy {
namespace {

// A filter matching at most this many papers is applied by ranking exactly those papers'
// vectors (one dot product each: about 1 ms per 10,000 at 384 dimensions); a broader one by
// taking enough of the nearest papers that, at the filter's share of the corpus, the wanted
// number pass it.
constexpr size_t kExactFilterLimit = 50'000;
constexpr size_t kMaxFilterOverfetch = 50'000;

struct Candidate {
  int64_t doc_id;
  double score;
};

// `unknown` says the model knew none of the query's words (its vector is zero): nothing is near.
Result<std::vector<Candidate>> semantic_candidates(LexicalIndex& lexical,
                                                   const SemanticSide& semantic,
                                                   const BuiltQuery& built,
                                                   const std::vector<float>& query, size_t wanted,
                                                   bool& unknown) {
  unknown = std::all_of(query.begin(), query.end(), [](float x) { return x == 0.0f; });
  if (unknown) return std::vector<Candidate>();
  std::vector<Candidate> out;
  if (built.filter.empty()) {
    for (const auto& hit : semantic.vectors->search(query, wanted))
      out.push_back({hit.doc_id, hit.score});
    return out;
  }
  auto matches = lexical.filter_matches(built.filter, kExactFilterLimit);
  if (!matches) return matches.error();
  if (matches->complete) {
    for (const auto& hit : semantic.vectors->search_among(query, wanted, matches->doc_ids)) {
      out.push_back({hit.doc_id, hit.score});
    }
    return out;
  }
  const double share =
      std::clamp(static_cast<double>(matches->estimate) /
                     static_cast<double>(std::max<size_t>(1, semantic.vectors->size())),
                 1e-6, 1.0);
  const size_t fetch = std::min(kMaxFilterOverfetch,
                                std::max(wanted * 2, static_cast<size_t>(2.0 * wanted / share)));
  std::vector<VectorHit> hits = semantic.vectors->search(query, fetch);
  std::vector<int64_t> ids;
  std::unordered_map<int64_t, float> score_of;
  for (const auto& hit : hits) {
    ids.push_back(hit.doc_id);
    score_of[hit.doc_id] = hit.score;
  }
  auto kept = lexical.keep_matching(built.filter, ids);
  if (!kept) return kept.error();
  for (int64_t id : *kept) {
    if (out.size() == wanted) break;
    out.push_back({id, score_of[id]});
  }
  return out;
}

std::vector<Candidate> fuse(const std::vector<SearchHit>& lexical,
                            const std::vector<Candidate>& semantic, const FusionSettings& fusion) {
  std::unordered_map<int64_t, double> fused;
  if (fusion.method == FusionMethod::reciprocal_rank) {
    for (size_t r = 0; r < lexical.size(); ++r)
      fused[lexical[r].doc_id] += 1.0 / (fusion.rrf_k + r + 1);
    for (size_t r = 0; r < semantic.size(); ++r)
      fused[semantic[r].doc_id] += 1.0 / (fusion.rrf_k + r + 1);
  } else {
    // Each list scaled to [0, 1] between its last and its first score (min-max), so the weight
    // means the same whatever the model's cosines or the query's BM25 scores look like; a paper
    // missing from a list gets 0 from it.
    auto scaled = [](double score, double low, double high) {
      return high > low ? (score - low) / (high - low) : 1.0;
    };
    if (!lexical.empty()) {
      const double high = lexical.front().score, low = lexical.back().score;
      for (const auto& hit : lexical)
        fused[hit.doc_id] += fusion.lexical_weight * scaled(hit.score, low, high);
    }
    if (!semantic.empty()) {
      const double high = semantic.front().score, low = semantic.back().score;
      for (const auto& hit : semantic)
        fused[hit.doc_id] += (1 - fusion.lexical_weight) * scaled(hit.score, low, high);
    }
  }
  std::vector<Candidate> out;
  out.reserve(fused.size());
  for (const auto& [doc_id, score] : fused) out.push_back({doc_id, score});
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.doc_id < b.doc_id;
  });
  return out;
}

}  // namespace

bool SemanticSide::usable() const {
  return vectors && embedder && vectors->state().model_id == embedder->info().id &&
         vectors->size() > 0;
}

Result<SearchMode> parse_search_mode(std::string_view text) {
  if (text == "lexical") return SearchMode::lexical;
  if (text == "semantic") return SearchMode::semantic;
  if (text == "hybrid") return SearchMode::hybrid;
  return Error{fmt::format("unknown search mode \"{}\" (lexical, semantic or hybrid)", text)};
}

std::string to_string(SearchMode mode) {
  switch (mode) {
    case SearchMode::lexical:
      return "lexical";
    case SearchMode::semantic:
      return "semantic";
    case SearchMode::hybrid:
      return "hybrid";
  }
  return "lexical";
}

SearchMode default_search_mode(const SemanticSide& semantic) {
  return semantic.usable() ? SearchMode::hybrid : SearchMode::lexical;
}

namespace {

// Orders candidates by the request's paper fact (newest, most votes), keeping their ranking
// among equals.
void sort_by_order(LexicalIndex& lexical, std::vector<Candidate>& ranked, SearchOrder order) {
  if (order == SearchOrder::relevance) return;
  std::vector<int64_t> ids;
  for (const auto& c : ranked) ids.push_back(c.doc_id);
  std::vector<std::string> keys = lexical.order_keys(ids, order);
  std::vector<size_t> positions(ranked.size());
  for (size_t i = 0; i < positions.size(); ++i) positions[i] = i;
  std::stable_sort(positions.begin(), positions.end(),
                   [&](size_t a, size_t b) { return keys[a] > keys[b]; });
  std::vector<Candidate> sorted;
  for (size_t i : positions) sorted.push_back(ranked[i]);
  ranked = std::move(sorted);
}

// Counts the searches running in this process, so a hybrid search takes a second thread only
// when a core would otherwise idle: under load every core already serves a request, and a
// second thread per search would only add switching.
class SearchInFlight {
 public:
  SearchInFlight() { running_.fetch_add(1, std::memory_order_relaxed); }
  ~SearchInFlight() { running_.fetch_sub(1, std::memory_order_relaxed); }
  SearchInFlight(const SearchInFlight&) = delete;
  SearchInFlight& operator=(const SearchInFlight&) = delete;
  static bool core_to_spare() {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(running_.load(std::memory_order_relaxed)) * 2 <= cores;
  }

 private:
  static inline std::atomic<int> running_{0};
};

// An approximate vector index's measured recall travels with its results (the API's
// X-Vector-Recall), so a client can tell a capped index's answers from exact ones.
void note_vector_recall(const VectorIndex& vectors, SearchResults& results) {
  results.vector_recall = vectors.approximate_recall();
  results.vector_recall_capped = vectors.state().probes_capped;
}

// Semantic and hybrid searches rank a pool of fixed depth, so the count and every page are the
// same whichever page is asked for. Semantic: the nearest papers that pass the filters and
// excluded words, at least ten pages of them. Hybrid: the `depth` nearest fused with the best
// `depth` matches of the words, then the rest of the word matches in BM25 order; its count is
// every word match plus the semantic candidates that match no word (past the 1,000-match
// window, where the words' count is Xapian's estimate, that estimate alone when ranking by
// relevance).
Result<SearchResults> search_as_typed(LexicalIndex& lexical, const SemanticSide& semantic,
                                      const SearchRequest& request, SearchMode mode,
                                      const FusionSettings& fusion) {
  if (mode == SearchMode::lexical) return lexical.search(request);
  std::string unusable;
  if (!semantic.usable()) {
    unusable = !semantic.vectors || !semantic.embedder
                   ? "no vector index yet (`paperboy index` builds one)"
                   : "the vector index is being rebuilt for the current model (`paperboy index`)";
    if (mode == SearchMode::semantic) return Error{"semantic search is unavailable: " + unusable};
  }
  auto built = lexical.parse(request);
  if (!built) return built.error();
  if (!unusable.empty() || built->semantic_text.empty()) {
    // No vectors, or only filters (nothing to embed): the words' ranking, or the date order
    // the filters give, stands.
    auto results = lexical.search(request);
    if (results && !unusable.empty())
      results->warnings.push_back("hybrid search fell back to lexical: " + unusable);
    return results;
  }
  constexpr size_t kSemanticPages = 100;  // a semantic search's pool: its count and last page
  const size_t depth =
      std::min(mode == SearchMode::semantic ? std::max(fusion.depth, kSemanticPages) : fusion.depth,
               kMaxResultWindow);
  const size_t window_end = std::min(request.offset + request.limit, kMaxResultWindow);

  // The meaning side: the query embedded and its nearest papers. Without filters it touches
  // no lexical state, so a hybrid search runs it on a second thread while this one searches
  // the words: the default mode then costs about its slower side, not the sum of both.
  SearchRequest deep = request;
  deep.offset = 0;
  deep.limit = request.order == SearchOrder::relevance ? depth : window_end;
  struct MeaningSide {
    Result<std::vector<float>> query_vector = std::vector<float>();
    Result<std::vector<Candidate>> candidates = std::vector<Candidate>();
    bool unknown_to_model = false;
  };
  auto meaning_side = [&] {
    MeaningSide side;
    side.query_vector = semantic.embedder->embed_query(built->semantic_text);
    if (side.query_vector) {
      side.candidates = semantic_candidates(lexical, semantic, *built, *side.query_vector, depth,
                                            side.unknown_to_model);
    }
    return side;
  };
  std::optional<Result<SearchResults>> words;  // the deep word search, when run alongside
  MeaningSide meaning;
  if (mode == SearchMode::hybrid && built->filter.empty() && SearchInFlight::core_to_spare()) {
    auto alongside = std::async(std::launch::async, meaning_side);
    words.emplace(lexical.search(deep));
    meaning = alongside.get();
  } else {
    meaning = meaning_side();
  }
  if (!meaning.query_vector) {
    // Only a model behind an endpoint fails here. Its answer is the operator's to read (it
    // names the endpoint); the reader is told what it means for the search.
    fmt::print(stderr, "query embedding failed: {}\n", meaning.query_vector.error().message);
    const std::string why = "the embedding model did not answer";
    if (mode == SearchMode::semantic) {
      return Error{"semantic search is unavailable: " + why +
                       "; try again shortly, or search in lexical mode",
                   ErrorCode::kUnavailable};
    }
    auto results = lexical.search(request);
    if (results) results->warnings.push_back("hybrid search fell back to lexical: " + why);
    return results;
  }
  if (!meaning.candidates) return meaning.candidates.error();
  std::vector<Candidate> semantic_hits = std::move(*meaning.candidates);
  const bool unknown_to_model = meaning.unknown_to_model;
  if (mode == SearchMode::semantic) {
    SearchRequest none = request;  // the words' excerpts and warnings, no hits
    none.offset = 0;
    none.limit = 0;
    auto results = lexical.search(none);
    if (!results) return results;
    sort_by_order(lexical, semantic_hits, request.order);
    results->total_estimate = static_cast<int64_t>(semantic_hits.size());
    results->count = SearchResults::Count::nearest;
    results->names_author = lexical.names_an_author(*built);
    results->unknown_to_model = unknown_to_model;
    results->mode = to_string(mode);
    note_vector_recall(*semantic.vectors, *results);
    results->hits.clear();
    for (size_t i = request.offset; i < semantic_hits.size() && i < window_end; ++i) {
      results->hits.push_back({semantic_hits[i].doc_id, std::string(), semantic_hits[i].score});
    }
    return results;
  }

  // Hybrid.
  auto results = words ? std::move(*words) : lexical.search(deep);
  if (!results) return results;

  // The semantic candidates that match no word: they add to the word matches' count, and are
  // merged into a date or vote order. Those among the word matches just found are known to
  // match. Past the count window the word count is Xapian's estimate, whose error exceeds the
  // whole semantic pool, so for a relevance order the others are not checked: that check opens
  // one posting list per candidate, 40 % of a 3-word search's own time at 1 M papers.
  std::unordered_set<int64_t> word_matches;
  for (const auto& hit : results->hits) word_matches.insert(hit.doc_id);
  std::vector<int64_t> unchecked;
  for (const auto& c : semantic_hits) {
    if (!word_matches.contains(c.doc_id)) unchecked.push_back(c.doc_id);
  }
  const bool count_is_estimate = request.order == SearchOrder::relevance &&
                                 results->total_estimate > static_cast<int64_t>(kMaxResultWindow);
  std::vector<Candidate> semantic_only;
  if (!count_is_estimate && !unchecked.empty()) {
    auto matching = lexical.keep_matching(built->query, unchecked);
    if (!matching) return matching.error();
    word_matches.insert(matching->begin(), matching->end());
    for (const auto& c : semantic_hits) {
      if (!word_matches.contains(c.doc_id)) semantic_only.push_back(c);
    }
  }
  const int64_t total = results->total_estimate + static_cast<int64_t>(semantic_only.size());
  std::vector<Candidate> ranked;
  if (request.order == SearchOrder::relevance) {
    ranked = fuse(results->hits, semantic_hits, fusion);
    if (ranked.size() < window_end && static_cast<int64_t>(deep.limit) < results->total_estimate) {
      // Past the pool: the remaining word matches in BM25 order, skipping any the pool holds.
      std::unordered_set<int64_t> pooled;
      for (const auto& c : ranked) pooled.insert(c.doc_id);
      SearchRequest rest = request;
      rest.offset = deep.limit;
      rest.limit = window_end - ranked.size() + semantic_hits.size();
      auto tail = lexical.search(rest);
      if (!tail) return tail;
      for (const auto& hit : tail->hits) {
        if (!pooled.contains(hit.doc_id)) ranked.push_back({hit.doc_id, 0});
      }
    }
  } else {
    // By date or votes: the word matches (sorted by the index) merged with the semantic-only
    // candidates sorted the same way.
    for (const auto& hit : results->hits) ranked.push_back({hit.doc_id, hit.score});
    ranked.insert(ranked.end(), semantic_only.begin(), semantic_only.end());
    sort_by_order(lexical, ranked, request.order);
  }
  results->total_estimate = total;
  results->mode = to_string(mode);
  note_vector_recall(*semantic.vectors, *results);
  std::vector<SearchHit> page;
  for (size_t i = request.offset; i < ranked.size() && i < window_end; ++i) {
    page.push_back({ranked[i].doc_id, std::string(), ranked[i].score});
  }
  results->hits = std::move(page);
  return results;
}

}  // namespace

Result<SearchResults> search_papers(LexicalIndex& lexical, const SemanticSide& semantic,
                                    const SearchRequest& request, SearchMode mode,
                                    const FusionSettings& fusion) {
  SearchInFlight in_flight;
  std::optional<SpellingCorrection> correction;
  if (!request.plain_text) correction = lexical.correct_spelling(request.query);
  if (correction && correction->replaced_unknown_word && request.correct_spelling) {
    SearchRequest corrected = request;
    corrected.query = correction->query;
    auto found = search_as_typed(lexical, semantic, corrected, mode, fusion);
    if (found) {
      found->did_you_mean = correction->query;
      found->searched_correction = true;
      return found;
    }
  }
  auto found = search_as_typed(lexical, semantic, request, mode, fusion);
  if (found && correction) found->did_you_mean = correction->query;
  return found;
}

}  // namespace paperboy
