#include "core/name_keys.h"

#include <algorithm>
#include <cctype>

#include "core/text_normalise.h"

namespace paperboy {
namespace {

bool is_name_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

std::string join(std::string_view given, std::string_view surname) {
  std::string key(given);
  key += ' ';
  key += surname;
  return key;
}

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::string folded = fold_accents(name);
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= folded.size(); ++i) {
    unsigned char c = i < folded.size() ? static_cast<unsigned char>(folded[i]) : ' ';
    if (c == '\'' || (c == 0xE2 && folded.compare(i, 3, "\xE2\x80\x99") == 0)) {
      if (c == 0xE2) i += 2;  // a typographic apostrophe: O’Neil is oneil, as O'Neil
      continue;
    }
    if (is_name_byte(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

std::vector<std::string> author_name_keys(std::string_view name) {
  std::vector<std::string> words = name_words(name);
  std::vector<std::string> keys;
  if (words.size() < 2) return keys;
  for (size_t i = 1; i < words.size(); ++i) keys.push_back(join(words[i - 1], words[i]));
  keys.push_back(join(words.front().substr(0, 1), words.back()));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<QueryNameKey> query_name_keys(std::string_view text) {
  std::vector<std::string> words = name_words(text);
  std::vector<QueryNameKey> keys;
  auto letters = [](const std::string& w) {
    return std::none_of(w.begin(), w.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& a = words[i - 1];
    const std::string& b = words[i];
    if (!letters(a) || !letters(b)) continue;
    // An initial is only ever a given name: "Y Qiao" and "Qiao Y" both mean "y qiao".
    if (a.size() > 1) keys.push_back({join(b, a), b.size() == 1});
    if (b.size() > 1) keys.push_back({join(a, b), true});
  }
  // One entry per key, read as typed where any pair of the query reads it so.
  std::sort(keys.begin(), keys.end(), [](const QueryNameKey& x, const QueryNameKey& y) {
    return x.key != y.key ? x.key < y.key : x.as_typed > y.as_typed;
  });
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const auto& x, const auto& y) { return x.key == y.key; }),
             keys.end());
  return keys;
}

AuthorMatch::AuthorMatch(const std::vector<QueryNameKey>& keys, std::vector<std::string> words)
    : words_(std::move(words)) {
  for (const auto& k : keys) keys_.push_back(k.key);  // sorted, as query_name_keys returns them
}

AuthorMatch AuthorMatch::with(const std::vector<QueryNameKey>& keys,
                              const std::vector<std::string>& words) const {
  AuthorMatch wider = *this;
  for (const auto& k : keys) wider.keys_.push_back(k.key);
  std::sort(wider.keys_.begin(), wider.keys_.end());
  wider.words_.insert(wider.words_.end(), words.begin(), words.end());
  return wider;
}

bool AuthorMatch::matches(std::string_view author) const {
  if (!keys_.empty()) {
    for (const auto& key : author_name_keys(author)) {
      if (std::binary_search(keys_.begin(), keys_.end(), key)) return true;
    }
  }
  if (!words_.empty()) {
    for (const auto& word : name_words(author)) {
      if (std::find(words_.begin(), words_.end(), word) != words_.end()) return true;
    }
  }
  return false;
}

}  // namespace paperboy
