#include "embed/wordpiece_tokenizer.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace paperboy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  int32_t i = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    out.push_back(c < 0 ? 0xFFFD
                        : static_cast<char32_t>(c));  // ill-formed bytes: U+FFFD, as Rust does
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  uint8_t buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, 4, static_cast<UChar32>(c), error);
  if (!error) out.append(reinterpret_cast<const char*>(buffer), length);
}

std::string encode_utf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

// Rust's char::is_whitespace (the White_Space property) plus the ASCII controls BERT counts.
bool is_whitespace(char32_t c) { return c == '\t' || c == '\n' || c == '\r' || u_isUWhiteSpace(c); }

// Every general category "C*" (control, format, unassigned, private use, surrogate) except the
// three white-space controls, which become spaces instead.
bool is_control(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_UNASSIGNED:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
      return true;
    default:
      return false;
  }
}

bool is_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
      (c >= 123 && c <= 126)) {
    return true;
  }
  switch (u_charType(c)) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return true;
    default:
      return false;
  }
}

// The CJK Unified Ideographs blocks BERT surrounds with spaces (not Hangul or kana).
bool is_chinese_char(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::u16string to_utf16(const std::u32string& text) {
  std::u16string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c > 0xFFFF) {
      out.push_back(static_cast<char16_t>(U16_LEAD(c)));
      out.push_back(static_cast<char16_t>(U16_TRAIL(c)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
  }
  return out;
}

std::u32string from_utf16(const std::u16string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    UChar32 c;
    U16_NEXT(text.data(), i, text.size(), c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

// NFD, then without the non-spacing marks: "é" → "e".
std::u32string strip_accents(const std::u32string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
  std::u16string source = to_utf16(text);
  std::u16string decomposed(source.size() * 4 + 8, u'\0');
  int32_t length = unorm2_normalize(nfd, reinterpret_cast<const UChar*>(source.data()),
                                    static_cast<int32_t>(source.size()),
                                    reinterpret_cast<UChar*>(decomposed.data()),
                                    static_cast<int32_t>(decomposed.size()), &status);
  if (U_FAILURE(status)) return text;
  decomposed.resize(length);
  std::u32string out;
  for (char32_t c : from_utf16(decomposed)) {
    if (u_charType(c) != U_NON_SPACING_MARK) out.push_back(c);
  }
  return out;
}

// Full Unicode lower-casing (one character may become two, as "İ" does), like Rust's to_lowercase.
std::u32string lowercase(const std::u32string& text) {
  std::u16string source = to_utf16(text);
  std::u16string lowered(source.size() * 3 + 8, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t length =
      u_strToLower(reinterpret_cast<UChar*>(lowered.data()), static_cast<int32_t>(lowered.size()),
                   reinterpret_cast<const UChar*>(source.data()),
                   static_cast<int32_t>(source.size()), "", &status);
  if (U_FAILURE(status)) return text;
  lowered.resize(length);
  return from_utf16(lowered);
}

Result<json> read_json_file(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return Error{fmt::format("{}: cannot read the file", file.string())};
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) return Error{fmt::format("{}: not valid JSON", file.string())};
  return doc;
}

}  // namespace

Result<WordPieceTokenizer> WordPieceTokenizer::make(std::unordered_map<std::string, int32_t> vocab,
                                                    TokenizerSettings settings,
                                                    const fs::path& file) {
  WordPieceTokenizer tokenizer;
  tokenizer.settings_ = std::move(settings);
  tokenizer.vocab_ = std::move(vocab);
  for (auto [token, id] : {std::pair{&tokenizer.settings_.unk_token, &tokenizer.unk_id_},
                           {&tokenizer.settings_.cls_token, &tokenizer.cls_id_},
                           {&tokenizer.settings_.sep_token, &tokenizer.sep_id_},
                           {&tokenizer.settings_.pad_token, &tokenizer.pad_id_}}) {
    auto found = tokenizer.vocab_.find(*token);
    if (found == tokenizer.vocab_.end()) {
      return Error{fmt::format("{}: the vocabulary has no {} token", file.string(), *token)};
    }
    *id = found->second;
  }
  return tokenizer;
}

Result<WordPieceTokenizer> WordPieceTokenizer::load(const fs::path& model_dir) {
  if (fs::exists(model_dir / "tokenizer.json"))
    return from_tokenizer_json(model_dir / "tokenizer.json");
  TokenizerSettings settings;
  if (fs::exists(model_dir / "tokenizer_config.json")) {
    auto config = read_json_file(model_dir / "tokenizer_config.json");
    if (!config) return config.error();
    settings.lowercase = config->value("do_lower_case", true);
    settings.strip_accents =
        config->contains("strip_accents") && (*config)["strip_accents"].is_boolean()
            ? (*config)["strip_accents"].get<bool>()
            : settings.lowercase;
  }
  if (fs::exists(model_dir / "vocab.txt")) return from_vocab_txt(model_dir / "vocab.txt", settings);
  return Error{
      fmt::format("{}: the model has neither tokenizer.json nor vocab.txt", model_dir.string())};
}

Result<WordPieceTokenizer> WordPieceTokenizer::from_vocab_txt(const fs::path& file,
                                                              TokenizerSettings settings) {
  std::ifstream in(file);
  if (!in) return Error{fmt::format("{}: cannot read the file", file.string())};
  std::unordered_map<std::string, int32_t> vocab;
  std::string line;
  for (int32_t id = 0; std::getline(in, line); ++id) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    vocab.emplace(line, id);
  }
  if (vocab.empty()) return Error{fmt::format("{}: the vocabulary is empty", file.string())};
  return make(std::move(vocab), std::move(settings), file);
}

Result<WordPieceTokenizer> WordPieceTokenizer::from_tokenizer_json(const fs::path& file) {
  auto doc = read_json_file(file);
  if (!doc) return doc.error();
  const json& model = (*doc)["model"];
  if (!model.is_object() || model.value("type", "") != "WordPiece" || !model["vocab"].is_object()) {
    return Error{
        fmt::format("{}: only WordPiece tokenizers (BERT family) are supported, this one is \"{}\"",
                    file.string(), model.is_object() ? model.value("type", "?") : "?")};
  }
  TokenizerSettings settings;
  settings.unk_token = model.value("unk_token", settings.unk_token);
  settings.continuing_prefix = model.value("continuing_subword_prefix", settings.continuing_prefix);
  settings.max_input_chars_per_word = model.value("max_input_chars_per_word", size_t{100});
  const json& normalizer = (*doc)["normalizer"];
  if (normalizer.is_object()) {
    if (normalizer.value("type", "") != "BertNormalizer") {
      return Error{fmt::format("{}: normalizer \"{}\" is not supported (BertNormalizer is)",
                               file.string(), normalizer.value("type", "?"))};
    }
    settings.clean_text = normalizer.value("clean_text", true);
    settings.handle_chinese_chars = normalizer.value("handle_chinese_chars", true);
    settings.lowercase = normalizer.value("lowercase", true);
    // Unset means "as lowercase", the rule of the original BERT code.
    settings.strip_accents = normalizer["strip_accents"].is_boolean()
                                 ? normalizer["strip_accents"].get<bool>()
                                 : settings.lowercase;
  }
  const json& post = (*doc)["post_processor"];
  if (post.is_object() && post.contains("special_tokens")) {
    const json& specials = post["special_tokens"];
    if (specials.contains("[CLS]") || specials.contains("<s>")) {
      settings.cls_token = specials.contains("[CLS]") ? "[CLS]" : "<s>";
    }
    if (specials.contains("[SEP]") || specials.contains("</s>")) {
      settings.sep_token = specials.contains("[SEP]") ? "[SEP]" : "</s>";
    }
  }
  if ((*doc)["added_tokens"].is_array()) {
    settings.special_tokens.clear();
    for (const auto& added : (*doc)["added_tokens"]) {
      if (added.value("special", false) && added["content"].is_string()) {
        settings.special_tokens.push_back(added["content"]);
      }
    }
  }
  std::unordered_map<std::string, int32_t> vocab;
  vocab.reserve(model["vocab"].size());
  for (const auto& [piece, id] : model["vocab"].items()) {
    if (!id.is_number_integer())
      return Error{fmt::format("{}: vocab entry \"{}\" has no id", file.string(), piece)};
    vocab.emplace(piece, id.get<int32_t>());
  }
  return make(std::move(vocab), std::move(settings), file);
}

std::u32string WordPieceTokenizer::normalise(std::string_view text) const {
  std::u32string out;
  out.reserve(text.size() + 8);
  for (char32_t c : decode_utf8(text)) {
    if (settings_.clean_text) {
      if (c == 0 || c == 0xFFFD || is_control(c)) continue;
      if (is_whitespace(c)) c = ' ';
    }
    if (settings_.handle_chinese_chars && is_chinese_char(c)) {
      out.push_back(' ');
      out.push_back(c);
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (settings_.strip_accents) out = strip_accents(out);
  if (settings_.lowercase) out = lowercase(out);
  return out;
}

void WordPieceTokenizer::split_word(const std::u32string& word,
                                    std::vector<std::string>& out) const {
  if (word.size() > settings_.max_input_chars_per_word) {
    out.push_back(settings_.unk_token);
    return;
  }
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start < word.size()) {
    size_t end = word.size();
    std::string found;
    for (; end > start; --end) {
      std::string candidate = start > 0 ? settings_.continuing_prefix : std::string();
      candidate += encode_utf8(word.substr(start, end - start));
      if (vocab_.contains(candidate)) {
        found = std::move(candidate);
        break;
      }
    }
    if (found.empty()) {
      out.push_back(settings_.unk_token);  // one unknown piece makes the whole word unknown
      return;
    }
    pieces.push_back(std::move(found));
    start = end;
  }
  out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<std::string> WordPieceTokenizer::tokenize(std::string_view text) const {
  std::vector<std::string> pieces;
  size_t done = 0;
  while (done < text.size()) {
    size_t next = std::string_view::npos;
    const std::string* special = nullptr;
    for (const auto& token : settings_.special_tokens) {
      size_t at = text.find(token, done);
      if (at < next) next = at, special = &token;
    }
    tokenize_plain(
        text.substr(done, next == std::string_view::npos ? std::string_view::npos : next - done),
        pieces);
    if (!special) break;
    pieces.push_back(*special);
    done = next + special->size();
  }
  return pieces;
}

void WordPieceTokenizer::tokenize_plain(std::string_view text,
                                        std::vector<std::string>& pieces) const {
  std::u32string word;
  auto flush = [&] {
    if (!word.empty()) split_word(word, pieces);
    word.clear();
  };
  for (char32_t c : normalise(text)) {
    if (is_whitespace(c)) {
      flush();
    } else if (is_punctuation(c)) {
      flush();
      word.push_back(c);
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
}

int32_t WordPieceTokenizer::id_of(const std::string& piece) const {
  auto found = vocab_.find(piece);
  return found == vocab_.end() ? unk_id_ : found->second;
}

std::vector<int32_t> WordPieceTokenizer::encode(std::string_view text, size_t max_length) const {
  std::vector<std::string> pieces = tokenize(text);
  if (max_length >= 2 && pieces.size() > max_length - 2) pieces.resize(max_length - 2);
  std::vector<int32_t> ids;
  ids.reserve(pieces.size() + 2);
  ids.push_back(cls_id_);
  for (const auto& piece : pieces) ids.push_back(id_of(piece));
  ids.push_back(sep_id_);
  return ids;
}

}  // namespace paperboy
