// When a query names a person. A plain query matches an author only through a name written as a
// name: two neighbouring words that are a given name and a surname of one author, in either
// order, the given name possibly an initial ("Yu Qiao", "Qiao Yu", "Y. Qiao"). A lone surname
// beside topic words ("long context", "song generation") never matches an author, because a
// rare surname would outweigh the topic.
//
// Both sides reduce a name the same way: accents folded, lower case, split at anything that is
// not a letter or digit ("Jun-Yan" is "jun yan", "O'Neil" is "oneil").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace paperboy {

// A name's words as keys see them: "Jun-Yan Zhū" → {"jun", "yan", "zhu"}.
std::vector<std::string> name_words(std::string_view name);

// The keys one author's name is found by: each pair of neighbouring words ("jun yan",
// "yan zhu") and the first word's initial with the last word ("j zhu"). None for a one-word
// name. Each key is two words joined by one space.
std::vector<std::string> author_name_keys(std::string_view name);

// The keys a query's words could mean: each neighbouring pair of words, in both orders, and
// with an initial as the given name only ("y qiao" from "Y. Qiao" or "Qiao Y."). `words` is the
// query's plain text (no operators or fields). A key read in the order typed is `as_typed`;
// the reversed reading ("Qiao Yu" for a query "Yu Qiao") is the less likely one.
struct QueryNameKey {
  std::string key;
  bool as_typed = true;
};
std::vector<QueryNameKey> query_name_keys(std::string_view words);

// Which authors of a paper a search matched, for highlighting them on its card: an author
// whose name has one of the query's name keys, or one of whose words is a single-word query or
// the word of an `author:` clause.
class AuthorMatch {
 public:
  AuthorMatch() = default;
  AuthorMatch(const std::vector<QueryNameKey>& keys, std::vector<std::string> words);

  bool empty() const { return keys_.empty() && words_.empty(); }
  // This match widened with more keys and words.
  AuthorMatch with(const std::vector<QueryNameKey>& keys,
                   const std::vector<std::string>& words) const;
  bool matches(std::string_view author) const;

 private:
  std::vector<std::string> keys_;   // query_name_keys
  std::vector<std::string> words_;  // name_words of single names
};

}  // namespace paperboy
