#include "server/post_markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <vector>

#include "core/markup_escape.h"

namespace paperboy {
namespace {

// Placeholders from Unicode's private use area stand for math and for lone dollars while
// cmark parses: they mean nothing to Markdown, and a reader's own are replaced first.
constexpr std::string_view kMathOpen = "\xEE\x80\x80";     // U+E000
constexpr std::string_view kMathClose = "\xEE\x80\x81";    // U+E001
constexpr std::string_view kDollar = "\xEE\x80\x82";       // U+E002
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

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
  std::array<size_t, 4> gave_up{};
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, kMathOpen) == 0 || text.compare(i, 3, kMathClose) == 0 ||
        text.compare(i, 3, kDollar) == 0) {
      out.markdown += kReplacement;
      i += 3;
      continue;
    }
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '$') {
      out.markdown += kDollar;  // \$ is a dollar the writer meant
      i += 2;
      continue;
    }
    const bool may_open =
        text[i] == '$' || text.compare(i, 2, "\\(") == 0 || text.compare(i, 2, "\\[") == 0;
    if (may_open) {
      if (size_t end = math_end(text, i, gave_up); end != std::string_view::npos) {
        out.markdown +=
            std::string(kMathOpen) + std::to_string(out.math.size()) + std::string(kMathClose);
        out.math.emplace_back(text.substr(i, end - i));
        i = end;
        continue;
      }
    }
    if (text[i] == '$') {
      out.markdown += kDollar;
      ++i;
      continue;
    }
    out.markdown += text[i++];
  }
  return out;
}

std::string restore_math(std::string_view html, const std::vector<std::string>& math) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 3, kDollar) == 0) {
      out += "<span>&#36;</span>";  // alone in its element, so KaTeX never pairs it
      i += 3;
      continue;
    }
    if (html.compare(i, 3, kMathOpen) == 0) {
      size_t close = html.find(kMathClose, i + 3);
      if (close != std::string_view::npos) {
        size_t index = 0;
        bool digits = close > i + 3;
        for (size_t k = i + 3; k < close && digits; ++k) {
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
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  if (starts("https://") || starts("http://")) return true;
  if (image) return false;  // no data: images, no images from this site's own actions
  if (starts("mailto:")) return true;
  // A path on this site or a fragment: no scheme before the first '/', '?' or '#'.
  const size_t colon = url.find(':');
  const size_t first_part_end = url.find_first_of("/?#");
  return colon == std::string_view::npos ||
         (first_part_end != std::string_view::npos && first_part_end < colon);
}

void attach_extensions(cmark_parser* parser) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  for (const char* name : {"autolink", "strikethrough", "table"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, extension);
    }
  }
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

std::string post_to_html(std::string_view markdown) {
  ProtectedText text = protect_math(markdown);
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(
      cmark_parser_new(CMARK_OPT_VALIDATE_UTF8), cmark_parser_free);
  attach_extensions(parser.get());
  cmark_parser_feed(parser.get(), text.markdown.data(), text.markdown.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> root(cmark_parser_finish(parser.get()),
                                                          cmark_node_free);
  // cmark's safe mode already drops javascript:, vbscript:, file: and most data: URLs; only
  // the schemes a discussion needs are kept.
  std::unique_ptr<cmark_iter, void (*)(cmark_iter*)> walk(cmark_iter_new(root.get()),
                                                          cmark_iter_free);
  for (cmark_event_type event; (event = cmark_iter_next(walk.get())) != CMARK_EVENT_DONE;) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(walk.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
    const char* url = cmark_node_get_url(node);
    if (url && !safe_url(url, type == CMARK_NODE_IMAGE)) cmark_node_set_url(node, "");
  }
  char* rendered = cmark_render_html(root.get(), CMARK_OPT_DEFAULT,
                                     cmark_parser_get_syntax_extensions(parser.get()));
  std::string html(rendered);
  free(rendered);  // NOLINT: cmark allocates with malloc
  // The renderer writes these attribute openings itself; a reader's "<a href=" arrives escaped.
  html = replace_all(std::move(html), "<a href=\"", "<a rel=\"nofollow ugc noopener\" href=\"");
  html = replace_all(std::move(html), "<img src=\"",
                     "<img loading=\"lazy\" referrerpolicy=\"no-referrer\" src=\"");
  return restore_math(html, text.math);
}

}  // namespace paperboy
