// The BERT encoder of a Hugging Face checkpoint (config.json + model.safetensors), run on the
// CPU: embeddings, then per layer self-attention and a GELU feed-forward, each followed by a
// residual and LayerNorm (post-norm). Matrix products go to OpenBLAS's sgemm.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct BertConfig {
  int64_t vocab_size = 0;
  int64_t hidden_size = 0;
  int64_t layers = 0;
  int64_t heads = 0;
  int64_t intermediate_size = 0;
  int64_t max_positions = 0;
  int64_t type_vocab_size = 2;
  float layer_norm_eps = 1e-12f;
};

// Reads config.json; a model that is not a BERT (model_type, activation, position embedding
// type) is refused with the file and the field named.
Result<BertConfig> read_bert_config(const std::filesystem::path& file);

class BertEncoder {
 public:
  // Every tensor is checked against the config's shapes before any is used.
  static Result<BertEncoder> load(const std::filesystem::path& model_dir);

  // The last layer's hidden states for each sequence: sequences[i] has lengths[i] tokens and
  // its states are rows [i * max_len, i * max_len + lengths[i]) of the result, `hidden_size` wide.
  // Rows past a sequence's length are zero. Thread-safe (all state is local).
  std::vector<float> encode(std::span<const std::vector<int32_t>> sequences, size_t max_len) const;

  const BertConfig& config() const { return config_; }

 private:
  struct LayerNorm {
    std::vector<float> gamma, beta;
  };
  struct Layer {
    std::vector<float> qkv_weight, qkv_bias;  // query, key, value stacked: [3H, H]
    std::vector<float> attention_out_weight, attention_out_bias;
    LayerNorm attention_norm;
    std::vector<float> intermediate_weight, intermediate_bias;
    std::vector<float> output_weight, output_bias;
    LayerNorm output_norm;
  };

  void layer_norm(std::span<float> rows, const LayerNorm& norm) const;
  void attention(const Layer& layer, std::span<const float> qkv, std::span<const size_t> lengths,
                 size_t max_len, std::span<float> context) const;

  BertConfig config_;
  std::vector<float> word_embeddings_, position_embeddings_, token_type_embeddings_;
  LayerNorm embedding_norm_;
  std::vector<Layer> layers_;
};

}  // namespace paperboy
