#include "index/lexical_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

#include "index/block_max_search.h"
#include "index/index_location.h"
#include "index/index_writer.h"
#include "index/paper_document.h"

namespace paperboy {

std::string SearchResults::highlight(std::string_view text, size_t length) const {
  return excerpts_ ? excerpts_->make(text, length) : Excerpts().make(text, length);
}

Result<SearchOrder> parse_search_order(std::string_view text) {
  if (text.empty() || text == "relevance") return SearchOrder::relevance;
  if (text == "newest") return SearchOrder::newest;
  if (text == "votes") return SearchOrder::votes;
  return Error{"unknown order \"" + std::string(text) + "\" (relevance, newest or votes)"};
}

namespace {

std::optional<Xapian::valueno> order_slot(SearchOrder order) {
  switch (order) {
    case SearchOrder::newest:
      return index_terms::kPublishedSlot;
    case SearchOrder::votes:
      return index_terms::kUpvotesSlot;
    case SearchOrder::relevance:
      break;
  }
  return std::nullopt;
}

}  // namespace

Result<LexicalIndex> LexicalIndex::open(const std::filesystem::path& index_dir, Bm25Params bm25) {
  IndexLocation location(index_dir, kLexicalIndexName);
  auto live = location.live();
  if (!live) {
    return Error{"no lexical index in " + index_dir.string() +
                 "; build it with 'paperboy index --rebuild'"};
  }
  try {
    return LexicalIndex(*live, Xapian::Database(live->string()), bm25);
  } catch (const Xapian::Error& e) {
    return Error{"cannot open index " + live->string() + ": " + e.get_description()};
  }
}

std::filesystem::path LexicalIndex::resolve(const std::filesystem::path& link) {
  std::error_code ec;
  auto target = std::filesystem::canonical(link, ec);
  return ec ? link : target;
}

void LexicalIndex::load_block_max() {
  const uint64_t file = BlockMaxIndex::current_file(generation_);
  if (file == 0) {
    block_max_.reset();
    block_max_file_ = 0;
    return;
  }
  if (file != block_max_file_ || !block_max_) {
    auto opened = BlockMaxIndex::open(generation_);
    block_max_ = opened.ok() ? *opened : nullptr;
    block_max_file_ = block_max_ ? block_max_->file_id() : 0;
    if (!opened.ok()) std::fprintf(stderr, "search: %s\n", opened.error().message.c_str());
    if (!block_max_) return;
  }
  try {
    const std::vector<uint32_t> docs = stale_documents(db_, block_max_->epoch());
    stale_.assign(docs.empty() ? 0 : docs.back() / 64 + 1, 0);
    for (uint32_t doc : docs) stale_[doc / 64] |= uint64_t{1} << (doc % 64);
    any_stale_ = !docs.empty();
    stale_tags_.clear();
    const std::string newest = db_.get_metadata(kBlockMaxEpochKey);
    const uint64_t last =
        std::max<uint64_t>(block_max_->epoch(), std::strtoull(newest.c_str(), nullptr, 10));
    for (uint64_t e = block_max_->epoch(); e <= last; ++e)
      stale_tags_.push_back(kStaleTermPrefix + std::to_string(e));
  } catch (const Xapian::Error&) {
    block_max_.reset();  // Xapian alone, until the next refresh reads it
    block_max_file_ = 0;
  }
}

Status LexicalIndex::refresh() {
  if (resolve(path_) != generation_) return reopen();
  try {
    if (db_.reopen() || BlockMaxIndex::current_file(generation_) != block_max_file_)
      load_block_max();
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return reopen();
  }
}

Status LexicalIndex::reopen() {
  try {
    // A rebuild swaps the link to a new generation, which Database::reopen() cannot follow.
    generation_ = resolve(path_);
    Xapian::Database fresh(path_.string());
    db_ = std::move(fresh);
    load_block_max();
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Error{"cannot reopen index " + path_.string() + ": " + e.get_description()};
  }
}

int64_t LexicalIndex::store_seq() const {
  std::string value = db_.get_metadata(kStoreSeqKey);
  return value.empty() ? 0 : std::stoll(value);
}

namespace {

// A word a reader typed that an acronym may be: letters, digits and hyphens only.
bool is_plain_word(std::string_view token) {
  if (token.empty() || token == "AND" || token == "OR" || token == "NOT") return false;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return std::isalpha(static_cast<unsigned char>(token[0])) != 0;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string LexicalIndex::expand_acronyms(std::string_view query, std::vector<std::string>& used,
                                          std::vector<AcronymExpansion>& acronyms) const {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < query.size();) {
    size_t end = query.find_first_of(" \t\n\r", i);
    if (end == std::string_view::npos) end = query.size();
    if (end > i) tokens.emplace_back(query.substr(i, end - i));
    i = end + 1;
  }
  // Inside "…" the reader asked for exact words.
  std::vector<bool> plain(tokens.size());
  bool quoted = false;
  for (size_t t = 0; t < tokens.size(); ++t) {
    size_t quotes = static_cast<size_t>(std::count(tokens[t].begin(), tokens[t].end(), '"'));
    plain[t] = !quoted && quotes == 0 && is_plain_word(tokens[t]);
    if (quotes % 2 == 1) quoted = !quoted;
  }
  auto synonym_of = [this](const std::string& key) -> std::string {
    auto it = db_.synonyms_begin(key);
    return it == db_.synonyms_end(key) ? std::string() : *it;
  };
  std::string out;
  try {
    for (size_t t = 0; t < tokens.size();) {
      bool replaced = false;
      // The longest run of plain words (up to 8) that is an expansion of an acronym.
      for (size_t n = std::min<size_t>(8, tokens.size() - t); n >= 2 && !replaced; --n) {
        bool all_plain = true;
        std::string key;
        for (size_t k = t; k < t + n; ++k) {
          all_plain = all_plain && plain[k];
          key += (k > t ? " " : "") + lowered(tokens[k]);
        }
        if (!all_plain) continue;
        std::string acronym = synonym_of(key);
        if (acronym.empty() || acronym.find(' ') != std::string::npos) continue;
        std::string span;
        for (size_t k = t; k < t + n; ++k) span += (k > t ? " " : "") + tokens[k];
        out += fmt::format("{}({} OR {})", out.empty() ? "" : " ", span, acronym);
        used.push_back(written_acronym(acronym) + " = " + span);
        t += n;
        replaced = true;
      }
      if (replaced) continue;
      std::string expansion;
      if (plain[t]) {
        expansion = synonym_of(lowered(tokens[t]));
        // "LLMs" is the plural of the "LLM" the corpus defines.
        if (expansion.empty() && tokens[t].size() > 2 && tokens[t].back() == 's') {
          expansion = synonym_of(lowered(tokens[t].substr(0, tokens[t].size() - 1)));
        }
      }
      if (!expansion.empty() && expansion.find(' ') != std::string::npos) {
        out += (out.empty() ? "" : " ") + std::string(kAcronymField) + ":" + tokens[t];
        acronyms.push_back({tokens[t], expansion});
        // As the reader typed it, unless all in lower case: then as papers write it.
        used.push_back(
            (tokens[t] == lowered(tokens[t]) ? written_acronym(lowered(tokens[t])) : tokens[t]) +
            " = " + expansion);
      } else {
        out += (out.empty() ? "" : " ") + tokens[t];
      }
      ++t;
    }
  } catch (const Xapian::Error&) {
    used.clear();
    acronyms.clear();
    return std::string(query);  // no synonyms readable: the query as typed
  }
  return out;
}

std::string LexicalIndex::written_acronym(const std::string& lowered) const {
  std::string form = db_.get_metadata(kAcronymWrittenPrefix + lowered);
  if (form.empty() && lowered.size() > 2 && lowered.back() == 's') {
    form = db_.get_metadata(kAcronymWrittenPrefix + lowered.substr(0, lowered.size() - 1));
    if (!form.empty()) form += 's';
  }
  return form.empty() ? lowered : form;
}

Result<BuiltQuery> LexicalIndex::parse(const SearchRequest& request) const {
  if (request.plain_text) return builder_.build(request.query, true);
  std::vector<std::string> used;
  std::vector<AcronymExpansion> acronyms;
  std::string query = expand_acronyms(request.query, used, acronyms);
  return builder_.build(query, false, acronyms);
}

bool LexicalIndex::names_an_author(const BuiltQuery& built) const {
  try {
    return std::any_of(built.author_name_terms.begin(), built.author_name_terms.end(),
                       [&](const std::string& term) { return db_.term_exists(term); });
  } catch (const Xapian::Error&) {
    return false;  // only a hint is lost
  }
}

Result<SearchResults> LexicalIndex::search(const SearchRequest& request) {
  std::vector<std::string> expansions;
  std::vector<AcronymExpansion> acronyms;
  std::string query =
      request.plain_text ? request.query : expand_acronyms(request.query, expansions, acronyms);
  auto built = builder_.build(query, request.plain_text, acronyms);
  if (!built.ok()) return built.error();
  // An OR of words in relevance order is ranked on the block-max file, when there is one.
  const bool block_max = block_max_ && built->ranked_terms && request.limit > 0 &&
                         request.order == SearchOrder::relevance;
  // A writer that commits twice while a search runs invalidates the revision the reader holds;
  // reopening takes the newest one. Two tries are plenty: commits are seconds apart.
  for (int attempt = 0;; ++attempt) {
    try {
      if (block_max && block_max_) {
        if (auto ranked = search_block_max(*built, request, expansions)) return *ranked;
      }
      Xapian::Enquire enquire(db_);
      enquire.set_query(built->query);
      enquire.set_weighting_scheme(Xapian::BM25Weight(bm25_.k1, 0, 1, bm25_.b, 0.5));
      if (auto slot = order_slot(request.order))
        enquire.set_sort_by_value_then_relevance(*slot, true);
      SearchResults results;
      // Every page checks the same number of matches, so the total is exact up to the window
      // and the same estimate past it, whichever page is asked for.
      const size_t offset = std::min(request.offset, kMaxResultWindow);
      const size_t limit = std::min(request.limit, kMaxResultWindow - offset);
      // A request for no hits (semantic mode wants only the words' highlighting and warnings)
      // checks none: weighing a thousand matches was most of a semantic query's time.
      const Xapian::MSet mset =
          enquire.get_mset(offset, limit, request.limit == 0 ? 0 : kMaxResultWindow);
      results.total_estimate = mset.get_matches_estimated();
      results.warnings = built->warnings;
      results.expansions = expansions;
      results.authors = built->authors;
      results.excerpts_ = std::make_shared<const Excerpts>(built->query);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        results.hits.push_back(
            {static_cast<int64_t>(*it), it.get_document().get_data(), it.get_weight()});
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == 1)
        return Error{"search failed: the index keeps changing: " + e.get_description()};
      if (auto s = reopen(); !s.ok()) return s.error();
    } catch (const Xapian::Error& e) {
      return Error{"search failed: " + e.get_description()};
    }
  }
}

std::optional<SearchResults> LexicalIndex::search_block_max(
    const BuiltQuery& built, const SearchRequest& request,
    const std::vector<std::string>& expansions) {
  const size_t offset = std::min(request.offset, kMaxResultWindow);
  const size_t limit = std::min(request.limit, kMaxResultWindow - offset);
  BlockMaxResult top = block_max_top(*block_max_, db_, *built.ranked_terms, {bm25_.k1, bm25_.b},
                                     offset + limit, stale_, kMaxResultWindow);
  if (!top.count_complete) return std::nullopt;
  std::vector<BlockMaxHit> ranked = std::move(top.hits);
  SearchResults results;
  results.total_estimate = top.matches;
  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(Xapian::BM25Weight(bm25_.k1, 0, 1, bm25_.b, 0.5));
  if (any_stale_) {
    // The papers changed since the file was written: Xapian ranks them on the same scale.
    Xapian::Query changed(Xapian::Query::OP_OR, stale_tags_.begin(), stale_tags_.end());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, built.query, changed));
    const Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(offset + limit), kMaxResultWindow);
    for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back({it.get_weight(), *it});
    results.total_estimate += mset.get_matches_estimated();
    top.count_exact =
        top.count_exact && mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    std::sort(ranked.begin(), ranked.end(), [](const BlockMaxHit& a, const BlockMaxHit& b) {
      return a.score > b.score || (a.score == b.score && a.doc < b.doc);
    });
  }
  // Past the counted window the count is an estimate: within what the terms' frequencies allow,
  // and exact where they allow one number (a single word: its frequency).
  if (!top.count_exact)
    results.total_estimate = std::clamp(results.total_estimate, top.at_least, top.at_most);
  results.warnings = built.warnings;
  results.expansions = expansions;
  results.authors = built.authors;
  results.excerpts_ = std::make_shared<const Excerpts>(built.query);
  if (!top.complete) {
    // Counted here, but ranking needs more phrase positions read than the file's search may:
    // Xapian ranks every paper (the changed ones too), and the count stays the file's, the
    // same on every page.
    enquire.set_query(built.query);
    const Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(offset),
                         static_cast<Xapian::doccount>(limit), Xapian::doccount{0});
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      results.hits.push_back(
          {static_cast<int64_t>(*it), it.get_document().get_data(), it.get_weight()});
    }
    return results;
  }
  for (size_t i = offset; i < ranked.size() && i < offset + limit; ++i) {
    try {
      results.hits.push_back(
          {ranked[i].doc, db_.get_document(ranked[i].doc).get_data(), ranked[i].score});
    } catch (const Xapian::DocNotFoundError&) {
      // deleted since this reader last looked: the next refresh leaves it out
    }
  }
  return results;
}

