// BERT's uncased WordPiece tokenizer, as Hugging Face `tokenizers` runs it for
// sentence-transformers models: BertNormalizer (clean text, space around CJK, strip accents, lower
// case), BertPreTokenizer (split on white space and punctuation), greedy longest-match WordPiece
// with "##" continuations. Loaded from a model's tokenizer.json, or its vocab.txt when that is all
// it has.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct TokenizerSettings {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  bool strip_accents = true;
  bool lowercase = true;
  std::string continuing_prefix = "##";
  size_t max_input_chars_per_word = 100;
  std::string unk_token = "[UNK]";
  std::string cls_token = "[CLS]";
  std::string sep_token = "[SEP]";
  std::string pad_token = "[PAD]";
  // Written in a text ("title [SEP] abstract"), these stand for themselves, not for words.
  std::vector<std::string> special_tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
};

class WordPieceTokenizer {
 public:
  // tokenizer.json when the directory has one, else vocab.txt (+ tokenizer_config.json's
  // do_lower_case). Errors name the file and what in it is unsupported.
  static Result<WordPieceTokenizer> load(const std::filesystem::path& model_dir);
  static Result<WordPieceTokenizer> from_tokenizer_json(const std::filesystem::path& file);
  static Result<WordPieceTokenizer> from_vocab_txt(const std::filesystem::path& file,
                                                   TokenizerSettings settings);

  // The word pieces of `text`, without [CLS]/[SEP].
  std::vector<std::string> tokenize(std::string_view text) const;
  // [CLS] pieces… [SEP] as ids, the pieces cut so that the whole is at most `max_length` ids.
  std::vector<int32_t> encode(std::string_view text, size_t max_length) const;
  int32_t id_of(const std::string& piece) const;

  int32_t cls_id() const { return cls_id_; }
  int32_t sep_id() const { return sep_id_; }
  int32_t pad_id() const { return pad_id_; }
  const std::string& sep_token() const { return settings_.sep_token; }
  size_t vocab_size() const { return vocab_.size(); }

 private:
  static Result<WordPieceTokenizer> make(std::unordered_map<std::string, int32_t> vocab,
                                         TokenizerSettings settings,
                                         const std::filesystem::path& file);
  std::u32string normalise(std::string_view text) const;
  void tokenize_plain(std::string_view text, std::vector<std::string>& pieces) const;
  void split_word(const std::u32string& word, std::vector<std::string>& out) const;

  TokenizerSettings settings_;
  std::unordered_map<std::string, int32_t> vocab_;
  int32_t unk_id_ = 0, cls_id_ = 0, sep_id_ = 0, pad_id_ = 0;
};

}  // namespace paperboy
