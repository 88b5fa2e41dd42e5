// Discussion posts rendered: Markdown as asked, every hostile input inert (issue 18).
#include "server/formats/post_markdown.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

bool has(const std::string& html, std::string_view piece) {
  return html.find(piece) != std::string::npos;
}

TEST(PostMarkdownTest, MarkdownBecomesItsElements) {
  const std::string html =
      post_to_html("**bold**, *it*, `code`, ~~gone~~\n\n- one\n- two\n\n> quoted");
  EXPECT_TRUE(has(html, "<strong>bold</strong>"));
  EXPECT_TRUE(has(html, "<em>it</em>"));
  EXPECT_TRUE(has(html, "<code>code</code>"));
  EXPECT_TRUE(has(html, "<del>gone</del>"));
  EXPECT_TRUE(has(html, "<li>one</li>"));
  EXPECT_TRUE(has(html, "<blockquote>"));
}

TEST(PostMarkdownTest, LinksAreMarkedAsReadersLinks) {
  const std::string html =
      post_to_html("[code](https://github.com/a/b) and https://arxiv.org/abs/2410.14649");
  EXPECT_TRUE(
      has(html, "<a rel=\"nofollow ugc noopener\" href=\"https://github.com/a/b\">code</a>"));
  EXPECT_TRUE(
      has(html, "<a rel=\"nofollow ugc noopener\" href=\"https://arxiv.org/abs/2410.14649\">"));
}

TEST(PostMarkdownTest, RawHtmlAndScriptsAreLeftOut) {
  const std::string html = post_to_html(
      "<script>alert(1)</script>\n\nhello <b onclick=\"x()\">there</b> <img src=x "
      "onerror=alert(1)>");
  EXPECT_FALSE(has(html, "<script"));
  EXPECT_FALSE(has(html, "<b "));
  EXPECT_FALSE(has(html, "onerror"));
  EXPECT_FALSE(has(html, "onclick"));
  EXPECT_TRUE(has(html, "hello"));
}

TEST(PostMarkdownTest, DangerousLinksLoseTheirTarget) {
  for (const char* typed :
       {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,<script>)",
        "[x](data:image/png;base64,AAAA)", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
        "![x](data:image/png;base64,AAAA)", "![x](javascript:alert(1))"}) {
    const std::string html = post_to_html(typed);
    EXPECT_FALSE(has(html, "javascript:")) << typed << " -> " << html;
    EXPECT_FALSE(has(html, "data:")) << typed << " -> " << html;
    EXPECT_FALSE(has(html, "vbscript:")) << typed << " -> " << html;
    EXPECT_FALSE(has(html, "file:")) << typed << " -> " << html;
    // Issue 36, item 19: no link to nowhere (an <a href=""> that reloads the page): its text.
    EXPECT_FALSE(has(html, "<a")) << typed << " -> " << html;
    EXPECT_FALSE(has(html, "<img")) << typed << " -> " << html;
    EXPECT_TRUE(has(html, "x")) << typed << " -> " << html;
  }
  EXPECT_EQ(post_to_html("see [the *demo*](javascript:go()) now"),
            "<p>see the <em>demo</em> now</p>\n");
  EXPECT_EQ(post_to_html("![a *b*](javascript:x) [c](https://ok.example)"),
            "<p>a <em>b</em> <a rel=\"nofollow ugc noopener\" href=\"https://ok.example\">c</a>"
            "</p>\n");
  EXPECT_TRUE(has(post_to_html("[paper](/papers/2410.14649)"), "href=\"/papers/2410.14649\""));
  EXPECT_TRUE(has(post_to_html("[me](mailto:ada@example.org)"), "href=\"mailto:ada@example.org\""));
}

TEST(PostMarkdownTest, MathIsLeftForKatexUntouchedByMarkdown) {
  const std::string html =
      post_to_html(R"(We have $a_1 * b_1 * c$ and $$\sum_i x_i^*$$ and \(y_2\).)");
  EXPECT_TRUE(has(html, "$a_1 * b_1 * c$"));
  EXPECT_TRUE(has(html, "$$\\sum_i x_i^*$$"));
  EXPECT_TRUE(has(html, "\\(y_2\\)"));
  EXPECT_FALSE(has(html, "<em>"));
  // Math is escaped like any text.
  EXPECT_TRUE(has(post_to_html("$x < y$"), "$x &lt; y$"));
}

TEST(PostMarkdownTest, MoneyIsNotMath) {
  const std::string html = post_to_html("It costs $5 and $10, or \\$3.");
  EXPECT_FALSE(has(html, "$5 and $"));
  EXPECT_TRUE(has(html, "<span>&#36;</span>5"));
  EXPECT_TRUE(has(html, "<span>&#36;</span>3"));
}

TEST(PostMarkdownTest, ReadersPlaceholderCharactersAreReplaced) {
  const std::string html = post_to_html(
      "\xEE\x80\x80"
      "0"
      "\xEE\x80\x81 and $x$");
  EXPECT_TRUE(has(html, "\xEF\xBF\xBD"));
  EXPECT_EQ(html.find("$x$"), html.rfind("$x$"));  // the math once, not pulled in twice
}

