#include "server/formats/post_markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <vector>

#include "core/markup_escape.h"
#include "server/http/same_site.h"

namespace paperboy {
namespace {

// Placeholders from Unicode's private use area stand for math and for lone dollars while
// cmark parses: they mean nothing to Markdown, and a reader's own are replaced first. A
// reader can still write them as character references (&#xE000;), which cmark decodes, so
// each placeholder also carries a nonce drawn for this render: only ours are restored.
constexpr std::string_view kMathOpen = "\xEE\x80\x80";     // U+E000
constexpr std::string_view kMathClose = "\xEE\x80\x81";    // U+E001
constexpr std::string_view kDollar = "\xEE\x80\x82";       // U+E002
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The work one post may cost, whatever it holds (found by attack: a 20 KB table of thousands
// of columns made cmark build 15 million cells; one line of thousands of nested quotes or
// list items made its inline parsing quadratic). Past these the post is shown degraded, never
// refused after it was accepted: tables as text, deeper nesting as literal markers, and an
// oversized rendering as escaped plain text.
constexpr size_t kMaxTableCells = 20000;  // columns of the widest table x lines of the post
constexpr size_t kMaxNesting = 16;        // block quotes and list items opened on one line
constexpr size_t kMaxHtmlBytes = size_t{512} * 1024;

// 16 hex digits from the thread's generator, seeded once from the system.
std::string render_nonce() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string nonce(16, '0');
  uint64_t bits = generator();
  for (char& c : nonce) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return nonce;
}

// The length of the valid UTF-8 sequence at `i`, or 0.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogates
  if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
  if (n == 4 && c == 0xF4 && b(i + 1) >= 0x90) return 0;  // beyond U+10FFFF
  return n;
}

struct ProtectedText {
  std::string markdown;
  std::vector<std::string> math;  // each span as written, delimiters included
  std::string nonce;              // follows every placeholder's opening character
};

// Where the math span opening at `i` ends (one past its closing delimiter), or npos. Inline
// dollars follow Pandoc: no space just inside either dollar, no digit right after the closing
// one, and no blank line within ("$5 and $10" is money, not math).
// A search that failed stays failed for later openers up to where it stopped (`gave_up`, per
// delimiter), so a text full of lone dollars is read once, not once per dollar.
size_t math_end(std::string_view s, size_t i, std::array<size_t, 4>& gave_up) {
  auto close_at = [&](std::string_view close, size_t from) -> size_t {
    const size_t kind = close == "$$" ? 0 : close == "\\)" ? 1 : close == "\\]" ? 2 : 3;
    if (from < gave_up[kind]) return std::string_view::npos;
    for (size_t j = from; j < s.size(); ++j) {
      if (s.compare(j, 2, "\n\n") == 0) {
        gave_up[kind] = j;
        return std::string_view::npos;
      }
      if (s.compare(j, close.size(), close) == 0) {
        const bool money =
            close == "$" &&
            (s[j - 1] == ' ' ||
             (j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))));
        if (!money) return j + close.size();
      }
      if (s[j] == '\\') ++j;  // an escaped character never closes
    }
    gave_up[kind] = s.size();
    return std::string_view::npos;
  };
  if (s.compare(i, 2, "$$") == 0) return close_at("$$", i + 2);
  if (s.compare(i, 2, "\\(") == 0) return close_at("\\)", i + 2);
  if (s.compare(i, 2, "\\[") == 0) return close_at("\\]", i + 2);
  if (s[i] == '$' && i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '\n')
    return close_at("$", i + 1);
  return std::string_view::npos;
}

ProtectedText protect_math(std::string_view text) {
  ProtectedText out;
  out.nonce = render_nonce();
  std::array<size_t, 4> gave_up{};
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, kMathOpen) == 0 || text.compare(i, 3, kMathClose) == 0 ||
        text.compare(i, 3, kDollar) == 0) {
      out.markdown += kReplacement;
      i += 3;
      continue;
    }
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '$') {
      out.markdown += std::string(kDollar) + out.nonce;  // \$ is a dollar the writer meant
      i += 2;
      continue;
    }
    const bool may_open =
        text[i] == '$' || text.compare(i, 2, "\\(") == 0 || text.compare(i, 2, "\\[") == 0;
    if (may_open) {
      if (size_t end = math_end(text, i, gave_up); end != std::string_view::npos) {
        out.markdown += std::string(kMathOpen) + out.nonce + std::to_string(out.math.size()) +
                        std::string(kMathClose);
        out.math.emplace_back(text.substr(i, end - i));
        i = end;
        continue;
      }
    }
    if (text[i] == '$') {
      out.markdown += std::string(kDollar) + out.nonce;
      ++i;
      continue;
    }
    out.markdown += text[i++];
  }
  return out;
}

