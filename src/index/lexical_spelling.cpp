// "Did you mean": LexicalIndex::correct_spelling, apart from the searching it serves. The choice
// among candidates is spelling_choice.h's; this file finds the query's words and asks the index.
#include <xapian.h>

#include <algorithm>
#include <cctype>

#include "index/lexical_index.h"
#include "index/paper_document.h"
#include "index/spelling_choice.h"

namespace paperboy {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// How much more common the suggested word must be than a word some paper does contain.
constexpr Xapian::doccount kRarerByAtLeast = 1000;

}  // namespace

namespace {

// The index's spelling table and postings, as the chooser asks about them.
class IndexSpellingFacts : public SpellingFacts {
 public:
  explicit IndexSpellingFacts(const Xapian::Database& db) : db_(db) {}
  // Papers with the word in their text (unprefixed terms are the words of titles and abstracts).
  uint64_t frequency(const std::string& word) override { return db_.get_termfreq(word); }
  uint64_t together(const std::string& word, const std::string& other) override {
    thread_local const Xapian::Stem stemmer("english");
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(word),
                                    Xapian::Query("Z" + stemmer(other))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // Exact up to the bound, which is all the ranking needs: past 100 shared papers the
    // candidate has won.
    return enquire.get_mset(0, 0, 100).get_matches_estimated();
  }

 private:
  const Xapian::Database& db_;
};

struct QueryWord {
  size_t begin = 0, end = 0;  // where in the query
  std::string lower;
  bool checked = false;           // plain, three letters or more, not touching a digit
  Xapian::doccount as_typed = 0;  // papers with the word itself in their text
  Xapian::doccount by_stem = 0;  // … with a word of the same stem ("reinforcment" → "reinforc")
  Xapian::doccount as_name = 0;  // … with an author of that name
  bool unknown() const { return as_typed == 0 && as_name == 0; }
  Xapian::doccount known() const { return as_typed + by_stem + as_name; }
};

// A word some paper uses is replaced only by one far commoner: a rare spelling that is really
// used ("diffusive") is left alone, a stray typo in a few abstracts is not. In a small corpus
// no word is 1,000 times commoner than another, so there a typo in at most two papers yields
// to a word one edit away that occurs with the query's other words in ten times as many papers.
constexpr Xapian::doccount kStrayTypoPapers = 2;
constexpr uint64_t kTogetherMoreBy = 10;
// Words of one query weighed for correction, the first ones: each costs a few hundred lookups,
// and a 1,000-byte query of made-up words must not cost a thousand suggestions.
constexpr size_t kMaxWordsWeighed = 8;

}  // namespace

std::optional<SpellingCorrection> LexicalIndex::correct_spelling(std::string_view query) {
  SpellingCorrection correction;
  bool changed = false;
  try {
    // The query's words: runs of three or more letters not touching a digit ("GPT4" is a
    // name), within plain tokens (not fields, exclusions or operators).
    std::vector<QueryWord> words;
    size_t i = 0;
    while (i < query.size()) {
      size_t end = query.find_first_of(" \t\n\r\f\v", i);
      if (end == std::string_view::npos) end = query.size();
      std::string_view token = query.substr(i, end - i);
      bool plain = token.find(':') == std::string_view::npos && !token.starts_with('-') &&
                   token != "AND" && token != "OR" && token != "NOT";
      for (size_t a = 0; plain && a < token.size();) {
        if (!is_ascii_letter(token[a])) {
          ++a;
          continue;
        }
        size_t b = a;
        while (b < token.size() && is_ascii_letter(token[b])) ++b;
        QueryWord word{i + a, i + b, std::string(token.substr(a, b - a))};
        for (char& c : word.lower)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool by_digit = (a > 0 && std::isdigit(static_cast<unsigned char>(token[a - 1]))) ||
                        (b < token.size() && std::isdigit(static_cast<unsigned char>(token[b])));
        word.checked = word.lower.size() >= 3 && !by_digit;
        if (word.checked) {
          thread_local const Xapian::Stem stemmer("english");
          word.as_typed = db_.get_termfreq(word.lower);
          word.by_stem = db_.get_termfreq("Z" + stemmer(word.lower));
          word.as_name = db_.get_termfreq(index_terms::kAuthor + word.lower);
        }
        words.push_back(std::move(word));
        a = b;
      }
      i = end + 1;
    }
    IndexSpellingFacts facts(db_);
    std::string out(query);
    auto stray = [](const QueryWord& word) {
      return word.as_typed <= kStrayTypoPapers && word.as_name == 0;
    };
    // A word in more than doccount / 1000 papers can have no word 1,000 times commoner.
    size_t weighed = 0;
    for (auto& word : words) {
      if (word.checked && !word.unknown() && !stray(word) &&
          kRarerByAtLeast * word.known() > db_.get_doccount()) {
        word.checked = false;
      }
      if (word.checked && ++weighed > kMaxWordsWeighed) word.checked = false;
    }
    // Replaced from the last word back, so earlier positions stay valid.
    for (size_t w = words.size(); w-- > 0;) {
      const QueryWord& word = words[w];
      if (!word.checked) continue;
      const bool is_stray = stray(word);
      std::vector<std::string> candidates;
      // For a word some paper uses, only a candidate that could replace it is weighed: one
      // 1,000 times commoner, or any word one edit from a stray typo. Weighing asks the
      // postings how often each occurs with the other words, which a query with a rare but
      // real word ("quasar") should not pay for.
      const Xapian::doccount needed =
          word.unknown() || is_stray ? 1 : kRarerByAtLeast * word.known();
      for (auto& edit : one_edit_away(word.lower)) {
        if (db_.get_termfreq(edit) >= needed) candidates.push_back(std::move(edit));
      }
      if (std::string far = db_.get_spelling_suggestion(word.lower, 2);
          !far.empty() && db_.get_termfreq(far) >= needed)
        candidates.push_back(far);
      std::vector<std::string> others;
      for (size_t o = 0; o < words.size(); ++o) {
        if (o != w && words[o].known() > 0) others.push_back(words[o].lower);
      }
      auto chosen = choose_spelling(word.lower, std::move(candidates), others, facts);
      if (!chosen) continue;
      if (!word.unknown()) {
        bool far_commoner = chosen->frequency >= kRarerByAtLeast * word.known();
        uint64_t typed_together = 0;
        for (const auto& other : others) typed_together += facts.together(word.lower, other);
        bool stray_typo =
            is_stray && chosen->distance == 1 &&
            chosen->together >= kTogetherMoreBy * std::max<uint64_t>(1, typed_together);
        if (!far_commoner && !stray_typo) continue;
      }
      out.replace(word.begin, word.end - word.begin, chosen->word);
      changed = true;
      // Searching as typed finds nothing for a word no paper has, not even by its stem: the
      // searcher runs the correction instead.
      correction.replaced_unknown_word =
          correction.replaced_unknown_word || (word.unknown() && word.by_stem == 0);
    }
    // Any white space becomes one space: the result may travel in a header.
    for (char& c : out) {
      if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') c = ' ';
    }
    correction.query = std::move(out);
  } catch (const Xapian::Error&) {
    return std::nullopt;  // no suggestion is better than a failed search
  }
  if (!changed) return std::nullopt;
  return correction;
}

}  // namespace paperboy
