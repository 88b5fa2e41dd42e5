#include "index/block_max_search.h"

#include <algorithm>
#include <cmath>

namespace paperboy {
namespace {

constexpr double kMinNormalisedLength = 0.5;  // Xapian's BM25Weight min_normlen, as searched
constexpr double kK3 = 1.0;                   // query term frequency counts linearly

bool skipped(std::span<const uint64_t> skip, uint32_t doc) {
  const size_t word = doc / 64;
  return word < skip.size() && ((skip[word] >> (doc % 64)) & 1U) != 0;
}

class Scorer {
 public:
  Scorer(BlockMaxParams params, double average_length)
      : params_(params), inverse_average_(average_length > 0 ? 1 / average_length : 0) {}
  // The document-length part of BM25's denominator, as BM25Weight::get_sumpart computes it.
  double normaliser(uint32_t length) const {
    const double normalised =
        std::max(static_cast<double>(length) * inverse_average_, kMinNormalisedLength);
    return params_.k1 * (normalised * params_.b + (1 - params_.b));
  }
  static double part(double weight, uint32_t wdf, double normaliser) {
    const auto w = static_cast<double>(wdf);
    return weight * (w / (normaliser + w));
  }

 private:
  BlockMaxParams params_;
  double inverse_average_;
};

// BM25Weight::init without a relevance set.
double term_weight(double collection, double termfreq, double factor, double wqf,
                   BlockMaxParams params) {
  double tw = (collection - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  double weight = std::log(tw) * factor;
  weight *= (kK3 + 1) * wqf / (kK3 + wqf);
  return weight * (params.k1 + 1);
}

// Whether `terms` stand next to each other, in order, somewhere in document `doc` (Xapian's
// positions: only words as written have them, which is what the parser's phrases search).
bool phrase_at(const Xapian::Database& db, uint32_t doc, const std::vector<std::string>& terms) {
  std::vector<std::vector<Xapian::termpos>> positions(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) {
    for (auto p = db.positionlist_begin(doc, terms[i]); p != db.positionlist_end(doc, terms[i]);
         ++p)
      positions[i].push_back(*p);
    if (positions[i].empty()) return false;
  }
  for (Xapian::termpos start : positions[0]) {
    bool all = true;
    for (size_t i = 1; i < terms.size() && all; ++i)
      all = std::binary_search(positions[i].begin(), positions[i].end(),
                               start + static_cast<Xapian::termpos>(i));
    if (all) return true;
  }
  return false;
}

// A term's postings, or a phrase's: the documents holding all its terms (positions are checked
// only for a document that could enter the results, by `verify`).
class List {
 public:
  void add(const BlockMaxIndex::Term& term, const std::string& name, double weight,
           const Scorer& scorer) {
    cursors_.emplace_back(term);
    weights_.push_back(weight);
    names_.push_back(name);
    max_score_ += Scorer::part(weight, term.max_wdf, scorer.normaliser(term.min_length));
  }
  bool phrase() const { return cursors_.size() > 1; }
  // The same leaves again (a query may repeat a word or a phrase; Xapian adds each copy): one
  // list counted `copies` times, so a repeated phrase's positions are read once, not per copy.
  bool same_leaves(const List& other) const {
    return names_ == other.names_ && weights_ == other.weights_;
  }
  void add_copy() {
    max_score_ += max_score_ / static_cast<double>(copies_);
    ++copies_;
  }
  double max_score() const { return max_score_; }
  uint32_t doc() const { return cursors_[0].doc(); }
  void start() { align(); }
  void next() {
    cursors_[0].next();
    align();
  }
  void seek(uint32_t target) {
    cursors_[0].seek(target);
    align();
  }
  // What the list adds to `doc()`'s score (before a phrase's positions are checked).
  double score(double normaliser) const {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i)
      sum += Scorer::part(weights_[i], cursors_[i].wdf(), normaliser);
    return sum * copies_;
  }
  // The most the list can add to `target`, from the blocks that would hold it; negative when
  // it holds nothing at or after `target`.
  double bound_at(uint32_t target, const Scorer& scorer) {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i) {
      const BlockMaxIndex::Block* block = cursors_[i].block_for(target);
      if (block == nullptr) return -1;
      sum += Scorer::part(weights_[i], block->max_wdf, scorer.normaliser(block->min_length));
    }
    return sum * copies_;
  }
  bool verify(const Xapian::Database& db, uint32_t doc) const {
    return !phrase() || phrase_at(db, doc, names_);
  }

