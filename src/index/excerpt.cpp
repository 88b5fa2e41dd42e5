#include "index/excerpt.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "core/markup_escape.h"
#include "core/text_normalise.h"

namespace paperboy {
namespace {

// Non-word characters at either end of the text are kept (not cut) when there are no more of
// them than this: a closing full stop or bracket, not a run of symbols.
constexpr size_t kEdgeSlack = 8;

struct Word {
  size_t begin;
  size_t end;
  int match;  // which distinct query word it is, or -1
};

// The text's words as the indexer splits them: runs of Unicode word characters.
std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  Xapian::Utf8Iterator it(text.data(), text.size());
  const Xapian::Utf8Iterator end;
  const char* base = text.data();
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    const auto begin = static_cast<size_t>(it.raw() - base);
    while (it != end && Xapian::Unicode::is_wordchar(*it)) ++it;
    const auto stop = it == end ? text.size() : static_cast<size_t>(it.raw() - base);
    words.push_back({begin, stop, -1});
  }
  return words;
}

// A word as the index holds it: lower case, accents folded (fold_accents spells a Greek
// letter as its name between spaces, which are dropped here).
std::string index_form(std::string_view word) {
  std::string lower;
  bool ascii = true;
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = Xapian::Unicode::tolower(*it);
    ascii = ascii && ch < 0x80;
    Xapian::Unicode::append_utf8(lower, ch);
  }
  if (ascii) return lower;
  std::string folded = fold_accents(lower);
  folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
  return folded;
}

// Whether the characters between two words end a sentence.
bool ends_sentence(std::string_view between) {
  return between.find_first_of(".!?") != std::string_view::npos;
}

}  // namespace

Excerpts::Excerpts(const Xapian::Query& query) {
  for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
    const std::string name = *term;
    if (name.empty()) continue;
    if (name.size() > 1 && name[0] == 'Z' && (name[1] < 'A' || name[1] > 'Z')) {
      stems_.insert(name.substr(1));
      if (stem_initials_.find(name[1]) == std::string::npos) stem_initials_ += name[1];
    } else if (name[0] < 'A' || name[0] > 'Z') {
      words_.insert(name);
    }
  }
}

bool Excerpts::matches(const std::string& word) const {
  if (words_.count(word) > 0) return true;
  if (word.empty() || stem_initials_.find(word[0]) == std::string::npos) return false;
  // A stemmer keeps state while it works, so each thread needs its own.
  thread_local const Xapian::Stem stemmer("english");
  return stems_.count(stemmer(word)) > 0;
}

std::string Excerpts::make(std::string_view text, size_t length) const {
  std::vector<Word> words = split_words(text);
  if (words.empty()) {
    // Nothing but symbols: the start of it, cut at a character boundary.
    size_t cut = std::min(length, text.size());
    while (cut < text.size() && cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;
    return xml_escape(text.substr(0, cut)) + (cut < text.size() ? "…" : "");
  }
  std::unordered_map<std::string, int> distinct;
  for (Word& w : words) {
    const std::string form = index_form(text.substr(w.begin, w.end - w.begin));
    if (!matches(form)) continue;
    w.match = distinct.emplace(form, static_cast<int>(distinct.size())).first->second;
  }

  // The window of whole words within `length` that starts at a match and holds the most
  // distinct query words, then the most matches; the first such. None: the text's start.
  size_t first = 0, last = 0;
  int best = -1;
  std::vector<int> seen(distinct.size(), 0);
  for (size_t s = 0; s < words.size(); ++s) {
    if (words[s].match < 0) continue;
    std::fill(seen.begin(), seen.end(), 0);
    int kinds = 0, hits = 0;
    size_t e = s;
    for (size_t j = s; j < words.size() && words[j].end - words[s].begin <= length; ++j) {
      e = j;
      if (words[j].match < 0) continue;
      ++hits;
      if (seen[static_cast<size_t>(words[j].match)]++ == 0) ++kinds;
    }
    const int score = kinds * 10'000 + hits;
    if (score > best) {
      best = score;
      first = s;
      last = e;
    }
  }
  if (best >= 0) {
    // Some context before the first match (up to half the room left, from a sentence's start
    // when one begins there), then as much after as fits.
    const size_t room = length - std::min(length, words[last].end - words[first].begin);
    const size_t back_to = words[first].begin - std::min(words[first].begin, room / 2);
    while (first > 0 && words[first - 1].begin >= back_to &&
           !ends_sentence(
               text.substr(words[first - 1].end, words[first].begin - words[first - 1].end)))
      --first;
  }
  while (last + 1 < words.size() && words[last + 1].end - words[first].begin <= length) ++last;

  const bool from_start = first == 0 && words[0].begin <= kEdgeSlack;
  const bool to_end = last + 1 == words.size() && text.size() - words[last].end <= kEdgeSlack;
  const size_t begin = from_start ? 0 : words[first].begin;
  const size_t end = to_end ? text.size() : words[last].end;
  std::string out = from_start ? "" : "…";
  size_t at = begin;
  for (size_t i = first; i <= last; ++i) {
    if (words[i].match < 0) continue;
    out += xml_escape(text.substr(at, words[i].begin - at));
    out += "<b>";
    out += xml_escape(text.substr(words[i].begin, words[i].end - words[i].begin));
    out += "</b>";
    at = words[i].end;
  }
  out += xml_escape(text.substr(at, end - at));
  if (!to_end) out += "…";
  return out;
}

}  // namespace paperboy
