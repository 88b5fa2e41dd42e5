// The posting lists a block-max search walks (block_max_search.cpp): one word's or one
// phrase's (Member), and what one leaf of the query adds (List: a word, a phrase, or a synonym
// of members), each with its BM25 part and the bounds MaxScore prunes by. Internal to the search.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "index/block_max_index.h"

namespace paperboy::block_max {

constexpr double kMinNormalisedLength = 0.5;  // Xapian's BM25Weight min_normlen, as searched

class Scorer {
 public:
  Scorer(double k1, double b, double average_length)
      : k1_(k1), b_(b), inverse_average_(average_length > 0 ? 1 / average_length : 0) {}
  // The document-length part of BM25's denominator, as BM25Weight::get_sumpart computes it.
  double normaliser(uint32_t length) const {
    const double normalised =
        std::max(static_cast<double>(length) * inverse_average_, kMinNormalisedLength);
    return k1_ * (normalised * b_ + (1 - b_));
  }
  static double part(double weight, uint32_t wdf, double normaliser) {
    const auto w = static_cast<double>(wdf);
    return weight * (w / (normaliser + w));
  }

 private:
  double k1_;
  double b_;
  double inverse_average_;
};

// Whether `doc` is among the documents a bitmap of them marks (those the file no longer
// describes, which Xapian answers for).
inline bool skipped(std::span<const uint64_t> skip, uint32_t doc) {
  const size_t word = doc / 64;
  return word < skip.size() && ((skip[word] >> (doc % 64)) & 1U) != 0;
}

// Whether `terms` stand next to each other, in order, somewhere in document `doc` (Xapian's
// positions: only words as written have them, which is what the parser's phrases search).
inline bool phrase_at(const Xapian::Database& db, uint32_t doc,
                      const std::vector<std::string>& terms) {
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

// One word's postings, or a phrase's: the documents holding all its words (positions are
// checked only for a document that could enter the results).
class Member {
 public:
  void add(const BlockMaxIndex::Term& term, const std::string& name, double weight) {
    cursors_.emplace_back(term);
    names_.push_back(name);
    weights_.push_back(weight);
    max_wdfs_.push_back(term.max_wdf);
    min_lengths_.push_back(term.min_length);
  }
  bool phrase() const { return cursors_.size() > 1; }
  bool operator==(const Member& other) const {
    return names_ == other.names_ && weights_ == other.weights_;
  }
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
  // Its words' BM25 parts at `doc()`, summed: a word or phrase searched on its own.
  double score(double normaliser) const {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i)
      sum += Scorer::part(weights_[i], cursors_[i].wdf(), normaliser);
    return sum;
  }
  // The most score() can be at `doc()` with its wdfs there, whatever the document's length:
  // it is no shorter than the shortest document of the blocks its cursors stand in.
  double bound_here(const Scorer& scorer) const {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i) {
      sum += Scorer::part(weights_[i], cursors_[i].wdf(),
                          scorer.normaliser(cursors_[i].block_min_length()));
    }
    return sum;
  }
  // The most score() can be anywhere.
  double max_score(const Scorer& scorer) const {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i)
      sum += Scorer::part(weights_[i], max_wdfs_[i], scorer.normaliser(min_lengths_[i]));
    return sum;
  }
  // The most score() can be at `target`, from the blocks that would hold it; negative when
  // the member holds nothing at or after `target`.
  double bound_at(uint32_t target, const Scorer& scorer) {
    double sum = 0;
    for (size_t i = 0; i < cursors_.size(); ++i) {
      const BlockMaxIndex::Block* block = cursors_[i].block_for(target);
      if (block == nullptr) return -1;
      sum += Scorer::part(weights_[i], block->max_wdf, scorer.normaliser(block->min_length));
    }
    return sum;
  }
  // Within a synonym: the wdf Xapian gives the member at `doc()`, a word's own or, for a
  // phrase, the least of its words' (ExactPhrasePostList::get_wdf in Xapian 1.4).
  uint32_t wdf() const {
    uint32_t wdf = cursors_[0].wdf();
    for (const auto& c : cursors_) wdf = std::min(wdf, c.wdf());
    return wdf;
  }
  // The shortest document in the blocks its cursors stand in.
  uint32_t block_min_length() const {
    uint32_t length = 0;
    for (const auto& c : cursors_) length = std::max(length, c.block_min_length());
    return length;
  }
  // wdf() at its largest, with the shortest document it may be in: anywhere, or in the blocks
  // that would hold `target` (false: nothing at or after it).
  void max_wdf(uint32_t& wdf, uint32_t& length) const {
    wdf = *std::min_element(max_wdfs_.begin(), max_wdfs_.end());
    length = *std::max_element(min_lengths_.begin(), min_lengths_.end());
  }
  bool max_wdf_at(uint32_t target, uint32_t& wdf, uint32_t& length) {
    for (size_t i = 0; i < cursors_.size(); ++i) {
      const BlockMaxIndex::Block* block = cursors_[i].block_for(target);
      if (block == nullptr) return false;
      wdf = i == 0 ? block->max_wdf : std::min(wdf, block->max_wdf);
      length = i == 0 ? block->min_length : std::max(length, block->min_length);
    }
    return true;
  }
  bool holds(const Xapian::Database& db, uint32_t doc) const {
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
  std::vector<std::string> names_;
  std::vector<double> weights_;
  std::vector<uint32_t> max_wdfs_;
  std::vector<uint32_t> min_lengths_;
};

