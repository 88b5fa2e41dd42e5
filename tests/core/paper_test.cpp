#include "core/paper.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

TEST(PaperKey, ArxivIdsLoseTheirVersionIntoTheVersionField) {
  auto key = parse_paper_key("arXiv:2410.14649v3");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->id, "2410.14649");
  EXPECT_EQ(key->version, 3);
}

TEST(PaperKey, ShapedLikeAnArxivIdWhetherOrNotItIsOne) {
  for (const char* yes : {"9999.99999", "2410.14649", "2410.1464", "2410.14649v12", "1234.56789"})
    EXPECT_TRUE(shaped_like_arxiv_id(yes)) << yes;
  for (const char* no : {"", "2410.146", "2410.146491", "2410.14649v", "2410.14649x", "241.14649",
                         "hep-th/9901001", "scifact:4983", "2410-14649"})
    EXPECT_FALSE(shaped_like_arxiv_id(no)) << no;
}

TEST(PaperKey, SourcedKeysForPapersWithoutArxivIds) {
  EXPECT_EQ(parse_paper_key("scifact:4983")->id, "scifact:4983");
  EXPECT_EQ(parse_paper_key("hub:abc-123")->id, "hub:abc-123");
  EXPECT_FALSE(parse_paper_key("Hub:abc").ok());
  EXPECT_FALSE(parse_paper_key("hub:").ok());
  EXPECT_FALSE(parse_paper_key("hub:a b").ok());
  EXPECT_FALSE(parse_paper_key("arxiv:not-an-id").ok());
}

TEST(Paper, ValidationNamesThePaperAndTheProblem) {
  Paper paper = testing::make_paper("2410.14649", "  ");
  auto status = validate_paper(paper);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("2410.14649"), std::string::npos);
  EXPECT_NE(status.message().find("empty title"), std::string::npos);

  paper.title = "A title";
  paper.authors.push_back("Bad\x1fName");
  EXPECT_FALSE(validate_paper(paper).ok());
  paper.authors.pop_back();
  paper.id = "2410.14649v2";
  EXPECT_FALSE(validate_paper(paper).ok()) << "stored ids carry no version";
}

}  // namespace
}  // namespace paperboy
