#include "index/query_text.h"

#include <algorithm>
#include <cctype>

#include "core/date.h"
#include "index/paper_document.h"

namespace paperboy {

std::string without_dangling_dashes(std::string_view text) {
  std::string out;
  bool in_quote = false;
  for (size_t i = 0; i < text.size();) {
    const bool token_start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1]));
    if (!in_quote && token_start && text[i] == '-') {
      const auto next = static_cast<unsigned char>(i + 1 < text.size() ? text[i + 1] : ' ');
      const bool word_follows =
          std::isalnum(next) != 0 || next >= 0x80 || next == '"' || next == '(';
      if (!word_follows) {
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        continue;
      }
    }
    if (text[i] == '"') in_quote = !in_quote;
    out += text[i++];
  }
  return out;
}

Result<std::string> extract_filters(std::string_view text, QueryFilters& filters) {
  std::string rest;
  size_t i = 0;
  bool in_quote = false;
  while (i < text.size()) {
    if (text[i] == '"') in_quote = !in_quote;
    bool token_start =
        i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '(';
    if (in_quote || !token_start) {
      rest += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view token = text.substr(i, end - i);
    bool negated = token.starts_with('-');
    std::string_view body = negated ? token.substr(1) : token;
    auto colon = body.find(':');
    std::string_view field = body.substr(0, colon == std::string_view::npos ? 0 : colon);
    std::string_view value = colon == std::string_view::npos ? "" : body.substr(colon + 1);
    if (field == "cat" && !value.empty()) {
      (negated ? filters.excluded_categories : filters.categories).push_back(category_term(value));
    } else if (field == "has") {
      if (value != "code") return Error{"has: knows only has:code, not has:" + std::string(value)};
      (negated ? filters.excluded : filters.required)
          .push_back(std::string(index_terms::kHas) + "code");
    } else if (field == "org" && !value.empty()) {
      (negated ? filters.excluded : filters.required).push_back(organization_term(value));
    } else if ((field == "from" || field == "to") && !negated) {
      auto date = parse_date_bound(value, field == "to");
      if (!date.ok()) return Error{std::string(field) + ": " + date.error().message};
      (field == "from" ? filters.from : filters.to) = std::to_string(date->yyyymmdd());
    } else {
      rest += text[i++];
      continue;
    }
    rest += ' ';
    i = end;
  }
  return rest;
}

Xapian::Query apply_filters(Xapian::Query query, const QueryFilters& f) {
  using Q = Xapian::Query;
  if (!f.categories.empty()) {
    Q any(Q::OP_OR, f.categories.begin(), f.categories.end());
    query = query.empty() ? any : Q(Q::OP_FILTER, query, any);
  }
  for (const auto& term : f.required)
    query = query.empty() ? Q(term) : Q(Q::OP_FILTER, query, Q(term));
  if (!f.from.empty() || !f.to.empty()) {
    Q range = f.from.empty() ? Q(Q::OP_VALUE_LE, index_terms::kPublishedSlot, f.to)
              : f.to.empty() ? Q(Q::OP_VALUE_GE, index_terms::kPublishedSlot, f.from)
                             : Q(Q::OP_VALUE_RANGE, index_terms::kPublishedSlot, f.from, f.to);
    query = query.empty() ? range : Q(Q::OP_FILTER, query, range);
  }
  std::vector<std::string> excluded = f.excluded_categories;
  excluded.insert(excluded.end(), f.excluded.begin(), f.excluded.end());
  if (!excluded.empty()) {
    Q none(Q::OP_OR, excluded.begin(), excluded.end());
    query = Q(Q::OP_AND_NOT, query.empty() ? Q::MatchAll : query, none);
  }
  return query;
}

std::string split_semantic_text(std::string_view words, std::string& author_clauses,
                                std::string& excluded, std::span<const AcronymExpansion> acronyms) {
  std::string text;
  size_t i = 0;
  bool after_not = false;
  while (i < words.size()) {
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) ++i;
    size_t end = i;
    bool in_quote = false;
    while (end < words.size() &&
           (in_quote || !std::isspace(static_cast<unsigned char>(words[end])))) {
      if (words[end] == '"') in_quote = !in_quote;
      ++end;
    }
    std::string_view token = words.substr(i, end - i);
    i = end;
    if (token.empty() || token == "AND" || token == "OR") continue;
    if (token == "NOT") {
      after_not = true;
      continue;
    }
    if (after_not || (token.starts_with('-') && token.size() > 1)) {
      excluded += std::string(after_not ? token : token.substr(1)) + " ";
      after_not = false;
      continue;
    }
    if (token.starts_with('-')) continue;
    if (token.starts_with("author:")) {
      author_clauses += std::string(token) + " ";
      continue;
    }
    if (token.starts_with("title:")) token.remove_prefix(6);
    if (token.starts_with(kAcronymField) && token.substr(kAcronymField.size()).starts_with(':')) {
      // The model reads both forms, as the reader meant either.
      token.remove_prefix(kAcronymField.size() + 1);
      auto a = std::find_if(acronyms.begin(), acronyms.end(),
                            [&](const auto& e) { return e.typed == token; });
      if (a != acronyms.end()) {
        text += (text.empty() ? "" : " ") + a->typed + " " + a->expansion;
        continue;
      }
    }
    std::string word;
    for (char c : token) {
      if (c != '"' && c != '(' && c != ')' && c != '+') word += c;
    }
    if (!word.empty()) text += (text.empty() ? "" : " ") + word;
  }
  return text;
}

}  // namespace paperboy