// What one leaf of the query adds: a word or a phrase, whose words' BM25 parts are summed; or
// a synonym (an acronym and its expansion), whose members' wdfs are summed and weighed as one
// word's, as Xapian's SynonymPostList does.
class List {
 public:
  explicit List(Member member) { members_.push_back(std::move(member)); }
  List(std::vector<Member> members, double synonym_weight)
      : members_(std::move(members)), synonym_weight_(synonym_weight) {}

  bool same_leaves(const List& other) const {
    return members_ == other.members_ && synonym_weight_ == other.synonym_weight_;
  }
  // The same leaves again (a query may repeat a word or a phrase; Xapian adds each copy): one
  // list counted `copies` times, so a repeated phrase's positions are read once, not per copy.
  void add_copy() { ++copies_; }
  double max_score(const Scorer& scorer) const {
    if (!synonym()) return members_[0].max_score(scorer) * copies_;
    uint32_t wdf = 0;
    uint32_t length = std::numeric_limits<uint32_t>::max();
    for (const auto& m : members_) {
      uint32_t w = 0;
      uint32_t l = 0;
      m.max_wdf(w, l);
      wdf += w;
      length = std::min(length, l);
    }
    return Scorer::part(*synonym_weight_, wdf, scorer.normaliser(length)) * copies_;
  }
  uint32_t doc() const { return synonym() ? doc_ : members_[0].doc(); }
  void start() {
    for (auto& m : members_) m.start();
    settle();
  }
  void next() {
    for (auto& m : members_) {
      if (m.doc() == doc()) m.next();
    }
    settle();
  }
  void seek(uint32_t target) {
    for (auto& m : members_) m.seek(target);
    settle();
  }
  // The most score() can be at `doc()` before its length is known (Member::bound_here).
  double bound_here(const Scorer& scorer) const {
    if (!synonym()) return members_[0].bound_here(scorer) * copies_;
    uint32_t wdf = 0;
    uint32_t length = std::numeric_limits<uint32_t>::max();
    for (const auto& m : members_) {
      if (m.doc() != doc()) continue;
      wdf += m.wdf();
      length = std::min(length, m.block_min_length());
    }
    return Scorer::part(*synonym_weight_, wdf, scorer.normaliser(length)) * copies_;
  }
  // Whether positions must be read before `doc()` is known to match.
  bool unchecked() const {
    return std::any_of(members_.begin(), members_.end(),
                       [&](const Member& m) { return m.phrase() && m.doc() == doc(); });
  }
  // What the list adds to `doc()`'s score, as if its phrases held.
  double score(double normaliser, uint32_t length) const {
    return score_where(normaliser, length, [](const Member&) { return true; });
  }
  // The score once positions are read: none when nothing of it holds at `doc()`.
  std::optional<double> checked_score(const Xapian::Database& db, double normaliser,
                                      uint32_t length) const {
    bool any = false;
    const double score = score_where(normaliser, length, [&](const Member& m) {
      const bool held = m.holds(db, doc());
      any = any || held;
      return held;
    });
    return any ? std::optional<double>(score) : std::nullopt;
  }
  // Whether some member is a phrase, whose matches need positions read.
  bool has_phrase() const {
    return std::any_of(members_.begin(), members_.end(),
                       [](const Member& m) { return m.phrase(); });
  }
  // Whether a word of it (not a phrase) is at `doc()`: a match without positions read.
  bool matched_by_word() const {
    return std::any_of(members_.begin(), members_.end(),
                       [&](const Member& m) { return !m.phrase() && m.doc() == doc(); });
  }
  bool matches(const Xapian::Database& db) const {
    return std::any_of(members_.begin(), members_.end(),
                       [&](const Member& m) { return m.doc() == doc() && m.holds(db, doc()); });
  }
  // The most the list can add to `target`, from the blocks that would hold it; negative when
  // it holds nothing at or after `target`.
  double bound_at(uint32_t target, const Scorer& scorer) {
    if (!synonym()) {
      const double bound = members_[0].bound_at(target, scorer);
      return bound < 0 ? bound : bound * copies_;
    }
    uint32_t wdf = 0;
    uint32_t length = std::numeric_limits<uint32_t>::max();
    bool any = false;
    for (auto& m : members_) {
      uint32_t w = 0;
      uint32_t l = 0;
      if (!m.max_wdf_at(target, w, l)) continue;
      any = true;
      wdf += w;
      length = std::min(length, l);
    }
    if (!any) return -1;
    return Scorer::part(*synonym_weight_, wdf, scorer.normaliser(length)) * copies_;
  }

 private:
  bool synonym() const { return synonym_weight_.has_value(); }
  void settle() {
    doc_ = BlockMaxIndex::kEndOfList;
    for (const auto& m : members_) doc_ = std::min(doc_, m.doc());
  }
  template <typename Counted>
  double score_where(double normaliser, uint32_t length, Counted counted) const {
    if (!synonym()) return counted(members_[0]) ? members_[0].score(normaliser) * copies_ : 0;
    uint32_t wdf = 0;
    for (const auto& m : members_) {
      if (m.doc() == doc() && counted(m)) wdf += m.wdf();
    }
    // Xapian clamps a synonym's wdf to the document's length (SynonymPostList::get_weight).
    return Scorer::part(*synonym_weight_, std::min(wdf, length), normaliser) * copies_;
  }

  std::vector<Member> members_;
  std::optional<double> synonym_weight_;
  uint32_t doc_ = 0;
  int copies_ = 1;
};

}  // namespace paperboy::block_max
