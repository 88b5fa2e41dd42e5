// "Did you mean" on real text: judged misspellings of the sample's words, and the chooser's rules.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "index/spelling_choice.h"
#include "sample_index.h"

namespace paperboy {
namespace {

TEST(SpellingChoice, ATranspositionIsOneEdit) {
  EXPECT_EQ(damerau_distance("decsent", "descent"), 1u);
  EXPECT_EQ(damerau_distance("decsent", "recent"), 2u);
  EXPECT_EQ(damerau_distance("", "abc"), 3u);
  EXPECT_EQ(damerau_distance("abc", "abc"), 0u);
  EXPECT_EQ(damerau_distance("ca", "abc"), 3u)
      << "optimal string alignment edits no substring twice";
}

TEST(SpellingChoice, OneEditAwayHasEveryKindOfSlipOnce) {
  auto edits = one_edit_away("ab");
  for (const char* w : {"b", "a", "ba", "aab", "abb", "xab", "axb", "abx", "xb", "ax"}) {
    EXPECT_TRUE(std::binary_search(edits.begin(), edits.end(), w)) << w;
  }
  EXPECT_FALSE(std::binary_search(edits.begin(), edits.end(), "ab"));
  EXPECT_TRUE(std::is_sorted(edits.begin(), edits.end()));
  EXPECT_EQ(std::adjacent_find(edits.begin(), edits.end()), edits.end());
}

class MapFacts : public SpellingFacts {
 public:
  std::map<std::string, uint64_t> frequencies;
  std::map<std::pair<std::string, std::string>, uint64_t> pairs;
  uint64_t frequency(const std::string& word) override { return frequencies[word]; }
  uint64_t together(const std::string& word, const std::string& other) override {
    return pairs[{word, other}];
  }
};

TEST(SpellingChoice, AWordThatOccursWithTheOthersBeatsAFrequentOne) {
  MapFacts facts;
  facts.frequencies = {{"descent", 8}, {"decent", 3}, {"recent", 384}};
  facts.pairs[{"descent", "gradient"}] = 8;
  std::vector<std::string> others{"gradient"};
  auto word = [&](std::vector<std::string> candidates, std::span<const std::string> with) {
    auto chosen = choose_spelling("decsent", std::move(candidates), with, facts);
    return chosen ? chosen->word : std::string("(none)");
  };
  EXPECT_EQ(word({"recent", "decent", "descent"}, others), "descent");
  EXPECT_EQ(word({"recent", "decent", "descent"}, {}), "descent")
      << "alone, the nearer of two words wins unless the farther is far commoner";
  facts.frequencies["recent"] = 100'000;
  EXPECT_EQ(word({"recent", "decent", "descent"}, {}), "recent");
  EXPECT_EQ(word({"recent", "decent", "descent"}, others), "descent")
      << "a shared paper outweighs frequency";
  EXPECT_EQ(word({"unrelated"}, others), "(none)") << "three edits away is no correction";
  EXPECT_EQ(word({}, others), "(none)");
}

TEST(SpellingChoice, ADoubledOrUndoubledLetterIsTheLikelierSlip) {
  MapFacts facts;
  facts.frequencies = {{"model", 500}, {"models", 500}};
  std::vector<std::string> others{"reward"};
  facts.pairs[{"model", "reward"}] = 40;
  facts.pairs[{"models", "reward"}] = 40;
  auto chosen = choose_spelling("modell", {"models", "model"}, others, facts);
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->word, "model");
}

class SampleSpellingTest : public testing::SampleIndex {};

TEST_F(SampleSpellingTest, JudgedMisspellingsAreCorrectedToWhatWasMeant) {
  std::ifstream in(testing::fixture_data("spelling/sample_misspellings.tsv"));
  ASSERT_TRUE(in) << "tests/fixtures/spelling/sample_misspellings.tsv";
  LexicalIndex index = open_index();
  std::string line;
  int judged = 0, right = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    auto tab2 = line.find('\t', tab + 1);
    std::string typed = line.substr(0, tab), meant = line.substr(tab + 1, tab2 - tab - 1);
    auto corrected = index.correct_spelling(typed);
    ++judged;
    std::string got = corrected ? corrected->query : "(none)";
    EXPECT_EQ(got, meant) << "typed \"" << typed << "\" (" << line.substr(tab2 + 1) << ")";
    if (got == meant) ++right;
  }
  EXPECT_GE(judged, 30);
  std::printf("spelling: %d of %d judged misspellings corrected as meant\n", right, judged);
}

TEST_F(SampleSpellingTest, AtMostEightWordsOfAQueryAreWeighed) {
  LexicalIndex index = open_index();
  std::string query;
  for (int i = 0; i < 40; ++i) query += "difusion ";
  auto corrected = index.correct_spelling(query);
  ASSERT_TRUE(corrected.has_value());
  size_t fixed = 0;
  for (size_t at = 0; (at = corrected->query.find("diffusion", at)) != std::string::npos; at += 9)
    ++fixed;
  EXPECT_EQ(fixed, 8u) << "the first eight; the rest stay as typed";
  EXPECT_EQ(corrected->query.rfind("difusion ", corrected->query.size()),
            corrected->query.size() - 9);
}

TEST_F(SampleSpellingTest, CorrectlySpeltQueriesAreLeftAlone) {
  LexicalIndex index = open_index();
  for (const char* query :
       {"gradient descent", "diffusion transformer", "recent advances", "long context",
        "GPT4 reasoning", "author:qiao", "Yu Qiao", "policy optimization"}) {
    auto corrected = index.correct_spelling(query);
    EXPECT_FALSE(corrected.has_value()) << query << " → " << (corrected ? corrected->query : "");
  }
}

}  // namespace
}  // namespace paperboy
