#include "core/paper.h"

#include <cctype>

#include "core/arxiv_id.h"

namespace paperboy {
namespace {

// "<source>:<key>": a lower-case source name and a key of printable, space-free characters.
bool is_sourced_key(std::string_view id) {
  auto colon = id.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == id.size()) return false;
  for (char c : id.substr(0, colon)) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  for (char c : id.substr(colon + 1)) {
    if (!std::isgraph(static_cast<unsigned char>(c))) return false;
  }
  return id.size() <= 200 && id.substr(0, colon) != "arxiv";
}

}  // namespace

bool Paper::is_arxiv() const { return parse_arxiv_id(id).ok(); }

bool shaped_like_arxiv_id(std::string_view text) {
  // \d{4}\.\d{4,5}(v\d+)?, without a regex on the request path
  auto digits = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
  };
  if (text.size() < 9 || !digits(0, 4) || text[4] != '.') return false;
  size_t end = 5;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end - 5 < 4 || end - 5 > 5) return false;
  if (end == text.size()) return true;
  return text[end] == 'v' && end + 1 < text.size() && digits(end + 1, text.size());
}

Result<PaperKey> parse_paper_key(std::string_view text) {
  auto arxiv = parse_arxiv_id(text);
  if (arxiv.ok()) return PaperKey{arxiv->base, arxiv->version};
  if (is_sourced_key(text)) return PaperKey{std::string(text), 0};
  return Error{arxiv.error().message + "; nor a '<source>:<key>' id"};
}

Status validate_paper(const Paper& paper) {
  auto key = parse_paper_key(paper.id);
  if (!key.ok()) return key.error();
  if (key->id != paper.id) return Error{"paper id '" + paper.id + "' is not in canonical form"};
  if (paper.version < 0) return Error{"paper " + paper.id + ": negative version"};
  bool blank = true;
  for (char c : paper.title) blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) return Error{"paper " + paper.id + ": empty title"};
  auto has_control = [](const std::string& s) {
    for (char c : s) {
      if (static_cast<unsigned char>(c) < 0x20) return true;
    }
    return false;
  };
  for (const auto& name : paper.authors) {
    if (name.empty() || has_control(name)) {
      return Error{"paper " + paper.id + ": empty author name or control character in one"};
    }
  }
  for (const auto& category : paper.categories) {
    if (category.empty() || has_control(category)) {
      return Error{"paper " + paper.id + ": empty category or control character in one"};
    }
  }
  return Status::Ok();
}

}  // namespace paperboy
