// A sentence-transformers model directory as published on the Hugging Face hub, run as an
// Embedder: modules.json (Transformer → Pooling → optional Normalize), 1_Pooling/config.json
// (CLS, mean or max pooling), sentence_bert_config.json (max_seq_length), prompts from
// config_sentence_transformers.json, and paperboy.json for what the hub files leave to the
// model card (query/document prefixes, how title and abstract are joined).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "embed/bert_encoder.h"
#include "embed/embedder.h"
#include "embed/wordpiece_tokenizer.h"

namespace paperboy {

enum class Pooling { cls, mean, max };

struct SentenceTransformerSettings {
  Pooling pooling = Pooling::mean;
  size_t max_seq_length = 256;
  std::string query_prefix;     // e5: "query: "; bge: "Represent this sentence for searching…: "
  std::string document_prefix;  // e5: "passage: "
  // {title}, {abstract} and {sep} (the tokenizer's separator token, as SPECTER2 wants).
  std::string document_format = "{title}. {abstract}";
};

// Reads the settings files; missing optional files leave defaults, a present but unusable
// one is an error naming it.
Result<SentenceTransformerSettings> read_sentence_transformer_settings(
    const std::filesystem::path& dir);

class SentenceTransformer : public Embedder {
 public:
  // `name` goes into the model id, with a digest of the weights file.
  static Result<std::unique_ptr<SentenceTransformer>> load(const std::filesystem::path& dir,
                                                           const std::string& name);

  const EmbeddingModelInfo& info() const override { return info_; }
  Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const override;
  Result<std::vector<float>> embed_query(std::string_view query) const override;

  // The texts as the model sees them (prefix included), pooled and normalised.
  std::vector<float> embed_texts(std::span<const std::string> texts) const;
  const SentenceTransformerSettings& settings() const { return settings_; }

 private:
  SentenceTransformer(WordPieceTokenizer tokenizer, BertEncoder encoder,
                      SentenceTransformerSettings settings)
      : tokenizer_(std::move(tokenizer)),
        encoder_(std::move(encoder)),
        settings_(std::move(settings)) {}
  void embed_batch(std::span<const std::vector<int32_t>> sequences, std::span<float> out) const;

  WordPieceTokenizer tokenizer_;
  BertEncoder encoder_;
  SentenceTransformerSettings settings_;
  EmbeddingModelInfo info_;
};

}  // namespace paperboy