 private:
  // Moves every cursor of a phrase to the next document all of them hold.
  void align() {
    if (!phrase()) return;
    for (;;) {
      uint32_t target = cursors_[0].doc();
      for (auto& c : cursors_) target = std::max(target, c.doc());
      if (target == BlockMaxIndex::kEndOfList) {
        for (auto& c : cursors_) c.seek(target);
        return;
      }
      bool same = true;
      for (auto& c : cursors_) {
        c.seek(target);
        same = same && c.doc() == target;
      }
      if (same) return;
    }
  }

  std::vector<PostingCursor> cursors_;
  std::vector<double> weights_;
  std::vector<std::string> names_;
  double max_score_ = 0;
  int copies_ = 1;
};

// Xapian's order: higher score first, then the lower document number.
bool better(const BlockMaxHit& a, const BlockMaxHit& b) {
  return a.score > b.score || (a.score == b.score && a.doc < b.doc);
}

void count_matches(const BlockMaxIndex& index, const Xapian::Database& db, std::vector<List> lists,
                   std::span<const uint64_t> skip, size_t window, BlockMaxResult& result) {
  for (auto& list : lists) list.start();
  int64_t counted = 0;
  uint32_t last = 0;
  for (;;) {
    uint32_t doc = BlockMaxIndex::kEndOfList;
    for (const auto& list : lists) doc = std::min(doc, list.doc());
    if (doc == BlockMaxIndex::kEndOfList) {
      result.matches = counted;
      result.count_exact = true;
      return;
    }
    if (counted >= static_cast<int64_t>(window)) break;
    // A word alone matches; a phrase only where its words stand together.
    bool matched = false;
    for (auto& list : lists) {
      if (list.doc() != doc) continue;
      matched = matched || (!skipped(skip, doc) && (!list.phrase() || list.verify(db, doc)));
      list.next();
    }
    if (matched) ++counted;
    last = doc;
  }
  // Past the window: the share of document numbers walked to find it, as the share of matches.
  const double walked = static_cast<double>(last) / std::max<double>(1, index.max_doc());
  result.matches = static_cast<int64_t>(static_cast<double>(counted) / std::max(walked, 1e-9));
  result.count_exact = false;
}

}  // namespace

