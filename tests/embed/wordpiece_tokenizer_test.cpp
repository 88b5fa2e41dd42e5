#include "embed/wordpiece_tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace paperboy {
namespace {

const auto kMiniLm = testing::fixture_data("models/all-MiniLM-L6-v2-tokenizer");

TEST(WordPieceTokenizer, ReproducesEveryReferenceTokenization) {
  auto tokenizer = WordPieceTokenizer::load(kMiniLm);
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.error().message;
  std::ifstream in(kMiniLm / "reference-tokenization.jsonl");
  std::string line;
  size_t lines = 0, wrong = 0;
  while (std::getline(in, line)) {
    ++lines;
    auto expected = nlohmann::json::parse(line);
    const std::string text = expected["text"];
    auto tokens = tokenizer->tokenize(text);
    auto ids = tokenizer->encode(text, 100000);
    if (tokens != expected["tokens"].get<std::vector<std::string>>() ||
        ids != expected["ids"].get<std::vector<int32_t>>()) {
      if (++wrong <= 5) ADD_FAILURE() << "line " << lines << ": " << text.substr(0, 120);
    }
  }
  EXPECT_EQ(lines, 314u);
  EXPECT_EQ(wrong, 0u);
}

TEST(WordPieceTokenizer, VocabTxtAloneGivesTheSameTokens) {
  auto from_json = WordPieceTokenizer::from_tokenizer_json(kMiniLm / "tokenizer.json");
  auto from_vocab = WordPieceTokenizer::from_vocab_txt(kMiniLm / "vocab.txt", {});
  ASSERT_TRUE(from_json.ok() && from_vocab.ok());
  const std::string text =
      "Über-efficient Transformers: $O(n \\log n)$ attention, naïvely 東京 (2024).";
  EXPECT_EQ(from_json->encode(text, 512), from_vocab->encode(text, 512));
}

TEST(WordPieceTokenizer, EncodeTruncatesToTheMaximumLengthKeepingSpecialTokens) {
  auto tokenizer = WordPieceTokenizer::load(kMiniLm);
  ASSERT_TRUE(tokenizer.ok());
  auto ids = tokenizer->encode("one two three four five six seven", 5);
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids.front(), 101);
  EXPECT_EQ(ids.back(), 102);
  EXPECT_EQ(ids[1], tokenizer->id_of("one"));
}

TEST(WordPieceTokenizer, SpecialTokensWrittenInTextStandForThemselves) {
  auto tokenizer = WordPieceTokenizer::load(kMiniLm);
  ASSERT_TRUE(tokenizer.ok());
  EXPECT_EQ(tokenizer->tokenize("graph networks [SEP] we study"),
            (std::vector<std::string>{"graph", "networks", "[SEP]", "we", "study"}));
}

TEST(WordPieceTokenizer, TheModel2VecFixturesTokenizerLoads) {
  auto tokenizer = WordPieceTokenizer::load(testing::fixture_data("models/model2vec-test-fixture"));
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.error().message;
  EXPECT_EQ(tokenizer->vocab_size(), 29528u);
  EXPECT_FALSE(tokenizer->tokenize("attention is all you need").empty());
}

TEST(WordPieceTokenizer, ADirectoryWithoutVocabularyNamesWhatIsMissing) {
  testing::TempDir dir;
  auto tokenizer = WordPieceTokenizer::load(dir.path());
  ASSERT_FALSE(tokenizer.ok());
  EXPECT_NE(tokenizer.error().message.find("neither tokenizer.json nor vocab.txt"),
            std::string::npos);
}

TEST(WordPieceTokenizer, ANonWordPieceTokenizerIsRefusedByName) {
  testing::TempDir dir;
  testing::write_file(dir / "tokenizer.json", R"({"model": {"type": "BPE", "vocab": {}}})");
  auto tokenizer = WordPieceTokenizer::load(dir.path());
  ASSERT_FALSE(tokenizer.ok());
  EXPECT_NE(tokenizer.error().message.find("tokenizer.json"), std::string::npos);
  EXPECT_NE(tokenizer.error().message.find("BPE"), std::string::npos);
}

}  // namespace
}  // namespace paperboy
