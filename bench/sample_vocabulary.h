// The bundled sample's vocabulary, for benchmarks that generate papers: every word of every
// title and abstract (so sampling follows the observed frequencies) and every author name.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Vocabulary {
  std::vector<std::string>
      words;  // every token of every title and abstract, so sampling follows frequency
  std::vector<std::string> authors;
};

Vocabulary load_vocabulary(const std::filesystem::path& sample_dir) {
  Vocabulary vocabulary;
  for (const auto& entry : std::filesystem::directory_iterator(sample_dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    for (const auto& item : nlohmann::json::parse(in)) {
      const auto& paper = item["paper"];
      std::istringstream text(paper.value("title", "") + " " + paper.value("summary", ""));
      for (std::string word; text >> word;) vocabulary.words.push_back(word);
      for (const auto& author : paper["authors"])
        vocabulary.authors.push_back(author.value("name", ""));
    }
  }
  return vocabulary;
}

std::string words(const Vocabulary& v, std::mt19937_64& rng, int count) {
  std::uniform_int_distribution<size_t> pick(0, v.words.size() - 1);
  std::string out;
  for (int i = 0; i < count; ++i) out += (i ? " " : "") + v.words[pick(rng)];
  return out;
}

}  // namespace