std::string restore_math(std::string_view html, const ProtectedText& text) {
  const std::vector<std::string>& math = text.math;
  const size_t opening = 3 + text.nonce.size();
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 3, kDollar) == 0 &&
        html.compare(i + 3, text.nonce.size(), text.nonce) == 0) {
      out += "<span>&#36;</span>";  // alone in its element, so KaTeX never pairs it
      i += opening;
      continue;
    }
    if (html.compare(i, 3, kMathOpen) == 0 &&
        html.compare(i + 3, text.nonce.size(), text.nonce) == 0) {
      size_t close = html.find(kMathClose, i + opening);
      if (close != std::string_view::npos) {
        size_t index = 0;
        bool digits = close > i + opening;
        for (size_t k = i + opening; k < close && digits; ++k) {
          digits = std::isdigit(static_cast<unsigned char>(html[k])) != 0;
          if (digits) index = index * 10 + static_cast<size_t>(html[k] - '0');
        }
        if (digits && index < math.size()) {
          out += xml_escape(math[index]);
          i = close + 3;
          continue;
        }
      }
    }
    out += html[i++];
  }
  return out;
}

bool safe_url(std::string_view url, bool image) {
  if (url.empty()) return true;
  auto starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    return std::equal(prefix.begin(), prefix.end(), url.begin(), [](char wanted, char c) {
      return std::tolower(static_cast<unsigned char>(c)) == wanted;
    });
  };
  if (starts("https://") || starts("http://")) return true;
  if (image) return false;  // no data: images, no images from this site's own actions
  if (starts("mailto:")) return true;
  return is_same_site_reference(url);  // never "//host", which leaves the site
}

// The length of the block-container marker at `i` ("> ", "- ", "* ", "+ ", "12. ", "3) "),
// or 0; `escape_at` is where a backslash makes it literal text.
size_t container_marker(std::string_view line, size_t i, size_t& escape_at) {
  auto ends_marker = [&](size_t k) {
    return k >= line.size() || line[k] == ' ' || line[k] == '\t';
  };
  if (line[i] == '>') {
    escape_at = i;
    return 1;
  }
  if ((line[i] == '-' || line[i] == '+' || line[i] == '*') && ends_marker(i + 1)) {
    escape_at = i;
    return 1;
  }
  size_t k = i;
  while (k < line.size() && k - i < 9 && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
  if (k > i && k < line.size() && (line[k] == '.' || line[k] == ')') && ends_marker(k + 1)) {
    escape_at = k;
    return k + 1 - i;
  }
  return 0;
}

// Each line opens at most kMaxNesting quotes and list items; a marker past that is escaped,
// so it shows as the character typed.
std::string limit_nesting(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, end - start);
    size_t depth = 0, i = 0, escape_at = 0;
    std::optional<size_t> escape;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      const size_t length = container_marker(line, i, escape_at);
      if (length == 0) break;
      if (++depth > kMaxNesting) {
        escape = escape_at;
        break;
      }
      i += length;
    }
    if (escape) {
      out.append(line.substr(0, *escape)).append("\\").append(line.substr(*escape));
    } else {
      out.append(line);
    }
    start = end;
  }
  return out;
}

// An upper bound on the cells cmark's table extension would build: it pads every row to its
// header's width, so a wide header over many short lines costs columns x lines. The header's
// width is its delimiter row's (|---|:--:|), whichever line that is.
size_t table_cells_bound(std::string_view text) {
  size_t lines = 1, widest = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++lines;
    bool delimiter_row =
        line.find('|') != std::string_view::npos && line.find('-') != std::string_view::npos;
    size_t dash_runs = 0;
    for (size_t k = 0; k < line.size() && delimiter_row; ++k) {
      const char c = line[k];
      delimiter_row = std::string_view(" \t|:->+*.)0123456789").find(c) != std::string_view::npos;
      if (c == '-' && (k == 0 || line[k - 1] != '-')) ++dash_runs;
    }
    if (delimiter_row) widest = std::max(widest, dash_runs);
    start = end + 1;
  }
  return widest * lines;
}

void attach_extensions(cmark_parser* parser, bool tables) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  for (const char* name : {"autolink", "strikethrough", "table"}) {
    if (!tables && std::string_view(name) == "table") continue;
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, extension);
    }
  }
}

// Puts a node's children in its place and frees it.
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) cmark_node_insert_before(node, child);
  cmark_node_free(node);  // unlinks it first
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

