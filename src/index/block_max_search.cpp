#include "index/block_max_search.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "index/block_max_count.h"
#include "index/block_max_lists.h"

namespace paperboy {
namespace {

using block_max::List;
using block_max::Member;
using block_max::Scorer;
using block_max::skipped;

constexpr double kK3 = 1.0;  // query term frequency counts linearly

// BM25Weight::init without a relevance set.
double term_weight(double collection, double termfreq, double factor, double wqf,
                   BlockMaxParams params) {
  double tw = (collection - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  double weight = std::log(tw) * factor;
  weight *= (kK3 + 1) * wqf / (kK3 + wqf);
  return weight * (params.k1 + 1);
}

// Xapian's order: higher score first, then the lower document number.
bool better(const BlockMaxHit& a, const BlockMaxHit& b) {
  return a.score > b.score || (a.score == b.score && a.doc < b.doc);
}

// Xapian rounds its estimates so (x + 0.5, truncated); floor is the same for the counts here,
// which are never negative.
Xapian::doccount rounded(double x) { return static_cast<Xapian::doccount>(std::floor(x + 0.5)); }

// Xapian's estimate of how many papers hold a phrase (ExactPhrasePostList over
// MultiAndPostList, Xapian 1.4): the words' frequencies multiplied as if independent, rarest
// first, then a quarter of that. A synonym weighs its members by it.
Xapian::doccount phrase_estimate(std::vector<double> termfreqs, double collection) {
  std::sort(termfreqs.begin(), termfreqs.end());
  double estimate = termfreqs[0];
  for (size_t i = 1; i < termfreqs.size(); ++i) estimate = estimate * termfreqs[i] / collection;
  return rounded(estimate) / 4;
}

// Xapian's estimate for an OR of two (OrPostList::get_termfreq_est_using_stats).
Xapian::doccount either_estimate(double a, double b, double collection) {
  return rounded(a + b - (a * b / collection));
}

}  // namespace

BlockMaxResult block_max_top(const BlockMaxIndex& index, const Xapian::Database& db,
                             std::span<const RankedTerm> terms, BlockMaxParams params, size_t depth,
                             std::span<const uint64_t> skip, size_t count_window) {
  BlockMaxResult result;
  const auto collection = static_cast<double>(db.get_doccount());
  const Scorer scorer(params.k1, params.b, db.get_avlength());

  // One list per word, per phrase (its words in order) and per synonym (its members). A
  // member with a word the file lacks can match only papers changed since, which Xapian
  // searches.
  std::vector<List> lists;
  std::vector<std::string_view> seen;
  auto add = [&](List list) {
    auto same = std::find_if(lists.begin(), lists.end(),
                             [&](const List& l) { return l.same_leaves(list); });
    if (same != lists.end()) {
      same->add_copy();
    } else {
      lists.push_back(std::move(list));
    }
  };
  // Reads terms[i…) as one word or phrase; `weighed` false inside a synonym, whose words have
  // no weight of their own.
  auto member = [&](size_t& i, bool weighed, std::vector<double>& termfreqs) {
    size_t end = i + 1;
    while (terms[i].phrase != 0 && end < terms.size() && terms[end].phrase == terms[i].phrase)
      ++end;
    std::optional<Member> m(std::in_place);
    for (size_t k = i; k < end; ++k) {
      const RankedTerm& t = terms[k];
      const auto termfreq = static_cast<double>(db.get_termfreq(t.term));
      termfreqs.push_back(termfreq);
      if (std::find(seen.begin(), seen.end(), t.term) == seen.end()) {
        seen.push_back(t.term);
        if (t.phrase == 0)
          result.at_least = std::max(result.at_least, static_cast<int64_t>(termfreq));
        result.at_most += static_cast<int64_t>(termfreq);
      }
      auto term = index.find(t.term);
      if (!term || termfreq == 0) {
        m.reset();  // only in papers Xapian searches, or in none now
        continue;
      }
      if (m)
        m->add(*term, t.term,
               weighed ? term_weight(collection, termfreq, t.factor, t.wqf, params) : 0.0);
    }
    i = end;
    return m;
  };
  for (size_t i = 0; i < terms.size();) {
    std::vector<double> termfreqs;
    if (terms[i].synonym == 0) {
      if (auto m = member(i, true, termfreqs)) add(List(std::move(*m)));
      continue;
    }
    const RankedTerm& first = terms[i];
    std::vector<Member> members;
    std::vector<Xapian::doccount> estimates;
    while (i < terms.size() && terms[i].synonym == first.synonym) {
      termfreqs.clear();
      auto m = member(i, false, termfreqs);
      estimates.push_back(termfreqs.size() == 1 ? static_cast<Xapian::doccount>(termfreqs[0])
                                                : phrase_estimate(termfreqs, collection));
      if (m) members.push_back(std::move(*m));
    }
    if (members.empty()) continue;
    double either = estimates[0];
    for (size_t k = 1; k < estimates.size(); ++k)
      either = either_estimate(either, estimates[k], collection);
    // A synonym is weighed with a query frequency of one (Weight::init_ for synonyms).
    add(List(std::move(members), term_weight(collection, either, first.factor, 1, params)));
  }
  result.at_most = std::min(result.at_most, static_cast<int64_t>(collection));
  const block_max::MatchCount count =
      block_max::count_matches(index, db, lists, skip, count_window, params.position_reads);
  result.matches = count.matches;
  result.count_exact = count.exact;
  result.count_complete = result.complete = count.complete;
  if (depth == 0 || lists.empty() || !result.complete) return result;

  for (auto& list : lists) list.start();
  std::vector<double> max_scores(lists.size());
  {
    std::vector<std::pair<double, size_t>> order;
    for (size_t i = 0; i < lists.size(); ++i) order.emplace_back(lists[i].max_score(scorer), i);
    std::sort(order.begin(), order.end());
    std::vector<List> sorted;
    for (size_t i = 0; i < order.size(); ++i) {
      sorted.push_back(std::move(lists[order[i].second]));
      max_scores[i] = order[i].first;
    }
    lists = std::move(sorted);
  }
  const size_t n = lists.size();
  // upto[i]: the most lists 0…i together add. Slightly raised so that rounding in a sum taken
  // in another order never makes a list look unable to matter when it can.
  std::vector<double> upto(n);
  for (size_t i = 0; i < n; ++i) upto[i] = (i > 0 ? upto[i - 1] : 0) + max_scores[i];
  for (double& u : upto) u *= 1 + 1e-9;

  std::vector<BlockMaxHit>& heap = result.hits;  // the best so far, the weakest at the front
  heap.reserve(depth);
  double threshold = 0;
  size_t first_essential = 0;  // lists before it cannot lift a document over the threshold alone
  auto full = [&] { return heap.size() >= depth; };
  // What each list added to the document, in order, with the list when positions are still to
  // be read for it (a phrase, or a synonym with one), else nullptr.
  std::vector<std::pair<const List*, double>> parts;
  // The lists on the document: moved on only once it is decided, since checking a phrase's
  // positions reads where they stand.
  std::vector<List*> on_doc;
  int64_t position_reads = count.position_checks;
  for (;;) {
    for (List* list : on_doc) list->next();
    on_doc.clear();
    if (first_essential >= n) break;
    uint32_t doc = BlockMaxIndex::kEndOfList;
    for (size_t i = first_essential; i < n; ++i) doc = std::min(doc, lists[i].doc());
    if (doc == BlockMaxIndex::kEndOfList) break;
    if (full()) {
      // Before reading the document's length (a cache miss in an array of every document's):
      // what the lists on it can add at most with their wdfs here, in the shortest document
      // of their blocks, with all that the non-essential lists could add. A document of a long
      // essential list that holds none of the query's other words mostly ends here (20-70 %
      // of the candidates of the 3-word queries at 2.9 M papers).
      double bound = first_essential > 0 ? upto[first_essential - 1] : 0;
      for (size_t i = first_essential; i < n; ++i) {
        if (lists[i].doc() == doc) bound += lists[i].bound_here(scorer);
      }
      if (bound * (1 + 1e-9) <= threshold) {
        for (size_t i = first_essential; i < n; ++i) {
          if (lists[i].doc() == doc) on_doc.push_back(&lists[i]);
        }
        continue;
      }
    }
    const bool skip_doc = skipped(skip, doc);
    const uint32_t length = skip_doc ? 0 : index.length(doc);
    const double norm = skip_doc ? 0 : scorer.normaliser(length);
    double score = 0;
    bool matched = false;  // by a word (a phrase matches once its positions are checked)
    parts.clear();
    auto take = [&](const List& list) {
      const double part = list.score(norm, length);
      score += part;
      const bool unchecked = list.unchecked();
      parts.emplace_back(unchecked ? &list : nullptr, part);
      matched = matched || !unchecked;
    };
    for (size_t i = first_essential; i < n; ++i) {
      List& list = lists[i];
      if (list.doc() != doc) continue;
      if (!skip_doc) take(list);
      on_doc.push_back(&list);
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
    // Positions are read only now, for a document that would enter as if its phrases held.
    // Each phrase that does not hold takes its part away; once what is left cannot pass the
    // threshold the others are not read (a query of two common-word phrases, "Image-based
    // with non-standard", read both for most of its candidates). A document that stays in
    // reach has its score summed again from the parts that hold (added again, not
    // subtracted, so it is the same sum Xapian takes).
    bool unchecked = false;
    bool out_of_reach = false;
    for (auto& [list, part] : parts) {
      if (list == nullptr) continue;
      unchecked = true;
      if (++position_reads > params.position_reads) {
        result.complete = false;
        return result;
      }
      const double optimistic = part;
      if (auto checked = list->checked_score(db, norm, length)) {
        part = *checked;
        matched = true;
      } else {
        part = 0;
      }
      score -= optimistic - part;
      if (full() && score * (1 + 1e-9) <= threshold) {
        out_of_reach = true;
        break;
      }
    }
    if (out_of_reach) continue;
    if (unchecked) {
      score = 0;
      for (const auto& [list, part] : parts) score += part;
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
