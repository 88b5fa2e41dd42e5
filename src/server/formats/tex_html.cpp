#include "server/formats/tex_html.h"

#include <array>
#include <utility>

#include "core/markup_escape.h"

namespace paperboy {
namespace {

// Macros whose one argument is text in a style: \textit{x} → <em>x</em>.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kStyleMacros = {
    {{"textit", "em"},
     {"emph", "em"},
     {"textsl", "em"},
     {"textbf", "strong"},
     {"textsc", "span class=\"sc\""},
     {"texttt", "code"},
     {"underline", "u"},
     {"text", ""},
     {"textrm", ""},
     {"textup", ""},
     {"textnormal", ""},
     {"mbox", ""}}};
// Old-style switches that style the rest of their group: {\it x} → <em>x</em>.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kStyleSwitches = {
    {{"it", "em"},
     {"em", "em"},
     {"sl", "em"},
     {"bf", "strong"},
     {"sc", "span class=\"sc\""},
     {"tt", "code"},
     {"rm", ""},
     {"normalfont", ""}}};

// Only web links become links: a javascript: or data: target in an abstract stays text.
bool is_web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string link(std::string_view target, const std::string& label_html) {
  return R"(<a href=")" + xml_escape(target) + R"(" rel="nofollow ugc noopener">)" + label_html +
         "</a>";
}

std::string open_tag(std::string_view tag) {
  return tag.empty() ? "" : "<" + std::string(tag) + ">";
}
std::string close_tag(std::string_view tag) {
  return tag.empty() ? "" : "</" + std::string(tag.substr(0, tag.find(' '))) + ">";
}

class TexToHtml {
 public:
  TexToHtml(std::string_view text, bool link_urls) : text_(text), link_urls_(link_urls) {}

  std::string run() {
    std::string out;
    while (i_ < text_.size()) out += next(false);
    return out;
  }

 private:
  // One unit of text: math, a URL, a macro, a group, or a character. Inside a group, a closing
  // brace ends it (and is consumed by the group).
  std::string next(bool in_group) {
    std::string_view rest = text_.substr(i_);
    if (auto math = math_span(rest); !math.empty()) {
      i_ += math.size();
      return xml_escape(math);
    }
    if (link_urls_ && (rest.starts_with("https://") || rest.starts_with("http://"))) return url();
    char c = text_[i_];
    if (c == '\\') return macro();
    if (c == '{') {
      ++i_;
      return group();
    }
    if (c == '}' && !in_group) {  // a stray closing brace is the author's, not markup
      ++i_;
      return "}";
    }
    if ((c == '_' || c == '^') && i_ > 0) {
      if (auto script = sub_or_superscript(c); !script.empty()) return script;
    }
    if (c == '~') return ++i_, "&nbsp;";
    if (rest.starts_with("---")) return i_ += 3, "—";
    if (rest.starts_with("--")) return i_ += 2, "–";
    if (rest.starts_with("``")) return i_ += 2, "“";
    if (rest.starts_with("''")) return i_ += 2, "”";
    ++i_;
    return xml_escape(std::string_view(&c, 1));
  }

  // Outside math authors still write "G_{stack}", "sigma_{max}^2" or "O(n^2)": a braced script,
  // or one digit standing alone ("10^10" is not 10¹0), right after a letter, digit or bracket is
  // set as <sub> or <sup>. Anything else ("snake_case", "a ^ b") stays as written; empty then.
  std::string sub_or_superscript(char mark) {
    const auto prev = static_cast<unsigned char>(text_[i_ - 1]);
    if (!std::isalnum(prev) && prev != ')' && prev != '}' && prev != ']') return "";
    if (i_ + 1 >= text_.size()) return "";
    const std::string_view tag = mark == '_' ? "sub" : "sup";
    const char next_char = text_[i_ + 1];
    if (next_char == '{') {
      i_ += 2;
      return open_tag(tag) + group() + close_tag(tag);
    }
    const bool alone =
        i_ + 2 >= text_.size() || !std::isalnum(static_cast<unsigned char>(text_[i_ + 2]));
    if (std::isdigit(static_cast<unsigned char>(next_char)) && alone) {
      i_ += 2;
      return open_tag(tag) + std::string(1, next_char) + close_tag(tag);
    }
    return "";
  }

