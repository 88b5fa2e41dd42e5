#include "index/acronyms.h"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace paperboy {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// A short form: 2 to 10 characters, a letter first, at least two capitals, no spaces ("RLHF",
// "LLMs", "GPT-4", "ViT").
bool is_short_form(std::string_view s) {
  if (s.size() < 2 || s.size() > 10 || !std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  int capitals = 0;
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return false;
    capitals += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
  }
  return capitals >= 2;
}

// Schwartz and Hearst's match: the short form's characters, right to left, found in the long
// form in order, the first of them at the start of a word. Returns the long form from that word.
std::string best_long_form(std::string_view short_form, std::string_view long_form) {
  int s = static_cast<int>(short_form.size()) - 1;
  int l = static_cast<int>(long_form.size()) - 1;
  // A trailing plural 's' in "LLMs" is not a letter of the expansion.
  if (s > 0 && short_form[s] == 's' && std::isupper(static_cast<unsigned char>(short_form[s - 1])))
    --s;
  for (; s >= 0; --s) {
    char c = lower(short_form[s]);
    if (!is_alnum(c)) continue;
    while ((l >= 0 && lower(long_form[l]) != c) || (s == 0 && l > 0 && is_alnum(long_form[l - 1])))
      --l;
    if (l < 0) return "";
    --l;
  }
  size_t start = long_form.find_last_of(" \t\n", static_cast<size_t>(l) + 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  return std::string(long_form.substr(start));
}

// Serialised lines of written forms start with this, which no lower-cased acronym is.
constexpr std::string_view kWrittenMark = "=written";
constexpr const char* kFieldBreaks = "\t\n\r";

std::string normalised(std::string_view text) {
  std::string out;
  for (char c : text) {
    char l = std::isspace(static_cast<unsigned char>(c)) ? ' ' : lower(c);
    if (l == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += l;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::vector<AcronymDefinition> find_acronym_definitions(std::string_view text) {
  std::vector<AcronymDefinition> found;
  for (size_t open = text.find('('); open != std::string_view::npos;
       open = text.find('(', open + 1)) {
    size_t close = text.find(')', open);
    if (close == std::string_view::npos) break;
    std::string_view short_form = text.substr(open + 1, close - open - 1);
    if (!is_short_form(short_form)) continue;
    // The candidate long form: at most min(|A| + 5, 2|A|) words before the parenthesis, not
    // reaching back past a sentence or another parenthesis.
    size_t words_wanted = std::min(short_form.size() + 5, short_form.size() * 2);
    size_t begin = open;
    size_t words = 0;
    while (begin > 0 && words <= words_wanted) {
      char c = text[begin - 1];
      if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == ',') break;
      if (std::isspace(static_cast<unsigned char>(c)) && begin < open &&
          !std::isspace(static_cast<unsigned char>(text[begin])))
        ++words;
      if (words > words_wanted) break;
      --begin;
    }
    std::string_view candidate = text.substr(begin, open - begin);
    while (!candidate.empty() && std::isspace(static_cast<unsigned char>(candidate.front())))
      candidate.remove_prefix(1);
    while (!candidate.empty() && std::isspace(static_cast<unsigned char>(candidate.back())))
      candidate.remove_suffix(1);
    std::string expansion = best_long_form(short_form, candidate);
    // At least two words (chain-of-thought is three), and longer than the acronym: "(ViT)"
    // right after "ViT" is no definition.
    if (expansion.find_first_of(" \t\n-") == std::string::npos ||
        expansion.size() <= short_form.size())
      continue;
    found.push_back({std::string(short_form), expansion});
  }
  return found;
}

void AcronymCounts::add_text(std::string_view text) {
  for (const auto& d : find_acronym_definitions(text)) {
    std::string acronym = normalised(d.acronym);
    if (acronym.size() > 2 && acronym.back() == 's' &&
        std::isupper(static_cast<unsigned char>(d.acronym[d.acronym.size() - 2]))) {
      acronym.pop_back();  // "LLMs" defines "LLM"
    }
    ++counts_[acronym][normalised(d.expansion)];
    std::string as_written = d.acronym.substr(0, acronym.size());
    if (as_written.find_first_of(kFieldBreaks) == std::string::npos)
      ++written_[acronym][as_written];
  }
}

std::string AcronymCounts::serialise() const {
  std::string out;
  for (const auto& [acronym, expansions] : counts_) {
    for (const auto& [expansion, count] : expansions)
      out += fmt::format("{}\t{}\t{}\n", acronym, expansion, count);
  }
  for (const auto& [acronym, forms] : written_) {
    for (const auto& [form, count] : forms)
      out += fmt::format("{}\t{}\t{}\t{}\n", kWrittenMark, acronym, form, count);
  }
  return out;
}

AcronymCounts AcronymCounts::parse(std::string_view lines) {
  AcronymCounts counts;
  std::istringstream in{std::string(lines)};
  for (std::string line; std::getline(in, line);) {
    size_t a = line.find('\t');
    size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) continue;
    if (line.compare(0, a, kWrittenMark) == 0) {
      size_t c = line.find('\t', b + 1);
      if (c == std::string::npos) continue;
      counts.written_[line.substr(a + 1, b - a - 1)][line.substr(b + 1, c - b - 1)] +=
          std::atoi(line.c_str() + c + 1);
      continue;
    }
    counts.counts_[line.substr(0, a)][line.substr(a + 1, b - a - 1)] +=
        std::atoi(line.c_str() + b + 1);
  }
  return counts;
}

std::string AcronymCounts::written(const std::string& acronym) const {
  auto forms = written_.find(acronym);
  if (forms == written_.end()) return acronym;
  std::string best = acronym;
  int most = 0;
  for (const auto& [form, count] : forms->second) {
    if (count > most) most = count, best = form;
  }
  return best;
}

std::map<std::string, std::string> AcronymCounts::winners(int min_papers) const {
  std::map<std::string, std::string> out;
  for (const auto& [acronym, expansions] : counts_) {
    int total = 0, best = 0;
    std::string chosen;
    for (const auto& [expansion, count] : expansions) {
      total += count;
      if (count > best) best = count, chosen = expansion;
    }
    if (best >= min_papers && best * 2 >= total) out[acronym] = chosen;
  }
  return out;
}

}  // namespace paperboy
