#include "embed/bert_encoder.h"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "embed/dense_kernels.h"
#include "embed/safetensors_file.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

// out[M, N] = in[M, K] · weight[N, K]ᵀ (+ bias[N] unless told otherwise): PyTorch's Linear layout.
void linear(std::span<const float> in, size_t m, size_t k, const std::vector<float>& weight,
            const std::vector<float>& bias, std::span<float> out, bool add_bias = true) {
  const size_t n = bias.size();
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), 1.0f, in.data(), static_cast<int>(k), weight.data(),
              static_cast<int>(k), 0.0f, out.data(), static_cast<int>(n));
  if (add_bias) kernels::add_bias(out.data(), m, n, bias.data());
}

}  // namespace

Result<BertConfig> read_bert_config(const fs::path& file) {
  std::ifstream in(file);
  if (!in)
    return Error{
        fmt::format("{}: missing (every transformer model has a config.json)", file.string())};
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{fmt::format("{}: not valid JSON", file.string())};
  std::string type = doc.value("model_type", "");
  if (type != "bert") {
    return Error{
        fmt::format("{}: unknown architecture: model_type \"{}\" (paperboy runs BERT encoders: "
                    "MiniLM, bge, e5, SPECTER2 and the like)",
                    file.string(), type)};
  }
  if (doc.value("hidden_act", "gelu") != "gelu") {
    return Error{fmt::format("{}: hidden_act \"{}\" is not supported (gelu is)", file.string(),
                             doc.value("hidden_act", ""))};
  }
  if (doc.value("position_embedding_type", "absolute") != "absolute") {
    return Error{fmt::format("{}: position_embedding_type \"{}\" is not supported (absolute is)",
                             file.string(), doc.value("position_embedding_type", ""))};
  }
  BertConfig config;
  try {
    config.vocab_size = doc.at("vocab_size");
    config.hidden_size = doc.at("hidden_size");
    config.layers = doc.at("num_hidden_layers");
    config.heads = doc.at("num_attention_heads");
    config.intermediate_size = doc.at("intermediate_size");
    config.max_positions = doc.value("max_position_embeddings", int64_t{512});
    config.type_vocab_size = doc.value("type_vocab_size", int64_t{2});
    config.layer_norm_eps = doc.value("layer_norm_eps", 1e-12f);
  } catch (const nlohmann::json::exception& e) {
    return Error{fmt::format("{}: {}", file.string(), e.what())};
  }
  if (config.hidden_size <= 0 || config.heads <= 0 || config.hidden_size % config.heads != 0 ||
      config.layers <= 0 || config.vocab_size <= 0 || config.intermediate_size <= 0 ||
      config.max_positions <= 0) {
    return Error{
        fmt::format("{}: sizes do not make a BERT (hidden_size {} over {} heads, {} layers)",
                    file.string(), config.hidden_size, config.heads, config.layers)};
  }
  return config;
}

Result<BertEncoder> BertEncoder::load(const fs::path& model_dir) {
  auto config = read_bert_config(model_dir / "config.json");
  if (!config) return config.error();
  const fs::path weights_file = model_dir / "model.safetensors";
  if (!fs::exists(weights_file)) {
    return Error{
        fmt::format("{}: missing (paperboy reads safetensors weights, not pytorch_model.bin)",
                    weights_file.string())};
  }
  auto weights = SafetensorsFile::open(weights_file);
  if (!weights) return weights.error();

  // Checkpoints saved from BertModel have bare names; some saved from a task model say "bert.".
  std::string prefix = weights->contains("embeddings.word_embeddings.weight")        ? ""
                       : weights->contains("bert.embeddings.word_embeddings.weight") ? "bert."
                                                                                     : "";
  BertEncoder encoder;
  encoder.config_ = *config;
  const int64_t h = config->hidden_size;
  const int64_t inner = config->intermediate_size;
  Status failed;
  auto read = [&](const std::string& name, std::vector<int64_t> shape) {
    std::vector<float> out;
    if (!failed.ok()) return out;
    auto tensor = weights->read_f32(prefix + name, shape);
    if (!tensor) {
      failed = tensor.error();
      return out;
    }
    return std::move(*tensor);
  };
  // Old TensorFlow-converted checkpoints call LayerNorm's parameters gamma and beta.
  auto read_norm = [&](const std::string& name) {
    bool old_names = weights->contains(prefix + name + ".gamma");
    LayerNorm norm;
    norm.gamma = read(name + (old_names ? ".gamma" : ".weight"), {h});
    norm.beta = read(name + (old_names ? ".beta" : ".bias"), {h});
    return norm;
  };
  encoder.word_embeddings_ = read("embeddings.word_embeddings.weight", {config->vocab_size, h});
  encoder.position_embeddings_ =
      read("embeddings.position_embeddings.weight", {config->max_positions, h});
  encoder.token_type_embeddings_ =
      read("embeddings.token_type_embeddings.weight", {config->type_vocab_size, h});
  encoder.embedding_norm_ = read_norm("embeddings.LayerNorm");
  for (int64_t i = 0; i < config->layers && failed.ok(); ++i) {
    const std::string at = fmt::format("encoder.layer.{}.", i);
    Layer layer;
    for (const char* part : {"query", "key", "value"}) {
      auto w = read(at + "attention.self." + part + ".weight", {h, h});
      auto b = read(at + "attention.self." + part + ".bias", {h});
      layer.qkv_weight.insert(layer.qkv_weight.end(), w.begin(), w.end());
      layer.qkv_bias.insert(layer.qkv_bias.end(), b.begin(), b.end());
    }
    layer.attention_out_weight = read(at + "attention.output.dense.weight", {h, h});
    layer.attention_out_bias = read(at + "attention.output.dense.bias", {h});
    layer.attention_norm = read_norm(at + "attention.output.LayerNorm");
    layer.intermediate_weight = read(at + "intermediate.dense.weight", {inner, h});
    layer.intermediate_bias = read(at + "intermediate.dense.bias", {inner});
    layer.output_weight = read(at + "output.dense.weight", {h, inner});
    layer.output_bias = read(at + "output.dense.bias", {h});
    layer.output_norm = read_norm(at + "output.LayerNorm");
    encoder.layers_.push_back(std::move(layer));
  }
  if (!failed.ok()) return failed.error();
  return encoder;
}