BlockMaxResult block_max_top(const BlockMaxIndex& index, const Xapian::Database& db,
                             std::span<const RankedTerm> terms, BlockMaxParams params, size_t depth,
                             std::span<const uint64_t> skip, size_t count_window) {
  BlockMaxResult result;
  const auto collection = static_cast<double>(db.get_doccount());
  const Scorer scorer(params, db.get_avlength());

  // One list per term, and one per phrase holding its terms in order. A phrase with a term the
  // file lacks can match only papers changed since, which Xapian searches.
  std::vector<List> lists;
  std::vector<std::string_view> seen;
  for (size_t i = 0; i < terms.size();) {
    size_t end = i + 1;
    while (terms[i].phrase != 0 && end < terms.size() && terms[end].phrase == terms[i].phrase)
      ++end;
    List list;
    bool complete = true;
    for (size_t k = i; k < end; ++k) {
      const RankedTerm& t = terms[k];
      const auto termfreq = static_cast<double>(db.get_termfreq(t.term));
      if (std::find(seen.begin(), seen.end(), t.term) == seen.end()) {
        seen.push_back(t.term);
        if (t.phrase == 0)
          result.at_least = std::max(result.at_least, static_cast<int64_t>(termfreq));
        result.at_most += static_cast<int64_t>(termfreq);
      }
      auto term = index.find(t.term);
      if (!term || termfreq == 0) {
        complete = false;  // only in papers Xapian searches, or in none now
        continue;
      }
      list.add(*term, t.term, term_weight(collection, termfreq, t.factor, t.wqf, params), scorer);
    }
    if (complete) {
      auto same = std::find_if(lists.begin(), lists.end(),
                               [&](const List& l) { return l.same_leaves(list); });
      if (same != lists.end()) {
        same->add_copy();
      } else {
        lists.push_back(std::move(list));
      }
    }
    i = end;
  }
  result.at_most = std::min(result.at_most, static_cast<int64_t>(collection));
  count_matches(index, db, lists, skip, count_window, result);
  if (depth == 0 || lists.empty()) return result;

  for (auto& list : lists) list.start();
  std::sort(lists.begin(), lists.end(),
            [](const List& a, const List& b) { return a.max_score() < b.max_score(); });
  const size_t n = lists.size();
  // upto[i]: the most lists 0…i together add. Slightly raised so that rounding in a sum taken
  // in another order never makes a list look unable to matter when it can.
  std::vector<double> upto(n);
  for (size_t i = 0; i < n; ++i) upto[i] = (i > 0 ? upto[i - 1] : 0) + lists[i].max_score();
  for (double& u : upto) u *= 1 + 1e-9;

  std::vector<BlockMaxHit>& heap = result.hits;  // the best so far, the weakest at the front
  heap.reserve(depth);
  double threshold = 0;
  size_t first_essential = 0;  // lists before it cannot lift a document over the threshold alone
  auto full = [&] { return heap.size() >= depth; };
  // What each list added to the document, in order: the list for a phrase, whose positions are
  // unchecked; nullptr for a word.
  std::vector<std::pair<const List*, double>> parts;
  std::vector<const List*> failed;
  while (first_essential < n) {
    uint32_t doc = BlockMaxIndex::kEndOfList;
    for (size_t i = first_essential; i < n; ++i) doc = std::min(doc, lists[i].doc());
    if (doc == BlockMaxIndex::kEndOfList) break;
    const bool skip_doc = skipped(skip, doc);
    const double norm = skip_doc ? 0 : scorer.normaliser(index.length(doc));
    double score = 0;
    bool matched = false;  // by a word (a phrase matches once its positions are checked)
    parts.clear();
    auto take = [&](const List& list) {
      const double part = list.score(norm);
      score += part;
      parts.emplace_back(list.phrase() ? &list : nullptr, part);
      matched = matched || !list.phrase();
    };
    for (size_t i = first_essential; i < n; ++i) {
      List& list = lists[i];
      if (list.doc() != doc) continue;
      if (!skip_doc) take(list);
      list.next();
    }
    if (skip_doc) continue;
    bool alive = true;
    for (size_t i = first_essential; i-- > 0;) {
      if (full() && score + upto[i] <= threshold) {
        alive = false;
        break;
      }
      List& list = lists[i];
      if (full()) {
        const double bound = list.bound_at(doc, scorer);
        const double below = i > 0 ? upto[i - 1] : 0;
        if (bound < 0 || score + bound * (1 + 1e-9) + below <= threshold) continue;
      }
      list.seek(doc);
      if (list.doc() == doc) take(list);
    }
    if (!alive || (full() && score <= threshold)) continue;
    // Positions are read only now, for a document that would enter as if its phrases held;
    // a phrase that does not hold leaves the sum of the rest (added again, not subtracted, so
    // the score is the same sum Xapian takes).
    failed.clear();
    for (const auto& [list, part] : parts) {
      if (list == nullptr) continue;
      if (list->verify(db, doc)) {
        matched = true;
      } else {
        failed.push_back(list);
      }
    }
    if (!failed.empty()) {
      score = 0;
      for (const auto& [list, part] : parts) {
        if (std::find(failed.begin(), failed.end(), list) == failed.end()) score += part;
      }
    }
    if (!matched) continue;
    const BlockMaxHit hit{score, doc};
    if (!full()) {
      heap.push_back(hit);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (score > threshold) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = hit;
      std::push_heap(heap.begin(), heap.end(), better);
    } else {
      continue;
    }
    if (full()) {
      threshold = heap.front().score;
      while (first_essential < n && upto[first_essential] <= threshold) ++first_essential;
    }
  }
  std::sort(heap.begin(), heap.end(), better);
  return result;
}

}  // namespace paperboy
