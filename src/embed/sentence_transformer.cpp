#include "embed/sentence_transformer.h"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "embed/file_digest.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<json> read_optional_json(const fs::path& file) {
  if (!fs::exists(file)) return json();
  std::ifstream in(file);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{fmt::format("{}: not a JSON object", file.string())};
  return doc;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Result<SentenceTransformerSettings> read_sentence_transformer_settings(const fs::path& dir) {
  SentenceTransformerSettings settings;
  fs::path pooling_dir = dir / "1_Pooling";
  if (fs::exists(dir / "modules.json")) {
    std::ifstream in(dir / "modules.json");
    json list = json::parse(in, nullptr, false);
    if (!list.is_array())
      return Error{fmt::format("{}: not a list of modules", (dir / "modules.json").string())};
    bool has_transformer = false;
    for (const auto& module : list) {
      std::string type = module.value("type", "");
      if (type == "sentence_transformers.models.Transformer") {
        has_transformer = true;
      } else if (type == "sentence_transformers.models.Pooling") {
        pooling_dir = dir / module.value("path", "1_Pooling");
      } else if (type != "sentence_transformers.models.Normalize") {
        return Error{fmt::format(
            "{}: module type \"{}\" is not supported (Transformer, Pooling and Normalize are)",
            (dir / "modules.json").string(), type)};
      }
    }
    if (!has_transformer) {
      return Error{fmt::format("{}: no Transformer module", (dir / "modules.json").string())};
    }
  }
  auto pooling = read_optional_json(pooling_dir / "config.json");
  if (!pooling) return pooling.error();
  if (!pooling->is_null()) {
    if (pooling->value("pooling_mode_cls_token", false)) {
      settings.pooling = Pooling::cls;
    } else if (pooling->value("pooling_mode_mean_tokens", false)) {
      settings.pooling = Pooling::mean;
    } else if (pooling->value("pooling_mode_max_tokens", false)) {
      settings.pooling = Pooling::max;
    } else {
      return Error{
          fmt::format("{}: no supported pooling mode is set (cls_token, mean_tokens, max_tokens)",
                      (pooling_dir / "config.json").string())};
    }
  }
  auto bert_config = read_optional_json(dir / "sentence_bert_config.json");
  if (!bert_config) return bert_config.error();
  if (bert_config->contains("max_seq_length") &&
      (*bert_config)["max_seq_length"].is_number_integer()) {
    settings.max_seq_length = (*bert_config)["max_seq_length"];
  } else {
    settings.max_seq_length = 512;
  }
  // sentence-transformers ≥ 2.4 keeps prompts here; older models say them only on the model card.
  auto st_config = read_optional_json(dir / "config_sentence_transformers.json");
  if (!st_config) return st_config.error();
  if (st_config->contains("prompts") && (*st_config)["prompts"].is_object()) {
    const json& prompts = (*st_config)["prompts"];
    settings.query_prefix = prompts.value("query", "");
    for (const char* name : {"document", "passage", "corpus"}) {
      if (prompts.contains(name)) settings.document_prefix = prompts.value(name, "");
    }
  }
  auto ours = read_optional_json(dir / "paperboy.json");
  if (!ours) return ours.error();
  if (!ours->is_null()) {
    settings.query_prefix = ours->value("query_prefix", settings.query_prefix);
    settings.document_prefix = ours->value("document_prefix", settings.document_prefix);
    settings.document_format = ours->value("document_format", settings.document_format);
  }
  return settings;
}

Result<std::unique_ptr<SentenceTransformer>> SentenceTransformer::load(const fs::path& dir,
                                                                       const std::string& name) {
  auto settings = read_sentence_transformer_settings(dir);
  if (!settings) return settings.error();
  auto tokenizer = WordPieceTokenizer::load(dir);
  if (!tokenizer) return tokenizer.error();
  auto encoder = BertEncoder::load(dir);
  if (!encoder) return encoder.error();
  if (tokenizer->vocab_size() > static_cast<size_t>(encoder->config().vocab_size)) {
    return Error{fmt::format("{}: the tokenizer has {} entries but the model only {} embeddings",
                             dir.string(), tokenizer->vocab_size(), encoder->config().vocab_size)};
  }
  openblas_set_num_threads(1);
  auto digest = file_digest(dir / "model.safetensors");
  if (!digest) return digest.error();
  settings->max_seq_length =
      std::min<size_t>(settings->max_seq_length, encoder->config().max_positions);
  std::unique_ptr<SentenceTransformer> model(
      new SentenceTransformer(std::move(*tokenizer), std::move(*encoder), std::move(*settings)));
  model->info_.dimension = static_cast<size_t>(model->encoder_.config().hidden_size);
  model->info_.id = fmt::format("{}@{}", name, digest->substr(0, 16));
  model->info_.description =
      fmt::format("{} (BERT, {} layers, {} dimensions, {} pooling, {} tokens)", name,
                  model->encoder_.config().layers, model->info_.dimension,
                  model->settings_.pooling == Pooling::cls    ? "CLS"
                  : model->settings_.pooling == Pooling::mean ? "mean"
                                                              : "max",
                  model->settings_.max_seq_length);
  return model;
}

