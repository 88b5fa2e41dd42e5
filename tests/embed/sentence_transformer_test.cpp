// The C++ forward pass against PyTorch: make_tiny_bert.py writes a random 2-layer BERT and the
// vectors torch.nn.TransformerEncoderLayer gives for a few texts.
#include "embed/sentence_transformer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

void make_tiny_bert(const fs::path& dir, const std::string& pooling) {
  std::string command = "/usr/bin/python3 " + std::string(PAPERBOY_SOURCE_DIR) +
                        "/tests/embed/make_tiny_bert.py " + dir.string() + " " + pooling;
  ASSERT_EQ(std::system(command.c_str()), 0)
      << command << " failed (Debian's python3-torch is needed)";
}

void expect_matches_torch(const std::string& pooling) {
  testing::TempDir dir;
  make_tiny_bert(dir.path(), pooling);
  auto model = SentenceTransformer::load(dir.path(), "tiny");
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_EQ((*model)->info().dimension, 32u);
  auto reference = nlohmann::json::parse(testing::read_file(dir / "reference.json"));
  auto texts = reference["texts"].get<std::vector<std::string>>();
  // All texts in one call: different lengths share padded batches.
  std::vector<float> vectors = (*model)->embed_texts(texts);
  ASSERT_EQ(vectors.size(), texts.size() * 32);
  for (size_t i = 0; i < texts.size(); ++i) {
    auto expected = reference["vectors"][i].get<std::vector<float>>();
    for (size_t j = 0; j < 32; ++j) {
      EXPECT_NEAR(vectors[i * 32 + j], expected[j], 1e-4) << "text " << i << " dimension " << j;
    }
  }
  // One at a time gives the same vectors as a batch.
  std::vector<float> alone = (*model)->embed_texts(std::span<const std::string>(&texts[1], 1));
  for (size_t j = 0; j < 32; ++j) EXPECT_NEAR(alone[j], vectors[32 + j], 1e-5);
}

TEST(SentenceTransformer, MeanPoolingMatchesPyTorch) { expect_matches_torch("mean"); }
TEST(SentenceTransformer, ClsPoolingMatchesPyTorch) { expect_matches_torch("cls"); }

TEST(SentenceTransformer, PrefixesAndDocumentFormatComeFromConfiguration) {
  testing::TempDir dir;
  make_tiny_bert(dir.path(), "mean");
  testing::write_file(
      dir / "paperboy.json",
      R"({"query_prefix": "query: ", "document_prefix": "passage: ", "document_format": "{title}{sep}{abstract}"})");
  auto settings = read_sentence_transformer_settings(dir.path());
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->query_prefix, "query: ");
  EXPECT_EQ(settings->max_seq_length, 48u);
  auto model = SentenceTransformer::load(dir.path(), "tiny");
  ASSERT_TRUE(model.ok());
  DocumentText doc{"graph neural networks", "attention over long sequences"};
  std::vector<float> as_document = (*model)->embed_documents(std::span(&doc, 1)).value();
  std::string same_text = "passage: graph neural networks [SEP] attention over long sequences";
  std::vector<float> by_hand = (*model)->embed_texts(std::span<const std::string>(&same_text, 1));
  EXPECT_EQ(as_document, by_hand);
}

TEST(SentenceTransformer, PromptsFromSentenceTransformersConfigAreUsed) {
  testing::TempDir dir;
  make_tiny_bert(dir.path(), "cls");
  testing::write_file(
      dir / "config_sentence_transformers.json",
      R"({"prompts": {"query": "Represent this sentence for searching relevant passages: ", "document": ""}})");
  auto settings = read_sentence_transformer_settings(dir.path());
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->query_prefix, "Represent this sentence for searching relevant passages: ");
  EXPECT_EQ(settings->pooling, Pooling::cls);
}

class BadModelDirectory : public ::testing::Test {
 protected:
  void SetUp() override { make_tiny_bert(dir_.path(), "mean"); }
  std::string load_error() {
    auto model = SentenceTransformer::load(dir_.path(), "tiny");
    return model.ok() ? std::string("(loaded)") : model.error().message;
  }
  void edit_config(const std::string& key, const nlohmann::json& value) {
    auto config = nlohmann::json::parse(testing::read_file(dir_ / "config.json"));
    config[key] = value;
    testing::write_file(dir_ / "config.json", config.dump());
  }
  testing::TempDir dir_;
};

TEST_F(BadModelDirectory, MissingWeightsFileIsNamed) {
  fs::remove(dir_ / "model.safetensors");
  EXPECT_NE(load_error().find("model.safetensors: missing"), std::string::npos) << load_error();
}

TEST_F(BadModelDirectory, MissingConfigIsNamed) {
  fs::remove(dir_ / "config.json");
  EXPECT_NE(load_error().find("config.json: missing"), std::string::npos) << load_error();
}

TEST_F(BadModelDirectory, MissingVocabularyIsNamed) {
  fs::remove(dir_ / "vocab.txt");
  EXPECT_NE(load_error().find("neither tokenizer.json nor vocab.txt"), std::string::npos)
      << load_error();
}

TEST_F(BadModelDirectory, WrongTensorShapeNamesTheTensorAndBothShapes) {
  edit_config("intermediate_size", 48);
  std::string error = load_error();
  EXPECT_NE(error.find("encoder.layer.0.intermediate.dense.weight"), std::string::npos) << error;
  EXPECT_NE(error.find("[64, 32]"), std::string::npos) << error;
  EXPECT_NE(error.find("[48, 32]"), std::string::npos) << error;
}

TEST_F(BadModelDirectory, TruncatedWeightsAreRefused) {
  std::string raw = testing::read_file(dir_ / "model.safetensors");
  testing::write_file(dir_ / "model.safetensors", raw.substr(0, raw.size() - 100));
  std::string error = load_error();
  EXPECT_NE(error.find("model.safetensors"), std::string::npos) << error;
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST_F(BadModelDirectory, UnknownArchitectureIsRefusedByName) {
  edit_config("model_type", "roberta");
  std::string error = load_error();
  EXPECT_NE(error.find("config.json: unknown architecture"), std::string::npos) << error;
  EXPECT_NE(error.find("roberta"), std::string::npos) << error;
}

TEST_F(BadModelDirectory, UnsupportedModuleIsNamed) {
  testing::write_file(dir_ / "modules.json",
                      R"([{"path": "", "type": "sentence_transformers.models.Transformer"},
                          {"path": "2_Dense", "type": "sentence_transformers.models.Dense"}])");
  std::string error = load_error();
  EXPECT_NE(error.find("modules.json"), std::string::npos) << error;
  EXPECT_NE(error.find("Dense"), std::string::npos) << error;
}

}  // namespace
}  // namespace paperboy
