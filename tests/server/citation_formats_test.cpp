#include "server/formats/citation_formats.h"

#include <gtest/gtest.h>

#include "server/formats/atom_feed.h"
#include "test_support.h"

namespace paperboy {
namespace {

TEST(CitationFormats, KeyIsFamilyNameYearAndFirstRealTitleWord) {
  Paper paper = testing::make_paper("2410.14649", "A Study of Élan in Transformers");
  paper.authors = {"José Ángel Núñez"};
  EXPECT_EQ(citation_key(paper), "nunez2024study");
  paper.authors.clear();
  EXPECT_EQ(citation_key(paper), "anon2024study");
}

TEST(CitationFormats, BibtexEscapesWhatWouldBreakTheEntry) {
  Paper paper = testing::make_paper("2410.14649", "Unbalanced } brace and 100% & #1");
  std::string entry = bibtex_entry(paper);
  EXPECT_NE(entry.find("Unbalanced \\} brace and 100\\% \\& \\#1"), std::string::npos) << entry;
  paper.title = "Bounds of $O(\\epsilon^{-3})$";
  EXPECT_NE(bibtex_entry(paper).find("{{Bounds of $O(\\epsilon^{-3})$}}"), std::string::npos)
      << "balanced LaTeX is kept";
}

TEST(CitationFormats, JournalReferenceMakesAnArticle) {
  Paper paper = testing::make_paper("0704.0001", "Diphotons");
  paper.journal_ref = "Phys.Rev.D76:013009,2007";
  EXPECT_EQ(bibtex_entry(paper).rfind("@article{", 0), 0u);
  EXPECT_NE(ris(std::vector<Paper>{paper}).find("TY  - JOUR\r\n"), std::string::npos);
}

// Issue 36, item 20: a published paper's citation gives the journal's year, not the year of its
// first arXiv version beside a reference that says another; an unpublished one, arXiv's.
TEST(CitationFormats, TheYearIsTheJournalsWhenThereIsOne) {
  Paper paper = testing::make_paper("0704.0001", "Diphotons");
  paper.published = Date{2006, 12, 30};
  paper.journal_ref = "Phys.Rev.D76:013009,2007";
  std::string entry = bibtex_entry(paper);
  EXPECT_NE(entry.find("year = {2007}"), std::string::npos) << entry;
  EXPECT_EQ(entry.find("2006"), std::string::npos) << entry;
  std::string lines = ris(std::vector<Paper>{paper});
  EXPECT_NE(lines.find("PY  - 2007\r\n"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("2006"), std::string::npos) << lines;
  paper.journal_ref = "J. Phys. A 40 (12345) 17";  // no year in it: arXiv's
  EXPECT_NE(bibtex_entry(paper).find("year = {2006}"), std::string::npos);
  paper.journal_ref.clear();
  EXPECT_NE(bibtex_entry(paper).find("year = {2006}"), std::string::npos);
  EXPECT_NE(ris(std::vector<Paper>{paper}).find("DA  - 2006/12/30"), std::string::npos);
}

TEST(AtomFeed, EscapesMarkupAndDropsControlCharacters) {
  EXPECT_EQ(xml_escape("<a href=\"x\">&'\x01"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
}

}  // namespace
}  // namespace paperboy