TEST(PostMarkdownTest, TenThousandNestedQuotesRenderInTime) {
  const std::string typed = std::string(10000, '>') + " deep";
  ASSERT_TRUE(accept_post_text(typed).ok());
  const std::string html = post_to_html(typed);
  EXPECT_TRUE(has(html, "deep"));
  EXPECT_TRUE(has(html, "<blockquote>"));
}

TEST(PostMarkdownTest, LoneDollarsEverywhereAreReadOnce) {
  std::string typed;
  while (typed.size() < kMaxPostBytes - 3) typed += "$a ";
  const std::string html = post_to_html(typed);
  EXPECT_TRUE(has(html, "<span>&#36;</span>a"));
}

TEST(PostMarkdownTest, RightToLeftOverridesAreKeptAsText) {
  const std::string typed = "evil \u202Etxt.exe";
  EXPECT_EQ(*accept_post_text(typed), typed);
  EXPECT_TRUE(has(post_to_html(typed), "\u202E"));
}

TEST(PostMarkdownTest, TheTextIsAcceptedAsTypedOrRefusedWithAReason) {
  EXPECT_EQ(*accept_post_text("  keep  *this*\n"), "  keep  *this*\n");
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(*accept_post_text(with_nul),
            "a\xEF\xBF\xBD"
            "b");
  auto big = accept_post_text(std::string(size_t{100} * 1024, 'x'));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("at most 20000 bytes; this one has 102400"),
            std::string::npos);
  EXPECT_NE(accept_post_text(" \n\t ").error().message.find("needs some text"), std::string::npos);
  EXPECT_NE(accept_post_text("ok \xC3\x28").error().message.find("not valid UTF-8 (byte 4)"),
            std::string::npos);
}

// The attacks of issue 32: each renders within a bounded size, degraded where it must be.
size_t count(const std::string& html, const std::string& what) {
  size_t n = 0;
  for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
  return n;
}

TEST(PostMarkdownTest, AWideTableOverManyRowsIsShownAsTextNotPadded) {
  std::string bomb = "|";
  for (int i = 0; i < 3000; ++i) bomb += "a|";
  bomb += "\n|";
  for (int i = 0; i < 3000; ++i) bomb += "-|";
  bomb += "\n";
  while (bomb.size() + 2 <= kMaxPostBytes) bomb += "x\n";
  const std::string html = post_to_html(bomb);
  EXPECT_LT(html.size(), 20 * bomb.size());
  EXPECT_EQ(html.find("<td"), std::string::npos);
  // An ordinary table is still a table.
  const std::string table = post_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
  EXPECT_EQ(count(table, "<td"), 4u) << table;
}

TEST(PostMarkdownTest, NestingOnOneLineStopsAtSixteenLevels) {
  const std::string quotes = post_to_html(std::string(10000, '>') + std::string(10000, '['));
  EXPECT_EQ(count(quotes, "<blockquote>"), 16u);
  std::string items;
  while (items.size() < kMaxPostBytes - 10) items += "* ";
  items += "[a *b*";
  const std::string lists = post_to_html(items);
  EXPECT_EQ(count(lists, "<ul>"), 16u);
  // Ordinary nesting is untouched.
  EXPECT_EQ(count(post_to_html("> > quoted twice\n\n- a\n  - b\n"), "<blockquote>"), 2u);
}

TEST(PostMarkdownTest, AnOversizedRenderingBecomesEscapedText) {
  // Reference links repeat a long address: a few bytes each, a kilobyte each rendered.
  std::string typed = "[r]: https://example.org/" + std::string(900, 'a') + "\n\n";
  while (typed.size() + 4 <= kMaxPostBytes) typed += "[r] ";
  const std::string html = post_to_html(typed);
  EXPECT_LE(html.size(), 600u * 1024);
  EXPECT_EQ(html.find("<a "), std::string::npos);
  EXPECT_EQ(html.rfind("<p>", 0), 0u);
}

TEST(PostMarkdownTest, PlaceholdersCannotBeForgedWithCharacterReferences) {
  const std::string html =
      post_to_html("$a<b$ then &#xE000;0&#xE001; and &#57344;0&#57345; and [l](&#xE000;0&#xE001;)");
  EXPECT_EQ(count(html, "$a&lt;b$"), 1u) << html;
  EXPECT_EQ(html.find("&#36;"), std::string::npos) << html;
  const std::string dollars = post_to_html("&#xE002; costs \\$3");
  EXPECT_EQ(count(dollars, "<span>&#36;</span>"), 1u) << dollars;
}

TEST(PostMarkdownTest, LinksToAnotherHostWithoutAschemeAreDropped) {
  for (const char* typed :
       {"[x](//evil.example/)", "[x](/\\evil.example)", "[x](< //evil.example>)"}) {
    const std::string html = post_to_html(typed);
    EXPECT_EQ(html.find("evil.example\""), std::string::npos) << typed << " -> " << html;
    EXPECT_EQ(html, "<p>x</p>\n") << typed << ": the link's text, no link";
  }
}

}  // namespace
}  // namespace paperboy
