// Highlighted excerpts (index/excerpt.h): which words are marked, which passage is chosen,
// and the rules every excerpt keeps whatever the text: escaped, whole characters, within its
// length, a faithful copy of the text between its marks.
#include "index/excerpt.h"

#include <gtest/gtest.h>

#include <random>

namespace paperboy {
namespace {

Excerpts excerpts_for(const std::string& query) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.add_prefix("title", "S");
  return Excerpts(parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT));
}

// The excerpt's text with its marks and ellipses taken out and its entities read back.
std::string plain(std::string excerpt) {
  for (const std::string mark : {"<b>", "</b>", "…"}) {
    for (size_t at; (at = excerpt.find(mark)) != std::string::npos;) excerpt.erase(at, mark.size());
  }
  const std::vector<std::pair<std::string, std::string>> entities = {
      {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
      {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, ch] : entities) {
    for (size_t at; (at = excerpt.find(entity)) != std::string::npos;)
      excerpt.replace(at, entity.size(), ch);
  }
  return excerpt;
}

TEST(Excerpts, MarksTheQueryWordsAsWrittenAndByTheirStems) {
  const std::string text = "Pruned networks: we prune weights, and pruning helps. Nets differ.";
  EXPECT_EQ(excerpts_for("pruning network").make(text, 300),
            "<b>Pruned</b> <b>networks</b>: we <b>prune</b> weights, and <b>pruning</b> helps. "
            "Nets differ.");
  EXPECT_EQ(excerpts_for("\"pruning\"").make(text, 300),
            "Pruned networks: we prune weights, and <b>pruning</b> helps. Nets differ.")
      << "a quoted word is matched as written, not by its stem";
  EXPECT_EQ(excerpts_for("title:pruning").make(text, 300), text) << "a field's terms are not text";
}

TEST(Excerpts, EscapesTheTextAndNeverItsMarks) {
  const std::string excerpt =
      excerpts_for("prune").make("We <b>really</b> prune & cut \"fast\" <script>.", 200);
  EXPECT_EQ(excerpt,
            "We &lt;b&gt;really&lt;/b&gt; <b>prune</b> &amp; cut &quot;fast&quot; "
            "&lt;script&gt;.");
}

TEST(Excerpts, MatchesAccentedWordsAsTheIndexFoldsThem) {
  EXPECT_EQ(excerpts_for("schrodinger").make("The Schrödinger equation.", 100),
            "The <b>Schrödinger</b> equation.");
}

TEST(Excerpts, ChoosesThePassageWithTheMostQueryWords) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Filler words about nothing in particular. ";
  text += "Graph networks appear here. Only graph again. ";
  text += "Here both graph and neural networks meet the sparse attention. ";
  for (int i = 0; i < 30; ++i) text += "More filler after the passage. ";
  const std::string excerpt = excerpts_for("graph neural attention").make(text, 120);
  EXPECT_NE(
      excerpt.find("<b>graph</b> and <b>neural</b> networks meet the sparse <b>attention</b>"),
      std::string::npos)
      << excerpt;
  EXPECT_TRUE(excerpt.starts_with("…")) << excerpt;
  EXPECT_TRUE(excerpt.ends_with("…")) << excerpt;
  EXPECT_LE(plain(excerpt).size(), 120u);
  EXPECT_NE(text.find(plain(excerpt)), std::string::npos) << "a copy of one passage";
}

TEST(Excerpts, StartsAtTheTextWhenNothingMatches) {
  const std::string text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu.";
  EXPECT_EQ(excerpts_for("omicron").make(text, 30), "Alpha beta gamma delta epsilon…");
  EXPECT_EQ(excerpts_for("omicron").make(text, 300), text);
  EXPECT_EQ(Excerpts().make(text, 16), "Alpha beta gamma…") << "no query at all";
}

TEST(Excerpts, KeepTheirRulesOnAnyText) {
  // Words, markup, entities, multi-byte characters (Greek, CJK, emoji), LaTeX and bare bytes.
  const std::vector<std::string> pieces = {
      "graph", "Graphs", "neural",    "net", " ",    "  ",   ".",  ",",
      "<",     ">",      "&",         "\"",  "'",    "<b>",  "é",  "ε",
      "图",    "🙂",   "$\\alpha$", "-",   "\xC3", "\xFF", "\n", "attention"};
  std::mt19937 random(5);
  const Excerpts excerpts = excerpts_for("graph neural attention");
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 80)(random);
    for (int i = 0; i < n; ++i)
      text += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(random)];
    const size_t length = std::uniform_int_distribution<size_t>(1, 120)(random);
    const std::string excerpt = excerpts.make(text, length);
    const std::string copy = plain(excerpt);
    EXPECT_NE(text.find(copy), std::string::npos) << "round " << round << ": " << excerpt;
    // No raw markup from the text: every '<' is one of the excerpt's own marks.
    std::string unmarked = excerpt;
    for (const std::string mark : {"<b>", "</b>"}) {
      for (size_t at; (at = unmarked.find(mark)) != std::string::npos;)
        unmarked.erase(at, mark.size());
    }
    EXPECT_EQ(unmarked.find_first_of("<>\""), std::string::npos) << excerpt;
    // Longer than asked only when a single word (or the edge slack of symbols) is.
    EXPECT_LE(copy.size(), length + 8 + size_t{80} * 4) << excerpt;
  }
}

}  // namespace
}  // namespace paperboy
