// bench/embed: embedding throughput on this machine.
//  1. The transformer forward pass on a MiniLM-shaped model (BERT, 6 layers, width 384, 12 heads,
//     feed-forward 1536, the real all-MiniLM-L6-v2 tokenizer) with random weights, documents of
//     256 tokens: documents/s, median of 3 runs.
//  2. The built-in model: training time on N generated papers (Zipf-distributed words, 10-word
//     titles, 150-word abstracts) and documents/s embedding them.
// usage: bench_embed [transformer documents=256] [builtin papers=200000]
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "embed/blas_kernels.h"
#include "embed/lsa_training.h"
#include "embed/sentence_transformer.h"

namespace fs = std::filesystem;
using namespace paperboy;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void write_minilm_shaped_model(const fs::path& dir) {
  fs::create_directories(dir / "1_Pooling");
  const fs::path tokenizer = fs::path(PAPERBOY_FIXTURES) / "models/all-MiniLM-L6-v2-tokenizer";
  fs::copy_file(tokenizer / "tokenizer.json", dir / "tokenizer.json",
                fs::copy_options::overwrite_existing);
  fs::copy_file(tokenizer / "config.json", dir / "config.json",
                fs::copy_options::overwrite_existing);
  std::ofstream(dir / "1_Pooling/config.json") << R"({"pooling_mode_mean_tokens": true})";
  std::ofstream(dir / "sentence_bert_config.json") << R"({"max_seq_length": 256})";
  const int64_t h = 384, inner = 1536, vocab = 30522;
  std::vector<std::pair<std::string, std::vector<int64_t>>> tensors = {
      {"embeddings.word_embeddings.weight", {vocab, h}},
      {"embeddings.position_embeddings.weight", {512, h}},
      {"embeddings.token_type_embeddings.weight", {2, h}},
      {"embeddings.LayerNorm.weight", {h}},
      {"embeddings.LayerNorm.bias", {h}}};
  for (int l = 0; l < 6; ++l) {
    std::string at = fmt::format("encoder.layer.{}.", l);
    for (const char* p : {"attention.self.query", "attention.self.key", "attention.self.value",
                          "attention.output.dense"}) {
      tensors.push_back({at + p + ".weight", {h, h}});
      tensors.push_back({at + p + ".bias", {h}});
    }
    tensors.push_back({at + "attention.output.LayerNorm.weight", {h}});
    tensors.push_back({at + "attention.output.LayerNorm.bias", {h}});
    tensors.push_back({at + "intermediate.dense.weight", {inner, h}});
    tensors.push_back({at + "intermediate.dense.bias", {inner}});
    tensors.push_back({at + "output.dense.weight", {h, inner}});
    tensors.push_back({at + "output.dense.bias", {h}});
    tensors.push_back({at + "output.LayerNorm.weight", {h}});
    tensors.push_back({at + "output.LayerNorm.bias", {h}});
  }
  nlohmann::json header = nlohmann::json::object();
  size_t offset = 0;
  for (const auto& [name, shape] : tensors) {
    size_t n = 1;
    for (int64_t d : shape) n *= static_cast<size_t>(d);
    header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + n * 4}}};
    offset += n * 4;
  }
  std::string text = header.dump();
  uint64_t length = text.size();
  std::ofstream out(dir / "model.safetensors", std::ios::binary);
  out.write(reinterpret_cast<const char*>(&length), 8);
  out << text;
  std::mt19937 random(1);
  std::normal_distribution<float> gaussian(0.0f, 0.05f);
  std::vector<float> chunk(1 << 16);
  for (size_t left = offset / 4; left > 0;) {
    size_t n = std::min(left, chunk.size());
    for (size_t i = 0; i < n; ++i) chunk[i] = gaussian(random);
    out.write(reinterpret_cast<const char*>(chunk.data()), static_cast<std::streamsize>(n * 4));
    left -= n;
  }
}