std::vector<std::string> LexicalIndex::order_keys(std::span<const int64_t> doc_ids,
                                                  SearchOrder order) {
  std::vector<std::string> keys(doc_ids.size());
  auto slot = order_slot(order);
  if (!slot) return keys;
  for (size_t i = 0; i < doc_ids.size(); ++i) {
    try {
      keys[i] = db_.get_document(static_cast<Xapian::docid>(doc_ids[i])).get_value(*slot);
    } catch (const Xapian::Error&) {
      // deleted since it was found: sorts last
    }
  }
  return keys;
}

Result<std::vector<int64_t>> LexicalIndex::keep_matching(const Xapian::Query& filter,
                                                         std::span<const int64_t> doc_ids) {
  try {
    // The candidates as their id terms, so Xapian applies the filter to them alone.
    std::vector<std::string> id_terms;
    for (int64_t doc_id : doc_ids) {
      try {
        id_terms.push_back(index_terms::kId +
                           db_.get_document(static_cast<Xapian::docid>(doc_id)).get_data());
      } catch (const Xapian::DocNotFoundError&) {
      }
    }
    Xapian::Query ids(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
    Xapian::Enquire enquire(db_);
    enquire.set_query(filter.empty() ? ids : Xapian::Query(Xapian::Query::OP_FILTER, ids, filter));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet matched = enquire.get_mset(0, static_cast<Xapian::doccount>(id_terms.size()) + 1);
    std::unordered_set<int64_t> keep;
    for (auto it = matched.begin(); it != matched.end(); ++it)
      keep.insert(static_cast<int64_t>(*it));
    std::vector<int64_t> out;
    for (int64_t doc_id : doc_ids) {
      if (keep.contains(doc_id)) out.push_back(doc_id);
    }
    return out;
  } catch (const Xapian::Error& e) {
    return Error{"filtering failed: " + e.get_description()};
  }
}

Result<LexicalIndex::FilterMatches> LexicalIndex::filter_matches(const Xapian::Query& filter,
                                                                 size_t limit) {
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(filter);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet matched = enquire.get_mset(0, static_cast<Xapian::doccount>(limit) + 1);
    FilterMatches matches;
    matches.estimate = matched.get_matches_estimated();
    matches.complete = matched.size() <= limit;
    if (matches.complete) {
      matches.doc_ids.reserve(matched.size());
      for (auto it = matched.begin(); it != matched.end(); ++it)
        matches.doc_ids.push_back(static_cast<int64_t>(*it));
    }
    return matches;
  } catch (const Xapian::Error& e) {
    return Error{"filtering failed: " + e.get_description()};
  }
}

}  // namespace paperboy