void SentenceTransformer::embed_batch(std::span<const std::vector<int32_t>> sequences,
                                      std::span<float> out) const {
  size_t max_len = 0;
  for (const auto& s : sequences) max_len = std::max(max_len, s.size());
  const size_t h = info_.dimension;
  std::vector<float> states = encoder_.encode(sequences, max_len);
  for (size_t b = 0; b < sequences.size(); ++b) {
    float* pooled = out.data() + b * h;
    const float* first = states.data() + b * max_len * h;
    const size_t n = std::max<size_t>(1, sequences[b].size());
    if (settings_.pooling == Pooling::cls) {
      std::copy(first, first + h, pooled);
    } else if (settings_.pooling == Pooling::mean) {
      std::fill(pooled, pooled + h, 0.0f);
      for (size_t t = 0; t < n; ++t)
        for (size_t j = 0; j < h; ++j) pooled[j] += first[t * h + j];
      for (size_t j = 0; j < h; ++j) pooled[j] /= static_cast<float>(n);
    } else {
      std::copy(first, first + h, pooled);
      for (size_t t = 1; t < n; ++t)
        for (size_t j = 0; j < h; ++j) pooled[j] = std::max(pooled[j], first[t * h + j]);
    }
  }
}

std::vector<float> SentenceTransformer::embed_texts(std::span<const std::string> texts) const {
  std::vector<std::vector<int32_t>> sequences;
  sequences.reserve(texts.size());
  for (const auto& text : texts)
    sequences.push_back(tokenizer_.encode(text, settings_.max_seq_length));
  // Batches of similar lengths waste little on padding.
  std::vector<size_t> order(texts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sequences[a].size() < sequences[b].size(); });
  constexpr size_t kBatch = 16;
  const size_t h = info_.dimension;
  std::vector<float> out(texts.size() * h);
  std::vector<size_t> batch_starts;
  for (size_t start = 0; start < order.size(); start += kBatch) batch_starts.push_back(start);
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::vector<std::vector<int32_t>> batch;
    std::vector<float> pooled;
    for (size_t i; (i = next.fetch_add(1)) < batch_starts.size();) {
      const size_t start = batch_starts[i], end = std::min(order.size(), start + kBatch);
      batch.clear();
      for (size_t k = start; k < end; ++k) batch.push_back(std::move(sequences[order[k]]));
      pooled.assign(batch.size() * h, 0.0f);
      embed_batch(batch, pooled);
      for (size_t k = start; k < end; ++k) {
        std::copy_n(pooled.begin() + static_cast<std::ptrdiff_t>((k - start) * h), h,
                    out.begin() + static_cast<std::ptrdiff_t>(order[k] * h));
      }
    }
  };
  // Whole batches per core, each sgemm on one thread (set in load): attention's many small
  // products gain nothing from OpenBLAS's own threads, and two batches keep both cores busy.
  const size_t workers =
      std::min<size_t>(batch_starts.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  normalise_rows(out, h);
  return out;
}

Result<std::vector<float>> SentenceTransformer::embed_documents(
    std::span<const DocumentText> docs) const {
  std::vector<std::string> texts;
  texts.reserve(docs.size());
  for (const auto& doc : docs) {
    std::string text = settings_.document_format;
    // Marker bytes first, so braces inside a title or abstract are never read as fields.
    replace_all(text, "{sep}", "\x01");
    replace_all(text, "{title}", "\x02");
    replace_all(text, "{abstract}", "\x03");
    std::string expanded = settings_.document_prefix;
    for (char c : text) {
      if (c == '\x01')
        expanded += " " + tokenizer_.sep_token() + " ";
      else if (c == '\x02')
        expanded += doc.title;
      else if (c == '\x03')
        expanded += doc.abstract;
      else
        expanded += c;
    }
    texts.push_back(std::move(expanded));
  }
  return embed_texts(texts);
}

Result<std::vector<float>> SentenceTransformer::embed_query(std::string_view query) const {
  std::string text = settings_.query_prefix + std::string(query);
  return embed_texts(std::span<const std::string>(&text, 1));
}

}  // namespace paperboy