void BertEncoder::layer_norm(std::span<float> rows, const LayerNorm& norm) const {
  const size_t h = static_cast<size_t>(config_.hidden_size);
  kernels::layer_norm_rows(rows.data(), rows.size() / h, h, norm.gamma.data(), norm.beta.data(),
                           config_.layer_norm_eps);
}

void BertEncoder::attention(const Layer&, std::span<const float> qkv,
                            std::span<const size_t> lengths, size_t max_len,
                            std::span<float> context) const {
  const size_t h = static_cast<size_t>(config_.hidden_size);
  const size_t heads = static_cast<size_t>(config_.heads);
  const size_t d = h / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  std::vector<float> scores(max_len * max_len);
  for (size_t b = 0; b < lengths.size(); ++b) {
    // Padding never enters: only the sequence's own tokens attend and are attended to.
    const int n = static_cast<int>(lengths[b]);
    const float* base = qkv.data() + b * max_len * 3 * h;
    for (size_t head = 0; head < heads; ++head) {
      const float* q = base + head * d;
      const float* k = base + h + head * d;
      const float* v = base + 2 * h + head * d;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, static_cast<int>(d), scale, q,
                  static_cast<int>(3 * h), k, static_cast<int>(3 * h), 0.0f, scores.data(), n);
      kernels::softmax_rows(scores.data(), static_cast<size_t>(n), static_cast<size_t>(n));
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, static_cast<int>(d), n, 1.0f,
                  scores.data(), n, v, static_cast<int>(3 * h), 0.0f,
                  context.data() + b * max_len * h + head * d, static_cast<int>(h));
    }
  }
}

std::vector<float> BertEncoder::encode(std::span<const std::vector<int32_t>> sequences,
                                       size_t max_len) const {
  const size_t h = static_cast<size_t>(config_.hidden_size);
  const size_t inner = static_cast<size_t>(config_.intermediate_size);
  const size_t rows = sequences.size() * max_len;
  std::vector<size_t> lengths;
  std::vector<float> x(rows * h, 0.0f);
  for (size_t b = 0; b < sequences.size(); ++b) {
    const size_t n =
        std::min({sequences[b].size(), max_len, static_cast<size_t>(config_.max_positions)});
    lengths.push_back(n);
    for (size_t t = 0; t < n; ++t) {
      int32_t id = sequences[b][t];
      if (id < 0 || id >= config_.vocab_size) id = 0;
      float* out = x.data() + (b * max_len + t) * h;
      const float* word = word_embeddings_.data() + static_cast<size_t>(id) * h;
      const float* position = position_embeddings_.data() + t * h;
      const float* type = token_type_embeddings_.data();  // one segment: type 0
      for (size_t j = 0; j < h; ++j) out[j] = word[j] + position[j] + type[j];
    }
  }
  layer_norm(x, embedding_norm_);

  std::vector<float> qkv(rows * 3 * h), context(rows * h), projected(rows * h),
      hidden(rows * inner);
  for (const Layer& layer : layers_) {
    linear(x, rows, h, layer.qkv_weight, layer.qkv_bias, qkv);
    std::fill(context.begin(), context.end(), 0.0f);
    attention(layer, qkv, lengths, max_len, context);
    linear(context, rows, h, layer.attention_out_weight, layer.attention_out_bias, projected);
    kernels::add_to(x.data(), projected.data(), x.size());
    layer_norm(x, layer.attention_norm);
    linear(x, rows, h, layer.intermediate_weight, layer.intermediate_bias, hidden,
           /*add_bias=*/false);
    kernels::add_bias_gelu(hidden.data(), rows, inner,
                           layer.intermediate_bias.data());  // one pass for both
    linear(hidden, rows, inner, layer.output_weight, layer.output_bias, projected);
    kernels::add_to(x.data(), projected.data(), x.size());
    layer_norm(x, layer.output_norm);
  }
  for (size_t b = 0; b < sequences.size(); ++b) {
    std::fill(x.begin() + static_cast<std::ptrdiff_t>((b * max_len + lengths[b]) * h),
              x.begin() + static_cast<std::ptrdiff_t>((b + 1) * max_len * h), 0.0f);
  }
  return x;
}

}  // namespace paperboy
