#include "core/text_normalise.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_set>

namespace paperboy {
namespace {

// ASCII base letters for U+00C0..U+00FF and U+0100..U+017F; '*' marks the few that need a
// longer spelling (handled in spell_special) and ' ' those that are not letters.
constexpr std::string_view kLatin1 =
    "AAAAAA*CEEEEIIIIDNOOOOO OUUUUY*"
    "*aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
constexpr std::string_view kLatinExtA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi**JjKkkLlLlLlLlLlNnNnNnnNnOoOoOo**"
    "RrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

std::string_view spell_special(uint32_t cp) {
  switch (cp) {
    case 0xC6:
      return "AE";
    case 0xDE:
      return "Th";
    case 0xDF:
      return "ss";
    case 0xE6:
      return "ae";
    case 0xFE:
      return "th";
    case 0x132:
      return "IJ";
    case 0x133:
      return "ij";
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
    default:
      return "";
  }
}

constexpr std::array<std::string_view, 25> kGreek = {
    "alpha", "beta",   "gamma",   "delta", "epsilon", "zeta",    "eta",  "theta", "iota",
    "kappa", "lambda", "mu",      "nu",    "xi",      "omicron", "pi",   "rho",   "sigma",
    "sigma", "tau",    "upsilon", "phi",   "chi",     "psi",     "omega"};

// The ASCII (or name) a code point folds to; empty view when it should pass through unchanged.
// Sets `drop` for code points that vanish (combining accents).
std::string_view fold_code_point(uint32_t cp, bool& drop) {
  drop = false;
  if (cp >= 0xC0 && cp <= 0xFF) {
    char c = kLatin1[cp - 0xC0];
    if (c == '*') return spell_special(cp);
    if (c == ' ') return cp == 0xD7 ? " x " : " ";
    return std::string_view(&kLatin1[cp - 0xC0], 1);
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    if (kLatinExtA[cp - 0x100] == '*') return spell_special(cp);
    return std::string_view(&kLatinExtA[cp - 0x100], 1);
  }
  if (cp >= 0x300 && cp <= 0x36F) {
    drop = true;
    return "";
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return kGreek[cp - 0x391];
  if (cp >= 0x3B1 && cp <= 0x3C9) return kGreek[cp - 0x3B1];
  switch (cp) {
    case 0x3F5:
      return "epsilon";
    case 0x3D5:
      return "phi";
    case 0x3D1:
      return "theta";
    case 0xA0:
    case 0x2009:
    case 0x202F:
      return " ";
    case 0x2018:
    case 0x2019:
      return "'";
    case 0x201C:
    case 0x201D:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2013:
    case 0x2014:
      return "-";
    case 0xFB00:
      return "ff";
    case 0xFB01:
      return "fi";
    case 0xFB02:
      return "fl";
    default:
      return "";
  }
}

// Decodes one UTF-8 sequence at s[i]; returns its length. A stray byte that starts no valid
// sequence gives length 1 and cp = kInvalid, and is kept as it is.
constexpr uint32_t kInvalid = 0xFFFFFFFF;
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    cp = kInvalid;
    return 1;
  }
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      cp = kInvalid;
      return 1;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return len;
}

bool is_greek(uint32_t cp) {
  return (cp >= 0x391 && cp <= 0x3C9) || cp == 0x3F5 || cp == 0x3D5 || cp == 0x3D1;
}

// Macros that only format their argument or lay out math: they leave no word behind.
const std::unordered_set<std::string_view>& formatting_macros() {
  static const std::unordered_set<std::string_view> kMacros = {
      "frac",     "dfrac",        "tfrac",      "left",         "right",     "mathrm",
      "mathbf",   "mathcal",      "mathbb",     "mathit",       "mathsf",    "mathtt",
      "mathfrak", "mathscr",      "boldsymbol", "bm",           "textbf",    "textit",
      "texttt",   "textrm",       "textsc",     "textsf",       "emph",      "text",
      "mbox",     "operatorname", "rm",         "bf",           "it",        "tt",
      "sf",       "cal",          "em",         "displaystyle", "textstyle", "scriptstyle",
      "big",      "Big",          "bigg",       "Bigg",         "bigl",      "bigr",
      "Bigl",     "Bigr",         "limits",     "nolimits",     "quad",      "qquad",
      "hat",      "tilde",        "bar",        "vec",          "dot",       "ddot",
      "widehat",  "widetilde",    "overline",   "underline",    "mathop",    "cite",
      "ref",      "label",        "eqref",      "url",          "href",      "footnote",
      "begin",    "end",          "item",       "newline",      "noindent",  "hspace",
      "vspace"};
  return kMacros;
}

// Letters produced by macros that stand for a letter of their own: \ss, \o, \ae, \l, \i.
std::string_view letter_macro(std::string_view name) {
  if (name == "ss") return "ss";
  if (name == "o" || name == "O" || name == "i" || name == "j" || name == "l" || name == "L")
    return name;
  if (name == "ae" || name == "AE" || name == "oe" || name == "OE") return name;
  if (name == "aa") return "a";
  if (name == "AA") return "A";
  return {};
}

bool is_accent_symbol(char c) {
  return c == '\'' || c == '"' || c == '^' || c == '`' || c == '~' || c == '=' || c == '.';
}

bool is_accent_letter_macro(std::string_view name) {
  return name == "c" || name == "v" || name == "u" || name == "H" || name == "k" || name == "r" ||
         name == "d" || name == "b" || name == "t";
}

// Reads the argument of an accent: "e", "{e}" or " e"; appends the letter and returns the
// position after it.
size_t take_accented_letter(std::string_view s, size_t i, std::string& out) {
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == '{') {
    size_t close = s.find('}', i);
    if (close == std::string_view::npos) return i + 1;
    std::string_view inner = s.substr(i + 1, close - i - 1);
    if (inner.size() == 2 && inner[0] == '\\') inner.remove_prefix(1);  // {\i}
    out += inner;
    return close + 1;
  }
  if (i + 1 < s.size() && s[i] == '\\' && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
    out += s[i + 1];  // \'\i
    return i + 2;
  }
  if (i < s.size()) out += s[i];
  return i + 1;
}

