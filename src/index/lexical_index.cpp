#include "index/lexical_index.h"

#include <unordered_set>

#include "index/paper_document.h"

#include "index/index_location.h"
#include "index/index_writer.h"

namespace paperboy {

std::string SearchResults::highlight(std::string_view text, size_t length) const {
  // A stemmer keeps state while it works, so each thread needs its own (a shared static one
  // crashed the server under concurrent searches).
  thread_local const Xapian::Stem stemmer("english");
  // No SNIPPET_BACKGROUND_MODEL: it looks up the frequency of every word of the text in the
  // index, which made 20 excerpts cost more than the search itself (bench/http: 107 → 269
  // searches/s on 200,000 papers). The excerpt is then the passage with the most matches.
  return mset_.snippet(std::string(text), length, stemmer, 0, "<b>", "</b>", "…");
}

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

Status LexicalIndex::refresh() {
  if (resolve(path_) != generation_) return reopen();
  try {
    db_.reopen();
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
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Error{"cannot reopen index " + path_.string() + ": " + e.get_description()};
  }
}

int64_t LexicalIndex::store_seq() const {
  std::string value = db_.get_metadata(kStoreSeqKey);
  return value.empty() ? 0 : std::stoll(value);
}

Result<SearchResults> LexicalIndex::search(const SearchRequest& request) {
  auto built = builder_.build(request.query, request.plain_text);
  if (!built.ok()) return built.error();
  // A writer that commits twice while a search runs invalidates the revision the reader holds;
  // reopening takes the newest one. Two tries are plenty: commits are seconds apart.
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Enquire enquire(db_);
      enquire.set_query(built->query);
      enquire.set_weighting_scheme(Xapian::BM25Weight(bm25_.k1, 0, 1, bm25_.b, 0.5));
      SearchResults results;
      // check_at_least makes the total exact for small result sets, which pages show.
      results.mset_ = enquire.get_mset(request.offset, request.limit, 1000);
      results.total_estimate = results.mset_.get_matches_estimated();
      results.warnings = built->warnings;
      for (auto it = results.mset_.begin(); it != results.mset_.end(); ++it) {
        results.hits.push_back({static_cast<int64_t>(*it), it.get_document().get_data(), it.get_weight()});
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == 1) return Error{"search failed: the index keeps changing: " + e.get_description()};
      if (auto s = reopen(); !s.ok()) return Error{s.message()};
    } catch (const Xapian::Error& e) {
      return Error{"search failed: " + e.get_description()};
    }
  }
}

Result<std::vector<int64_t>> LexicalIndex::keep_matching(const Xapian::Query& filter,
                                                        std::span<const int64_t> doc_ids) {
  try {
    // The candidates as their id terms, so Xapian applies the filter to them alone.
    std::vector<std::string> id_terms;
    for (int64_t doc_id : doc_ids) {
      try {
        id_terms.push_back(index_terms::kId + db_.get_document(static_cast<Xapian::docid>(doc_id)).get_data());
      } catch (const Xapian::DocNotFoundError&) {
      }
    }
    Xapian::Query ids(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
    Xapian::Enquire enquire(db_);
    enquire.set_query(filter.empty() ? ids : Xapian::Query(Xapian::Query::OP_FILTER, ids, filter));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet matched = enquire.get_mset(0, static_cast<Xapian::doccount>(id_terms.size()) + 1);
    std::unordered_set<int64_t> keep;
    for (auto it = matched.begin(); it != matched.end(); ++it) keep.insert(static_cast<int64_t>(*it));
    std::vector<int64_t> out;
    for (int64_t doc_id : doc_ids) {
      if (keep.contains(doc_id)) out.push_back(doc_id);
    }
    return out;
  } catch (const Xapian::Error& e) {
    return Error{"filtering failed: " + e.get_description()};
  }
}

}  // namespace paperboy