Result<std::string> accept_post_text(std::string_view typed) {
  if (typed.size() > kMaxPostBytes) {
    return Error{"a comment holds at most " + std::to_string(kMaxPostBytes) +
                     " bytes; this one has " + std::to_string(typed.size()),
                 ErrorCode::kInvalid};
  }
  std::string text;
  text.reserve(typed.size());
  bool blank = true;
  for (size_t i = 0; i < typed.size();) {
    if (typed[i] == '\0') {
      text += kReplacement;
      ++i;
      continue;
    }
    const size_t n = utf8_sequence(typed, i);
    if (n == 0) {
      return Error{"the text is not valid UTF-8 (byte " + std::to_string(i + 1) + ")",
                   ErrorCode::kInvalid};
    }
    if (n > 1 || !std::isspace(static_cast<unsigned char>(typed[i]))) blank = false;
    text.append(typed.substr(i, n));
    i += n;
  }
  if (blank) return Error{"a comment needs some text", ErrorCode::kInvalid};
  return text;
}

namespace {

// The post as escaped text in paragraphs: what a post too costly to show as Markdown becomes.
std::string plain_text_html(std::string_view markdown) {
  std::string html = "<p>";
  for (size_t start = 0; start <= markdown.size();) {
    size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    if (start > 0) html += "<br>\n";
    html += xml_escape(markdown.substr(start, end - start));
    start = end + 1;
  }
  return html + "</p>\n";
}

std::string render_post(std::string_view markdown) {
  ProtectedText text = protect_math(markdown);
  text.markdown = limit_nesting(text.markdown);
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(
      cmark_parser_new(CMARK_OPT_VALIDATE_UTF8), cmark_parser_free);
  attach_extensions(parser.get(), table_cells_bound(text.markdown) <= kMaxTableCells);
  cmark_parser_feed(parser.get(), text.markdown.data(), text.markdown.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> root(cmark_parser_finish(parser.get()),
                                                          cmark_node_free);
  // Only the schemes a discussion needs are kept (cmark's safe mode would drop javascript: and
  // the like too, but as a link to nowhere). A link or image to any other place becomes its
  // text: "[js](javascript:alert(1))" reads "js", as typed, and is no link at all.
  std::vector<cmark_node*> unsafe;
  {
    std::unique_ptr<cmark_iter, void (*)(cmark_iter*)> walk(cmark_iter_new(root.get()),
                                                            cmark_iter_free);
    for (cmark_event_type event; (event = cmark_iter_next(walk.get())) != CMARK_EVENT_DONE;) {
      if (event != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(walk.get());
      const cmark_node_type type = cmark_node_get_type(node);
      if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
      const char* url = cmark_node_get_url(node);
      if (url == nullptr || *url == '\0' || !safe_url(url, type == CMARK_NODE_IMAGE))
        unsafe.push_back(node);
    }
  }
  // Innermost first (the walk met outer links first), so a node is unwrapped before the node
  // that holds it.
  std::for_each(unsafe.rbegin(), unsafe.rend(), unwrap);
  char* rendered = cmark_render_html(root.get(), CMARK_OPT_DEFAULT,
                                     cmark_parser_get_syntax_extensions(parser.get()));
  std::string html(rendered);
  free(rendered);  // NOLINT: cmark allocates with malloc
  if (html.size() > kMaxHtmlBytes) return plain_text_html(markdown);
  // The renderer writes these attribute openings itself; a reader's "<a href=" arrives escaped.
  html = replace_all(std::move(html), "<a href=\"", R"(<a rel="nofollow ugc noopener" href=")");
  html = replace_all(std::move(html), "<img src=\"",
                     R"(<img loading="lazy" referrerpolicy="no-referrer" src=")");
  return restore_math(html, text);
}

// Rendered posts by their text, so a page read a thousand times renders each post once. Bounded
// by the bytes it holds; the least recently used go first.
class RenderedPosts {
 public:
  std::string html_for(std::string_view markdown) {
    std::string key(markdown);
    {
      std::lock_guard lock(mutex_);
      if (auto found = index_.find(key); found != index_.end()) {
        order_.splice(order_.begin(), order_, found->second);
        return found->second->second;
      }
    }
    std::string html = render_post(markdown);
    std::lock_guard lock(mutex_);
    if (index_.count(key) == 0 && key.size() + html.size() < kMaxBytes / 4) {
      bytes_ += key.size() + html.size();
      order_.emplace_front(key, html);
      index_.emplace(std::move(key), order_.begin());
      while (bytes_ > kMaxBytes && !order_.empty()) {
        bytes_ -= order_.back().first.size() + order_.back().second.size();
        index_.erase(order_.back().first);
        order_.pop_back();
      }
    }
    return html;
  }

 private:
  static constexpr size_t kMaxBytes = 32 << 20;
  std::mutex mutex_;
  std::list<std::pair<std::string, std::string>> order_;  // most recently used first
  std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace

std::string post_to_html(std::string_view markdown) {
  // A memo of a pure function, shared by every request of the process.
  static RenderedPosts rendered;
  return rendered.html_for(markdown);
}

}  // namespace paperboy
