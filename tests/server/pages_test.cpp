// The HTML pages over real HTTP: what a reader without JavaScript gets.
#include <gtest/gtest.h>

#include <regex>

#include "index/lexical_index.h"
#include "server/hub_client.h"
#include "server/pages/page_helpers.h"
#include "server/server_fixture.h"

namespace paperboy::testing {
namespace {

class PagesTest : public ServerFixture {
 protected:
  static std::string page(const std::string& path, int status = 200) {
    auto res = get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return "";
    EXPECT_EQ(res->status, status) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    return res->body;
  }
  static size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
      ++n;
    return n;
  }
};

TEST_F(PagesTest, FrontPageShowsTheNewestDayWithNewBadges) {
  std::string html = page("/");
  EXPECT_NE(html.find("Daily papers · 2026-08-18"), std::string::npos);
  EXPECT_EQ(count(html, "<article class=\"card\""), items_in_file("2026-08-18"));
  EXPECT_EQ(count(html, "class=\"badge\">new<"), items_in_file("2026-08-18"));
  EXPECT_NE(html.find(R"(rel="prev" href="/papers/date/2025-11-05")"),
            std::string::npos);  // skips empty days
}

TEST_F(PagesTest, DayWeekAndMonthViews) {
  EXPECT_EQ(count(page("/papers/date/2025-10-21"), "<article class=\"card\""),
            items_in_file("2025-10-21"));
  std::string week = page("/papers/week/2025-W43");
  EXPECT_EQ(count(week, "<article class=\"card\""), items_in_file("2025-10-21"));
  std::string month = page("/papers/month/2025-10");
  size_t in_month = items_in_file("2025-10-21") + items_in_file("2025-10-09");
  ASSERT_GT(in_month, 50u);  // two pages of 50
  EXPECT_EQ(count(month, "<article class=\"card\""), 50u);
  EXPECT_EQ(count(page("/papers/month/2025-10?p=1"), "<article class=\"card\""), in_month - 50);
  EXPECT_NE(month.find("href=\"/papers/month/2025-10?p=1\""), std::string::npos);
  EXPECT_NE(page("/papers/date/2025-10-22").find("No papers were listed"), std::string::npos);
  page("/papers/date/2025-13-45", 400);
}

// Issue 15.12: week and month arrows skip empty spans and stop at the data's ends; a second
// page links back to the first.
TEST_F(PagesTest, WeekAndMonthArrowsSkipEmptySpansAndStopAtTheEnds) {
  std::string week = page("/papers/week/2025-W43");
  EXPECT_NE(week.find(R"(rel="prev" href="/papers/week/2025-W41")"),
            std::string::npos);  // 2025-10-09
  EXPECT_NE(week.find(R"(rel="next" href="/papers/week/2025-W45")"),
            std::string::npos);  // 2025-11-05
  std::string first_month = page("/papers/month/2025-10");
  EXPECT_EQ(first_month.find(R"(rel="prev" href="/papers/)"), std::string::npos)
      << "nothing before 2025-10-09";
  EXPECT_NE(first_month.find(R"(rel="next" href="/papers/month/2025-11")"), std::string::npos);
  std::string last_month = page("/papers/month/2026-08");
  EXPECT_NE(last_month.find(R"(rel="prev" href="/papers/month/2025-11")"),
            std::string::npos);  // not 2026-07
  EXPECT_EQ(last_month.find(R"(rel="next" href="/papers/)"), std::string::npos);
  std::string second = page("/papers/month/2025-10?p=1");
  EXPECT_NE(second.find(R"(rel="prev" href="/papers/month/2025-10">← Previous papers)"),
            std::string::npos);
  EXPECT_NE(page("/papers/month/2025-10?sort=time&p=1")
                .find(R"(href="/papers/month/2025-10?sort=time">← Previous)"),
            std::string::npos);
}

// Day and Week from a wider view open a span with papers (issue 36, item 10): the fixture's
// hub days are 2025-10-09, 2025-10-21, 2025-11-05 and 2026-08-18.
TEST_F(PagesTest, DayAndWeekSwitchesOpenASpanWithPapers) {
  auto views = [&](const std::string& path) {
    const std::string html = page(path);
    std::smatch m;
    std::regex nav(
        R"re(href="([^"]*)"[^>]*>Day</a>\s*<a href="([^"]*)"[^>]*>Week</a>\s*<a href="([^"]*)"[^>]*>Month</a>)re");
    EXPECT_TRUE(std::regex_search(html, m, nav)) << path;
    return std::vector<std::string>{m[1], m[2], m[3]};
  };
  EXPECT_EQ(views("/papers/month/2026-08"),
            (std::vector<std::string>{"/papers/date/2026-08-18", "/papers/week/2026-W34",
                                      "/papers/month/2026-08"}));
  EXPECT_EQ(views("/papers/week/2025-W43"),
            (std::vector<std::string>{"/papers/date/2025-10-21", "/papers/week/2025-W43",
                                      "/papers/month/2025-10"}));
  // A month with no papers: the nearest listed day before it.
  EXPECT_EQ(views("/papers/month/2025-12"),
            (std::vector<std::string>{"/papers/date/2025-11-05", "/papers/week/2025-W45",
                                      "/papers/month/2025-12"}));
  for (const std::string& day : {"/papers/date/2026-08-18", "/papers/date/2025-10-21"})
    EXPECT_NE(page(day).find("<article class=\"card\""), std::string::npos) << day;
}

TEST_F(PagesTest, SortByVotesOrByTime) {
  std::string by_votes = page("/papers/date/2025-10-21");
  std::string by_time = page("/papers/date/2025-10-21?sort=time");
  EXPECT_NE(by_votes, by_time);
  std::regex count_re(R"re(class="count">(\d+)<)re");
  std::vector<int> votes;
  for (std::sregex_iterator it(by_votes.begin(), by_votes.end(), count_re), end; it != end; ++it) {
    votes.push_back(std::stoi((*it)[1]));
  }
  ASSERT_FALSE(votes.empty());
  EXPECT_TRUE(std::is_sorted(votes.rbegin(), votes.rend()));
}

TEST_F(PagesTest, PaperPageHasAuthorsLinksAndBibtex) {
  json paper = get_json("/api/papers/" + listed_paper(), 200);
  std::string html = page("/papers/" + listed_paper());
  std::string first_author = paper["authors"][0]["name"];
  EXPECT_NE(html.find(">" + first_author + "</a>"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://arxiv.org/abs/" + listed_paper() + "\""), std::string::npos);
  EXPECT_NE(html.find("href=\"https://arxiv.org/pdf/" + listed_paper() + "\""), std::string::npos);
  EXPECT_NE(html.find("<pre class=\"bibtex\" id=\"bibtex\">@"), std::string::npos);
  EXPECT_NE(html.find("Copy BibTeX"), std::string::npos);
  // Old-style ids keep their slash in links.
  EXPECT_NE(page("/papers/math/0309136").find("href=\"https://arxiv.org/abs/math/0309136\""),
            std::string::npos);
}

TEST_F(PagesTest, UnknownAndMalformedPapersGetErrorPages) {
  EXPECT_NE(page("/papers/1901.00001", 404).find("Paper not found"), std::string::npos);
  EXPECT_NE(page("/papers/%3Cscript%3E", 400).find("&lt;script&gt;"), std::string::npos);
}

TEST_F(PagesTest, SearchShowsCountTimeHighlightsAndPages) {
  std::string html = page("/search?q=language%20models");
  EXPECT_NE(html.find(" results ("), std::string::npos);
  EXPECT_NE(html.find(" ms, lexical)"),
            std::string::npos);  // too few papers for vectors: lexical ranking
  EXPECT_EQ(count(html, "<article class=\"card\""), 20u);
  EXPECT_NE(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/search?q=language%20models&amp;p=1\""), std::string::npos);
  std::string second = page("/search?q=language%20models&p=1");
  EXPECT_NE(second.find("showing 21–"), std::string::npos);
  EXPECT_NE(page("/search?q=%22language%20models", 200).find("class=\"card\""),
            std::string::npos);  // parser falls back
  EXPECT_NE(page("/search?q=" + std::string(1001, 'a'), 400).find("too long"), std::string::npos);
}

// Issue 15.7: counts are grammatical and "About" only when estimated.
TEST_F(PagesTest, SearchCountsReadAsEnglish) {
  EXPECT_NE(page("/search?q=sheaves").find("<p class=\"summary\">1 result ("), std::string::npos);
  EXPECT_NE(page("/search?q=zzyzx%20qqqq&exact=1").find("<p class=\"summary\">No results ("),
            std::string::npos);
  std::string many = page("/search?q=language%20models");
  EXPECT_EQ(many.find("About "), std::string::npos);
  EXPECT_EQ(result_count_text(12400, 1000), "About 12,400 results");
  EXPECT_EQ(result_count_text(204, 1000), "204 results");
  EXPECT_EQ(result_count_text(1, 1000), "1 result");
}

// Issue 15.4 and 15.6 on the page: the correction is shown with a way back to the words as
// typed, and the order can be chosen.
TEST_F(PagesTest, SearchPageSaysWhatItCorrectedAndSorts) {
  std::string corrected = page("/search?q=difusion%20transformer");
  EXPECT_NE(
      corrected.find(
          "Showing results for <a href=\"/search?q=diffusion%20transformer\"><strong>diffusion "
          "transformer</strong>"),
      std::string::npos);
  EXPECT_NE(corrected.find("href=\"/search?q=difusion%20transformer&amp;exact=1\">Search instead "
                           "for <em>difusion transformer</em>"),
            std::string::npos);
  std::string exact = page("/search?q=difusion%20transformer&exact=1");
  EXPECT_NE(exact.find("Did you mean <a href=\"/search?q=diffusion%20transformer\">"),
            std::string::npos);
  std::string newest = page("/search?q=language%20models&sort=newest");
  EXPECT_NE(newest.find("<option value=\"newest\" selected>Newest</option>"), std::string::npos);
  EXPECT_NE(newest.find("href=\"/search?q=language%20models&amp;sort=newest&amp;p=1\""),
            std::string::npos);
  // Each card shows the date the list is in order of, said to be the publication date, not the
  // hub's listing day (issue 36, item 20).
  const std::regex published_day(R"re(published <time datetime="(\d{4}-\d\d-\d\d)")re");
  std::vector<std::string> days;
  for (auto it = std::sregex_iterator(newest.begin(), newest.end(), published_day);
       it != std::sregex_iterator(); ++it) {
    days.push_back((*it)[1]);
  }
  EXPECT_EQ(days.size(), count(newest, "<article class=\"card\""));
  EXPECT_TRUE(std::is_sorted(days.rbegin(), days.rend())) << "newest first";
  EXPECT_EQ(page("/search?q=language%20models").find("published <time"), std::string::npos);
  page("/search?q=language&sort=sideways", 400);
}

TEST_F(PagesTest, TrendingExplainsItsFormula) {
  std::string html = page("/trending");
  EXPECT_NE(html.find("votes / (age in hours + 2)^1.8"), std::string::npos);
  EXPECT_GT(count(html, "<article class=\"card\""), 10u);
  // A card says its place, not a raw score (issue 36, item 20).
  EXPECT_NE(html.find("trending #1"), std::string::npos);
  EXPECT_EQ(html.find("score 0."), std::string::npos);
}

TEST_F(PagesTest, AuthorPageListsTheirPapers) {
  json paper = get_json("/api/papers/" + listed_paper(), 200);
  std::string name = paper["authors"][0]["name"];
  std::string html = page("/authors/" + httplib::detail::encode_query_param(name));
  EXPECT_NE(html.find("<h1>" + name + "</h1>"), std::string::npos);
  EXPECT_NE(html.find("/papers/" + listed_paper()), std::string::npos);
  page("/authors/Nobody%20At%20All", 404);
}

TEST_F(PagesTest, PagesCarrySecurityHeadersAndServeKatexLocally) {
  auto res = get("/");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(res->body.find("src=\"/static/katex/katex.min.js\""), std::string::npos);
  EXPECT_EQ(res->body.find("https://cdn"), std::string::npos);
  auto katex = get("/static/katex/katex.min.js");
  ASSERT_TRUE(katex);
  EXPECT_EQ(katex->status, 200);
  EXPECT_GT(katex->body.size(), 100'000u);
  EXPECT_EQ(get("/static/katex/contrib/auto-render.min.js")->status, 200);
}

TEST_F(PagesTest, SignedOutVisitorsAreSentToSignInForTheirPages) {
  for (const char* path : {"/library", "/submit", "/settings"}) {
    auto res = get(path);
    EXPECT_EQ(res->status, 303) << path;
    EXPECT_EQ(res->get_header_value("Location").rfind("/signin?next=", 0), 0u) << path;
  }
}

TEST_F(PagesTest, TrendingFeedParsesAsAtom) {
  auto res = get("/feeds/trending.atom?limit=10");
  ASSERT_EQ(res->status, 200);
  auto file = *dir_ / "trending.atom";
  write_file(file, res->body);
  std::string command = "/usr/bin/python3 " PAPERBOY_SOURCE_DIR
                        "/tests/server/check_exports.py atom '" +
                        file.string() + "' 10";
  EXPECT_EQ(std::system(command.c_str()), 0);
}

// Issue 36, item 13: an author's address typed in another case, without accents or with '+'
// for a space reaches the spelling the papers use; a name no paper has is still a 404.
TEST_F(PagesTest, AuthorAddressesFoldCaseAccentsAndPlus) {
  for (const auto& [typed, spelling] : std::vector<std::pair<std::string, std::string>>{
           {"/authors/andres%20marafioti", "/authors/Andrés Marafioti"},
           {"/authors/Jaris+Kuken", "/authors/Jaris Küken"},
           {"/authors/J%C3%84RIS%20K%C3%9CKEN", "/authors/Jaris Küken"},
           {"/authors/ling-hao%20chen", "/authors/Ling-Hao Chen"}}) {
    auto res = get(typed);
    ASSERT_TRUE(res) << typed;
    EXPECT_EQ(res->status, 301) << typed;
    // cpp-httplib decodes Location; the server sends it percent-encoded.
    EXPECT_EQ(res->get_header_value("Location"), spelling) << typed;
  }
  const std::string html = page("/authors/Jaris%20K%C3%BCken");
  EXPECT_NE(html.find("1 paper, newest first."), std::string::npos);
  EXPECT_NE(html.find("/papers/2510.15821"), std::string::npos);
  page("/authors/Jaris%20Kuken%20Jr", 404);
  page("/authors/%2B%2B", 404);
  std::string words;  // thousands of words: refused without a phrase search of them all
  for (int i = 0; i < 2000; ++i) words += "w" + std::to_string(i) + "+";
  page("/authors/" + words, 404);
}

// Issue 36, item 20: an empty library offers no export of nothing but links its saved searches;
// an upvote count is named by text a screen reader reads, not an aria-label on a plain span;
// an AI summary is typeset like the abstract it summarises.
TEST_F(PagesTest, LibraryLinksUpvoteWordsAndTypesetSummaries) {
  HubClient reader(server_->port());
  ASSERT_EQ(reader.sign_up("text36@example.org", "Text Reader", "correct horse battery")->status,
            303);
  const std::string library = reader.get("/library")->body;
  EXPECT_EQ(library.find("library.bib"), std::string::npos);
  EXPECT_EQ(library.find("library.ris"), std::string::npos);
  EXPECT_NE(library.find("href=\"/searches\""), std::string::npos);

  const std::string day = page("/papers/date/2025-10-21");
  EXPECT_EQ(day.find("aria-label=\"upvotes\""), std::string::npos);
  EXPECT_NE(day.find("<span class=\"visually-hidden\"> upvotes</span>"), std::string::npos);

  {
    auto store = std::move(test_store_->open()).value();
    auto stored = store->get(listed_paper());
    ASSERT_TRUE(stored.ok() && stored->has_value());
    Paper paper = (**stored).paper;
    paper.ai_summary = "A$^2$RD beats <b>baselines</b> by 3$\\%$.";
    paper.ai_model = "test-llm";
    paper.ai_version = paper.version;
    ASSERT_TRUE(store->upsert(std::vector<Paper>{paper}).ok());
  }
  const std::string html = page("/papers/" + listed_paper());
  EXPECT_NE(html.find("<span class=\"math\">A$^2$RD beats &lt;b&gt;baselines&lt;/b&gt;"),
            std::string::npos)
      << html.substr(html.find("ai-summary"), 300);
}

}  // namespace
}  // namespace paperboy::testing
