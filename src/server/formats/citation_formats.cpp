#include "server/formats/citation_formats.h"

#include <array>
#include <cctype>

#include "core/text_normalise.h"

namespace paperboy {
namespace {

std::string ascii_word(std::string_view text) {
  std::string folded = fold_accents(text), word;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(c));
  }
  return word;
}

std::string family_name(const std::string& author) {
  auto space = author.rfind(' ');
  return space == std::string::npos ? author : author.substr(space + 1);
}

bool braces_balance(std::string_view text) {
  int depth = 0;
  for (char c : text) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth == 0;
}

// BibTeX values sit in braces: unbalanced braces would end them early, and a bare % starts a
// comment in LaTeX. LaTeX already in the text ($\epsilon$, \"o) is kept when it is balanced.
std::string bibtex_value(std::string_view text) {
  bool keep_braces = braces_balance(text);
  std::string out;
  for (char c : text) {
    if ((c == '{' || c == '}') && !keep_braces) {
      out += c == '{' ? "\\{" : "\\}";
    } else if (c == '%' || c == '&' || c == '#') {
      if (!out.empty() && out.back() == '\\') {
        out += c;
      } else {
        out += '\\';
        out += c;
      }
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void field(std::string& out, const char* name, const std::string& value) {
  if (!value.empty()) out += std::string("  ") + name + " = {" + value + "},\n";
}

// The year a journal reference names ("Phys.Rev.D76:013009,2007" → 2007): its last run of
// exactly four digits between 1800 and 2200; 0 when it names none.
int journal_year(std::string_view journal_ref) {
  int year = 0;
  for (size_t i = 0; i < journal_ref.size();) {
    if (std::isdigit(static_cast<unsigned char>(journal_ref[i])) == 0) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < journal_ref.size() && std::isdigit(static_cast<unsigned char>(journal_ref[end])))
      ++end;
    if (end - i == 4) {
      const int value = std::stoi(std::string(journal_ref.substr(i, 4)));
      if (value >= 1800 && value <= 2200) year = value;
    }
    i = end;
  }
  return year;
}

// The year a citation gives: the journal's for a published paper (the reference and the year
// then agree), else the year of the first arXiv version; 0 for none.
int citation_year(const Paper& paper) {
  if (int year = journal_year(paper.journal_ref); year != 0) return year;
  return paper.published.empty() ? 0 : paper.published.year;
}

std::string ris_line(const char* tag, std::string_view value) {
  std::string line = std::string(tag) + "  - ";
  for (char c : value) line += c == '\n' || c == '\r' ? ' ' : c;
  return line + "\r\n";
}

}  // namespace

std::string citation_key(const Paper& paper) {
  std::string key = paper.authors.empty() ? "anon" : ascii_word(family_name(paper.authors.front()));
  if (key.empty()) key = "anon";
  if (int year = citation_year(paper); year != 0) key += std::to_string(year);
  for (size_t start = 0; start < paper.title.size();) {
    size_t end = paper.title.find(' ', start);
    std::string word = ascii_word(paper.title.substr(start, end - start));
    if (word.size() > 2) return key + word;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return key;
}

std::string bibtex_entry(const Paper& paper) {
  bool article = !paper.journal_ref.empty();
  std::string out = std::string(article ? "@article{" : "@misc{") + citation_key(paper) + ",\n";
  // Double braces keep the title's capitals (BERT, LLM) from being lower-cased by styles.
  field(out, "title", "{" + bibtex_value(paper.title) + "}");
  std::string authors;
  for (const auto& name : paper.authors)
    authors += (authors.empty() ? "" : " and ") + bibtex_value(name);
  field(out, "author", authors);
  if (int year = citation_year(paper); year != 0) field(out, "year", std::to_string(year));
  if (article) field(out, "journal", bibtex_value(paper.journal_ref));
  if (paper.is_arxiv()) {
    field(out, "eprint", paper.id);
    field(out, "archivePrefix", "arXiv");
    if (!paper.categories.empty()) field(out, "primaryClass", paper.categories.front());
    field(out, "url", "https://arxiv.org/abs/" + paper.id);
  }
  field(out, "doi", bibtex_value(paper.doi));
  return out + "}\n";
}

std::string bibtex(std::span<const Paper> papers) {
  std::string out;
  for (const auto& paper : papers) out += bibtex_entry(paper) + "\n";
  return out;
}

std::string ris(std::span<const Paper> papers) {
  std::string out;
  for (const auto& p : papers) {
    out += ris_line("TY", p.journal_ref.empty() ? "UNPB" : "JOUR");
    out += ris_line("TI", p.title);
    for (const auto& name : p.authors) out += ris_line("AU", name);
    if (int year = citation_year(p); year != 0) out += ris_line("PY", std::to_string(year));
    // The date of the arXiv version only where it is the year given (not a journal's).
    if (!p.published.empty() && journal_year(p.journal_ref) == 0) {
      std::array<char, 16> date{};
      std::snprintf(date.data(), date.size(), "%04d/%02d/%02d", p.published.year, p.published.month,
                    p.published.day);
      out += ris_line("DA", date.data());
    }
    if (!p.abstract.empty()) out += ris_line("AB", p.abstract);
    if (!p.journal_ref.empty()) out += ris_line("JO", p.journal_ref);
    for (const auto& category : p.categories) out += ris_line("KW", category);
    if (p.is_arxiv()) out += ris_line("UR", "https://arxiv.org/abs/" + p.id);
    if (!p.doi.empty()) out += ris_line("DO", p.doi);
    out += "ER  - \r\n\r\n";
  }
  return out;
}

}  // namespace paperboy
