// Text-mode LaTeX in titles and abstracts rendered as HTML, math left for KaTeX (issue 15.16).
#include "server/formats/tex_html.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(TexToHtml, TextModeCommandsBecomeTheirTypesetForm) {
  EXPECT_EQ(tex_to_html(R"(\textit{O}bstacles)", true), "<em>O</em>bstacles");
  EXPECT_EQ(tex_to_html(R"(improves by 54.6\% ({\it vs.} 41\%))", true),
            "improves by 54.6% (<em>vs.</em> 41%)");
  EXPECT_EQ(tex_to_html(R"(a method we term \textsc{AIEV-Instruct} (Instruction))", true),
            R"(a method we term <span class="sc">AIEV-Instruct</span> (Instruction))");
  EXPECT_EQ(tex_to_html(R"(\textbf{bold}, {\bf also}, \emph{this}, \texttt{code_name})", true),
            "<strong>bold</strong>, <strong>also</strong>, <em>this</em>, <code>code_name</code>");
  // Accents as the letter and a combining mark ("a\u0301" draws as "á").
  EXPECT_EQ(tex_to_html(R"(``quoted'' -- and --- Bal\'azs, G\"{o}del, \c{c}a, Ng\^{\i})", true),
            "“quoted” – and — Bala\u0301zs, Go\u0308del, c\u0327a, Ngi\u0302");
  EXPECT_EQ(tex_to_html(R"(R\&D \_x \#1 {grouped} a~b)", true), "R&amp;D _x #1 grouped a&nbsp;b");
}

// Issue 36, item 20: abstracts write scripts outside $…$ too.
TEST(TexToHtml, ScriptsOutsideMathAreSetAsScripts) {
  EXPECT_EQ(tex_to_html("an operator, called\nG_{stack}, that", true),
            "an operator, called\nG<sub>stack</sub>, that");
  EXPECT_EQ(tex_to_html("variance sigma_{max}^2 and (sigma_{1:T}^2)", true),
            "variance sigma<sub>max</sub><sup>2</sup> and (sigma<sub>1:T</sub><sup>2</sup>)");
  EXPECT_EQ(tex_to_html("O(n^2) time, L_1 loss, x_{\\textit{i}}", true),
            "O(n<sup>2</sup>) time, L<sub>1</sub> loss, x<sub><em>i</em></sub>");
  // Not scripts: identifiers, spaced operators, several digits, math, a script at the start.
  for (const char* plain : {"snake_case and model_v2", "a ^ b", "2^10 and x_12", "_x first"})
    EXPECT_EQ(tex_to_html(plain, true), plain);
  EXPECT_EQ(tex_to_html("$G_{stack}$ in math", true), "$G_{stack}$ in math");
  EXPECT_EQ(tex_to_html("G_{<b>", true), "G<sub>&lt;b&gt;</sub>") << "escaped, closed";
}

TEST(TexToHtml, MathIsLeftForKatexAndDollarsStayApart) {
  EXPECT_EQ(tex_to_html(R"(an $O(\epsilon^{-3})$ bound with \textit{x})", true),
            R"(an $O(\epsilon^{-3})$ bound with <em>x</em>)");
  EXPECT_EQ(tex_to_html(R"(\(a<b\) and \[x\] and $$y$$)", true),
            R"(\(a&lt;b\) and \[x\] and $$y$$)");
  // Escaped dollars are text, in elements of their own so KaTeX never pairs them.
  std::string dollars = tex_to_html(R"(costs \$5 or \$10)", true);
  EXPECT_EQ(
      dollars,
      R"(costs <span class="tex-dollar">&#36;</span>5 or <span class="tex-dollar">&#36;</span>10)");
  EXPECT_FALSE(has_math(dollars));
  EXPECT_TRUE(has_math(tex_to_html("a $x$ b", true)));
  EXPECT_EQ(tex_to_html("a lone $ sign", true), "a lone $ sign");
}

TEST(TexToHtml, UrlsBecomeLinksWithoutTheirSentencePunctuation) {
  EXPECT_EQ(
      tex_to_html("Code: https://github.com/a/b_c~d.", true),
      R"(Code: <a href="https://github.com/a/b_c~d" rel="nofollow ugc noopener">https://github.com/a/b_c~d</a>.)");
  EXPECT_EQ(
      tex_to_html(R"((see \url{https://x.org/p?a=1&b=2}))", true),
      R"((see <a href="https://x.org/p?a=1&amp;b=2" rel="nofollow ugc noopener">https://x.org/p?a=1&amp;b=2</a>))");
  EXPECT_EQ(
      tex_to_html("(at https://x.org/page)", true),
      R"((at <a href="https://x.org/page" rel="nofollow ugc noopener">https://x.org/page</a>))");
  EXPECT_EQ(tex_to_html("https://x.org in a title", false), "https://x.org in a title");
}

TEST(TexToHtml, HostileAndBrokenInputStaysEscapedText) {
  EXPECT_EQ(tex_to_html("<script>alert(1)</script>", true),
            "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(tex_to_html(R"(\textit{unclosed and <b>)", true), "<em>unclosed and &lt;b&gt;</em>");
  EXPECT_EQ(tex_to_html(R"(stray } brace and \unknown{macro})", true),
            R"(stray } brace and \unknownmacro)");
  EXPECT_EQ(tex_to_html(R"(\href{javascript:alert(1)}{click} \url{data:text/html,x})", true),
            "click data:text/html,x");
  EXPECT_EQ(tex_to_html("trailing backslash \\", true), "trailing backslash \\");
  // Nesting a stack could not hold (groups, scripts, style macros) is read, not recursed into.
  for (const char* opening : {"{", "a_{", "\\textit{"}) {
    std::string deep;
    for (int i = 0; i < 200'000; ++i) deep += opening;
    const std::string html = tex_to_html(deep + "x", true);
    EXPECT_NE(html.find('x'), std::string::npos) << opening;
  }
}

}  // namespace
}  // namespace paperboy
