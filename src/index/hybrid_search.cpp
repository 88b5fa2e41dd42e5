#include "index/hybrid_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace paperboy {
namespace {

// Vector candidates taken before filtering, per candidate wanted, when the query filters.
constexpr size_t kFilterOverfetch = 10;

struct Candidate {
  int64_t doc_id;
  double score;
};

Result<std::vector<Candidate>> semantic_candidates(LexicalIndex& lexical, const SemanticSide& semantic,
                                                   const BuiltQuery& built, size_t wanted) {
  std::vector<float> query = semantic.embedder->embed_query(built.semantic_text);
  if (std::all_of(query.begin(), query.end(), [](float x) { return x == 0.0f; })) return std::vector<Candidate>();
  const bool filtered = !built.filter.empty();
  std::vector<VectorHit> hits = semantic.vectors->search(query, filtered ? wanted * kFilterOverfetch : wanted);
  std::vector<Candidate> out;
  if (!filtered) {
    for (const auto& hit : hits) out.push_back({hit.doc_id, hit.score});
    return out;
  }
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

std::vector<Candidate> fuse(const std::vector<SearchHit>& lexical, const std::vector<Candidate>& semantic,
                            const FusionSettings& fusion) {
  std::unordered_map<int64_t, double> fused;
  if (fusion.method == FusionMethod::reciprocal_rank) {
    for (size_t r = 0; r < lexical.size(); ++r) fused[lexical[r].doc_id] += 1.0 / (fusion.rrf_k + r + 1);
    for (size_t r = 0; r < semantic.size(); ++r) fused[semantic[r].doc_id] += 1.0 / (fusion.rrf_k + r + 1);
  } else {
    const double top = lexical.empty() ? 1.0 : std::max(lexical.front().score, 1e-9);
    for (const auto& hit : lexical) fused[hit.doc_id] += fusion.lexical_weight * hit.score / top;
    for (const auto& hit : semantic) fused[hit.doc_id] += (1 - fusion.lexical_weight) * std::max(0.0, hit.score);
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
  return vectors && embedder && vectors->state().model_id == embedder->info().id && vectors->size() > 0;
}

Result<SearchMode> parse_search_mode(std::string_view text) {
  if (text == "lexical") return SearchMode::lexical;
  if (text == "semantic") return SearchMode::semantic;
  if (text == "hybrid") return SearchMode::hybrid;
  return Error{fmt::format("unknown search mode \"{}\" (lexical, semantic or hybrid)", text)};
}

std::string to_string(SearchMode mode) {
  switch (mode) {
    case SearchMode::lexical: return "lexical";
    case SearchMode::semantic: return "semantic";
    case SearchMode::hybrid: return "hybrid";
  }
  return "lexical";
}

SearchMode default_search_mode(const SemanticSide& semantic) {
  return semantic.usable() ? SearchMode::hybrid : SearchMode::lexical;
}

Result<SearchResults> search_papers(LexicalIndex& lexical, const SemanticSide& semantic, const SearchRequest& request,
                                    SearchMode mode, const FusionSettings& fusion) {
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
  const size_t wanted = std::max(fusion.depth, request.offset + request.limit);
  SearchRequest deep = request;
  deep.offset = 0;
  deep.limit = wanted;
  auto results = lexical.search(deep);
  if (!results) return results;
  if (!unusable.empty()) {
    results->warnings.push_back("hybrid search fell back to lexical: " + unusable);
    std::vector<SearchHit> page(results->hits.begin() + static_cast<std::ptrdiff_t>(std::min(request.offset, results->hits.size())),
                                results->hits.end());
    if (page.size() > request.limit) page.resize(request.limit);
    results->hits = std::move(page);
    return results;
  }
  if (built->semantic_text.empty()) {
    // Only filters: nothing to embed, so the lexical order (by date, from the filters) stands.
    mode = SearchMode::lexical;
  }
  std::vector<Candidate> semantic_hits;
  if (mode != SearchMode::lexical) {
    auto found = semantic_candidates(lexical, semantic, *built, wanted);
    if (!found) return found.error();
    semantic_hits = std::move(*found);
  }
  std::vector<Candidate> ranked;
  if (mode == SearchMode::semantic) {
    ranked = std::move(semantic_hits);
    results->total_estimate = static_cast<int64_t>(ranked.size());
  } else if (mode == SearchMode::hybrid) {
    ranked = fuse(results->hits, semantic_hits, fusion);
    results->total_estimate = std::max<int64_t>(results->total_estimate, static_cast<int64_t>(ranked.size()));
  } else {
    for (const auto& hit : results->hits) ranked.push_back({hit.doc_id, hit.score});
  }
  results->mode = to_string(mode);
  std::unordered_map<int64_t, std::string> id_of;
  for (const auto& hit : results->hits) id_of[hit.doc_id] = hit.id;
  std::vector<SearchHit> page;
  for (size_t i = request.offset; i < ranked.size() && page.size() < request.limit; ++i) {
    page.push_back({ranked[i].doc_id, id_of.contains(ranked[i].doc_id) ? id_of[ranked[i].doc_id] : std::string(),
                    ranked[i].score});
  }
  results->hits = std::move(page);
  return results;
}

}  // namespace paperboy