// Shared by the index and query paths; `math_as_space` also blanks $ ^ _ { } ~.
std::string rewrite_latex(std::string_view s, bool math_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char next = s[i + 1];
      if (is_accent_symbol(next) && i + 2 < s.size() &&
          (std::isalpha(static_cast<unsigned char>(s[i + 2])) || s[i + 2] == '{' ||
           s[i + 2] == '\\')) {
        i = take_accented_letter(s, i + 2, out);
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(next))) {
        size_t end = i + 1;
        while (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
        std::string_view name = s.substr(i + 1, end - i - 1);
        if (is_accent_letter_macro(name) && end < s.size() && (s[end] == '{' || s[end] == ' ')) {
          i = take_accented_letter(s, end, out);
          continue;
        }
        if (auto letter = letter_macro(name); !letter.empty()) {
          out += letter;
          if (end < s.size() && s[end] == ' ') ++end;  // TeX ends a control word at the space
        } else if (!formatting_macros().contains(name)) {
          // Greek letters stand as words; other symbols too (\log, \nabla, \infty).
          out += ' ';
          out += name;
          out += ' ';
        } else {
          out += ' ';
        }
        i = end;
        continue;
      }
      out += ' ';  // \\ \, \; \% \& and friends
      i += 2;
      continue;
    }
    if (c == '{' && i + 1 < s.size() && s[i + 1] == '\\') {
      // "{\\"o}" and "{\\ss}" wrap one letter inside a word: keep the word whole.
      size_t close = s.find('}', i + 1);
      if (close != std::string_view::npos && s.find('{', i + 1) > close) {
        std::string inner = rewrite_latex(s.substr(i + 1, close - i - 1), math_as_space);
        if (inner.size() <= 3 && inner.find(' ') == std::string::npos) {
          out += inner;
          i = close + 1;
          continue;
        }
      }
    }
    if (math_as_space && (c == '$' || c == '^' || c == '_' || c == '{' || c == '}' || c == '~')) {
      out += ' ';
    } else {
      out += c;
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string fold_accents(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = decode_utf8(s, i, cp);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp == kInvalid) {
      out += s[i];
    } else {
      bool drop = false;
      std::string_view folded = fold_code_point(cp, drop);
      if (!drop && folded.empty()) {
        out.append(s.substr(i, len));
      } else if (is_greek(cp)) {
        out += ' ';  // a Greek name: keep it a word of its own ("βVAE" is "beta VAE")
        out += folded;
        out += ' ';
      } else {
        out += folded;
      }
    }
    i += len;
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string latex_to_text(std::string_view text) { return rewrite_latex(text, true); }

std::string normalise_for_index(std::string_view text) { return fold_accents(latex_to_text(text)); }

std::string normalise_for_query(std::string_view text) {
  return fold_accents(rewrite_latex(text, false));
}

}  // namespace paperboy