  // $$…$$, $…$, \(…\), \[…\] starting here, with its delimiters; empty when there is none or
  // it is not closed (then the $ is an author's dollar).
  static std::string_view math_span(std::string_view rest) {
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"$$", "$$"},
                               {"\\[", "\\]"},
                               {"\\(", "\\)"},
                               {"$", "$"}}) {
      if (!rest.starts_with(open)) continue;
      size_t from = open.size();
      while (true) {
        size_t end = rest.find(close, from);
        if (end == std::string_view::npos) return {};
        if (end > 0 && rest[end - 1] == '\\' && close == "$") {  // \$ inside math
          from = end + 1;
          continue;
        }
        if (end == open.size()) return {};  // "$$" read as "$" then "$": nothing inside
        return rest.substr(0, end + close.size());
      }
    }
    return {};
  }

  std::string url() {
    size_t end = i_;
    while (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end])) &&
           text_[end] != '<' && text_[end] != '>' && text_[end] != '"' && text_[end] != '}') {
      ++end;
    }
    // Sentence punctuation after a URL is not part of it, nor an unmatched closing parenthesis.
    while (end > i_ && std::string_view(".,;:!?'").find(text_[end - 1]) != std::string_view::npos)
      --end;
    std::string_view link = text_.substr(i_, end - i_);
    if (link.ends_with(')') && link.find('(') == std::string_view::npos) link.remove_suffix(1);
    i_ += link.size();
    return paperboy::link(link, xml_escape(link));
  }

  // The rest of a group, up to its closing brace (or the end of the text).
  std::string group() {
    // Groups nest by recursion: past kMaxDepth (no real title nests so deep) a brace is dropped
    // and its text read at this level, so that hostile text cannot exhaust the stack.
    if (depth_ >= kMaxDepth) return "";
    ++depth_;
    std::string html = group_inside();
    --depth_;
    return html;
  }

  std::string group_inside() {
    std::string tag;
    if (auto name = peek_macro_name(); !name.empty()) {
      for (auto [switch_name, html] : kStyleSwitches) {
        if (name == switch_name) {
          i_ += 1 + name.size();
          while (i_ < text_.size() && text_[i_] == ' ') ++i_;
          tag = std::string(html);
          break;
        }
      }
    }
    std::string inner;
    while (i_ < text_.size() && text_[i_] != '}') inner += next(true);
    if (i_ < text_.size()) ++i_;
    return open_tag(tag) + inner + close_tag(tag);
  }

  std::string_view peek_macro_name() const {
    if (i_ >= text_.size() || text_[i_] != '\\') return {};
    size_t end = i_ + 1;
    while (end < text_.size() && std::isalpha(static_cast<unsigned char>(text_[end]))) ++end;
    return text_.substr(i_ + 1, end - i_ - 1);
  }

  std::string argument() {
    while (i_ < text_.size() && text_[i_] == ' ') ++i_;
    if (i_ >= text_.size() || text_[i_] != '{') return "";
    ++i_;
    return group();
  }

  std::string raw_argument() {
    if (i_ >= text_.size() || text_[i_] != '{') return "";
    size_t end = text_.find('}', i_);
    if (end == std::string_view::npos) end = text_.size();
    std::string value(text_.substr(i_ + 1, end - i_ - 1));
    i_ = std::min(end + 1, text_.size());
    return value;
  }

  // The accented letter after an accent macro (\'e, \'{e}, \'{\i}): the letter, then the
  // Unicode combining mark, which every browser draws as one character.
  std::string accented(char accent) {
    static constexpr std::array<std::pair<char, std::string_view>, 13> kMarks = {{{'\'', "\u0301"},
                                                                                  {'"', "\u0308"},
                                                                                  {'^', "\u0302"},
                                                                                  {'`', "\u0300"},
                                                                                  {'~', "\u0303"},
                                                                                  {'=', "\u0304"},
                                                                                  {'.', "\u0307"},
                                                                                  {'c', "\u0327"},
                                                                                  {'v', "\u030C"},
                                                                                  {'u', "\u0306"},
                                                                                  {'H', "\u030B"},
                                                                                  {'k', "\u0328"},
                                                                                  {'r', "\u030A"}}};
    std::string_view mark;
    for (auto [a, m] : kMarks) {
      if (a == accent) mark = m;
    }
    std::string letter;
    bool braced = i_ < text_.size() && text_[i_] == '{';
    if (braced) ++i_;
    if (text_.substr(i_).starts_with("\\i")) {
      letter = "i";
      i_ += 2;
    } else if (i_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[i_]))) {
      letter = text_[i_++];
    }
    if (braced && i_ < text_.size() && text_[i_] == '}') ++i_;
    if (letter.empty()) return std::string(mark);
    return letter + std::string(mark);
  }

  std::string macro() {
    std::string_view rest = text_.substr(i_);
    if (rest.size() >= 2 && std::string_view("%&_#{}").find(rest[1]) != std::string_view::npos) {
      i_ += 2;
      return xml_escape(rest.substr(1, 1));
    }
    if (rest.starts_with("\\$")) return i_ += 2, "<span class=\"tex-dollar\">&#36;</span>";
    if (rest.starts_with("\\\\")) return i_ += 2, " ";
    // Accents: \'e, \"{o}, \^\i: the letter followed by the combining mark.
    if (rest.size() >= 2 && std::string_view("'\"^`~=.").find(rest[1]) != std::string_view::npos) {
      i_ += 2;
      return accented(rest[1]);
    }
    std::string_view name = peek_macro_name();
    if (name.empty()) return ++i_, "\\";
    i_ += 1 + name.size();
    for (auto [macro_name, html] : kStyleMacros) {
      if (name == macro_name) return open_tag(html) + argument() + close_tag(html);
    }
    if (name == "url") {
      std::string target = raw_argument();
      return is_web_url(target) ? paperboy::link(target, xml_escape(target)) : xml_escape(target);
    }
    if (name == "href") {
      std::string target = raw_argument();
      std::string label = argument();
      return is_web_url(target) ? paperboy::link(target, label) : label;
    }
    if (name == "ldots" || name == "dots") return "…";
    if (name == "LaTeX") return "LaTeX";
    if (name == "TeX") return "TeX";
    if (name.size() == 1 && std::string_view("cvuHkr").find(name[0]) != std::string_view::npos) {
      while (i_ < text_.size() && text_[i_] == ' ') ++i_;
      return accented(name[0]);
    }
    if (name == "i") return "ı";
    if (name == "ss") return "ß";
    if (name == "o") return "ø";
    if (name == "O") return "Ø";
    if (name == "ae") return "æ";
    if (name == "l") return "ł";
    // Any other macro is shown as written: better a visible \cite than a silently lost word.
    return xml_escape("\\" + std::string(name));
  }

  static constexpr int kMaxDepth = 100;
  std::string_view text_;
  bool link_urls_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string tex_to_html(std::string_view text, bool link_urls) {
  return TexToHtml(text, link_urls).run();
}

bool has_math(std::string_view html) {
  return html.find('$') != std::string_view::npos || html.find("\\(") != std::string_view::npos ||
         html.find("\\[") != std::string_view::npos;
}

}  // namespace paperboy