std::vector<std::string> zipf_words(size_t count) {
  std::vector<std::string> words;
  std::mt19937 random(7);
  const char* letters = "abcdefghijklmnopqrstuvwxyz";
  for (size_t i = 0; i < count; ++i) {
    std::string w;
    for (int k = 0; k < 4 + static_cast<int>(i % 6); ++k) w += letters[random() % 26];
    words.push_back(w);
  }
  return words;
}

}  // namespace

int main(int argc, char** argv) {
  paperboy::use_best_blas_kernels(argv);  // as paperboy itself does
  const size_t documents = argc > 1 ? std::stoul(argv[1]) : 256;
  const size_t papers = argc > 2 ? std::stoul(argv[2]) : 200'000;
  fmt::print("machine: {} hardware threads; OpenBLAS kernels {}\n",
             std::thread::hardware_concurrency(), paperboy::blas_kernels());

  // 1. Transformer.
  const fs::path dir = fs::temp_directory_path() / "paperboy-bench-minilm";
  write_minilm_shaped_model(dir);
  auto model = SentenceTransformer::load(dir, "minilm-shaped-random");
  if (!model) {
    fmt::print(stderr, "{}\n", model.error().message);
    return 1;
  }
  std::vector<std::string> vocabulary = zipf_words(5000);
  std::mt19937 random(3);
  std::vector<std::string> texts;
  for (size_t d = 0; d < documents; ++d) {
    std::string text;
    for (int w = 0; w < 400; ++w)
      text += vocabulary[random() % vocabulary.size()] + " ";  // > 256 tokens, truncated
    texts.push_back(text);
  }
  std::vector<double> runs;
  for (int r = 0; r < 3; ++r) {
    auto start = std::chrono::steady_clock::now();
    auto vectors = (*model)->embed_texts(texts);
    runs.push_back(seconds_since(start));
  }
  std::sort(runs.begin(), runs.end());
  fmt::print("transformer: {} ({} documents of 256 tokens, batches of 16, 3 runs)\n",
             (*model)->info().description, documents);
  fmt::print("  median {:.2f} s ({:.2f}–{:.2f}): {:.1f} documents/s\n", runs[1], runs[0], runs[2],
             documents / runs[1]);
  fs::remove_all(dir);

  // 2. Built-in model.
  std::vector<std::string> words = zipf_words(60'000);
  std::vector<double> weights(words.size());
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  std::discrete_distribution<size_t> zipf(weights.begin(), weights.end());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::string>> corpus;
  corpus.reserve(papers);
  for (size_t p = 0; p < papers; ++p) {
    std::string title, abstract;
    for (int w = 0; w < 10; ++w) title += words[zipf(random)] + " ";
    for (int w = 0; w < 150; ++w) abstract += words[zipf(random)] + " ";
    corpus.emplace_back(std::move(title), std::move(abstract));
  }
  fmt::print(
      "built-in model: {} generated papers (10 + 150 Zipf words from 60,000), made in {:.1f} s\n",
      papers, seconds_since(start));
  start = std::chrono::steady_clock::now();
  LsaTrainer trainer;
  for (const auto& [title, abstract] : corpus) trainer.add_document(title, abstract);
  const double reading = seconds_since(start);
  LsaSettings settings;
  auto lsa = trainer.train(settings);
  const double training = seconds_since(start);
  if (!lsa) {
    fmt::print(stderr, "{}\n", lsa.error().message);
    return 1;
  }
  std::vector<DocumentText> docs;
  for (const auto& [title, abstract] : corpus) docs.push_back({title, abstract});
  start = std::chrono::steady_clock::now();
  auto vectors = (*lsa)->embed_documents(docs).value();
  const double embedding = seconds_since(start);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print(
      "  {}: training {:.1f} s (of which reading and tokenizing {:.1f} s), embedding {:.0f} "
      "documents/s, "
      "peak RSS {:.0f} MiB\n",
      (*lsa)->info().description, training, reading, papers / embedding, usage.ru_maxrss / 1024.0);
  return 0;
}
