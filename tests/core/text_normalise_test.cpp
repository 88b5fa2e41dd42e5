#include "core/text_normalise.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

// Compares word sequences, ignoring how much space separates them.
std::string words(const std::string& text) { return collapse_whitespace(text); }

TEST(TextNormalise, MathBecomesTheWordsInside) {
  EXPECT_EQ(words(normalise_for_index("$O(\\epsilon^{-3})$")), "O( epsilon -3 )");
  EXPECT_EQ(words(normalise_for_index("$\\mathcal{O}(n \\log n)$")), "O (n log n)");
  EXPECT_EQ(words(normalise_for_index("$\\frac{1}{2}$")), "1 2");
  EXPECT_EQ(words(normalise_for_index("x_i^2 and \\textbf{bold}")), "x i 2 and bold");
}

TEST(TextNormalise, LatexAccentsFoldToTheirLetters) {
  EXPECT_EQ(normalise_for_index("C. Bal\\'azs"), "C. Balazs");
  EXPECT_EQ(normalise_for_index("Schr{\\\"o}dinger"), "Schrodinger");
  EXPECT_EQ(normalise_for_index("Schr\\\"odinger"), "Schrodinger");
  EXPECT_EQ(normalise_for_index("Fran\\c{c}ois"), "Francois");
  EXPECT_EQ(normalise_for_index("Erd\\H{o}s"), "Erdos");
  EXPECT_EQ(normalise_for_index("Stra\\ss e"), "Strasse") << "TeX eats the space after \\ss";
  EXPECT_EQ(normalise_for_index("{\\AA}ngstr{\\\"o}m"), "Angstrom");
  EXPECT_EQ(normalise_for_index("\\v{S}ime"), "Sime");
}

TEST(TextNormalise, UnicodeAccentsFoldToAscii) {
  EXPECT_EQ(fold_accents("Balázs Łukasz Øster naïve café Straße Œuvre"),
            "Balazs Lukasz Oster naive cafe Strasse OEuvre");
  EXPECT_EQ(fold_accents("e\xCC\x81t\xC3\xA9"), "ete") << "combining acute accent dropped";
  EXPECT_EQ(fold_accents("ﬁne “quoted” – dash"), "fine \"quoted\" - dash");
}

TEST(TextNormalise, GreekLettersAreSpelledAsWords) {
  EXPECT_EQ(words(fold_accents("β-VAE with ε-greedy")), "beta -VAE with epsilon -greedy");
  EXPECT_EQ(words(fold_accents("ΑΩ")), "alpha omega");
}

TEST(TextNormalise, OtherScriptsPassThrough) {
  EXPECT_EQ(fold_accents("大模型 → ok"), "大模型 → ok");
  std::string broken = "bad \xFF byte";
  EXPECT_EQ(fold_accents(broken), broken);
}

TEST(TextNormalise, QueriesKeepTheirSyntax) {
  EXPECT_EQ(normalise_for_query("title:\"naïve bayes\" -cat:cs.LG (a OR b)"),
            "title:\"naive bayes\" -cat:cs.LG (a OR b)");
  EXPECT_EQ(words(normalise_for_query("\\epsilon-greedy")), "epsilon -greedy");
}

TEST(TextNormalise, CollapseWhitespaceJoinsWrappedLines) {
  EXPECT_EQ(collapse_whitespace("  Calculation of prompt\n  diphoton \t production \n"),
            "Calculation of prompt diphoton production");
  EXPECT_EQ(collapse_whitespace(" \n "), "");
}

}  // namespace
}  // namespace paperboy
