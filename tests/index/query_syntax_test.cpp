#include <gtest/gtest.h>

#include "index/query_builder.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

using V = std::vector<std::string>;

class QuerySyntaxTest : public testing::IndexFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    Paper a = testing::make_paper("2401.00001", "Sparse attention for long documents");
    a.abstract =
        "We prune attention heads. The method runs in $O(n \\log n)$ time and needs "
        "$O(\\epsilon^{-3})$ samples.";
    a.authors = {"Ada Lovelace", "Grace Hopper"};
    a.categories = {"cs.CL", "cs.LG"};
    a.published = Date{2024, 1, 3};
    Paper b = testing::make_paper("2403.00002", "Diffusion models for video generation");
    b.abstract = "A video diffusion model with attention over frames.";
    b.authors = {"Alan Turing"};
    b.categories = {"cs.CV"};
    b.published = Date{2024, 3, 15};
    Paper c = testing::make_paper("math/0309136", "Long exact sequences in sheaf cohomology");
    c.abstract = "We study documents of the long exact sequence kind. A lemma of Sch\\\"onberg.";
    c.authors = {"Émile Borel"};
    c.categories = {"math.AG"};
    c.published = Date{2003, 9, 10};
    for (const Paper& p : {a, b, c}) add(p);
    index();
  }
};

TEST_F(QuerySyntaxTest, PlainWordsAreStemmedAndOred) {
  EXPECT_EQ(sorted_ids("pruning"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("attention"), (V{"2401.00001", "2403.00002"}));
  EXPECT_EQ(sorted_ids("sheaf video"), (V{"2403.00002", "math/0309136"}));
}

TEST_F(QuerySyntaxTest, TitleMatchesRankAboveAbstractMatches) {
  EXPECT_EQ(ids("attention").front(), "2401.00001");
  EXPECT_EQ(ids("long documents").front(), "2401.00001");
}

TEST_F(QuerySyntaxTest, FieldPrefixesRestrictWhereWordsMatch) {
  EXPECT_EQ(sorted_ids("title:attention"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("author:turing"), V{"2403.00002"});
  EXPECT_EQ(sorted_ids("author:\"grace hopper\""), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("author:\"hopper ada\""), V{}) << "a phrase does not cross author names";
  EXPECT_EQ(sorted_ids("author:emile"), V{"math/0309136"}) << "accents folded in names";
}

TEST_F(QuerySyntaxTest, PhrasesNeedTheWordsInOrder) {
  EXPECT_EQ(sorted_ids("\"long exact sequence\""), V{"math/0309136"});
  EXPECT_EQ(sorted_ids("\"sequence exact long\""), V{});
}

TEST_F(QuerySyntaxTest, BooleanOperatorsAndExclusion) {
  EXPECT_EQ(sorted_ids("attention AND video"), V{"2403.00002"});
  EXPECT_EQ(sorted_ids("attention NOT video"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("attention -video"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("(sheaf OR pruning) AND long"), (V{"2401.00001", "math/0309136"}));
}

TEST_F(QuerySyntaxTest, ADashWithNoWordAfterItIsPunctuationNotAnExclusion) {
  // " -- " in a pasted sentence once excluded papers with the word "author" (the empty
  // exclusion's author pass) and sent the query to Xapian's slower matcher.
  Paper d = testing::make_paper("2405.00004", "Author attention study");
  add(d);
  index();
  EXPECT_EQ(sorted_ids("attention -- heads"), (V{"2401.00001", "2403.00002", "2405.00004"}));
  EXPECT_EQ(sorted_ids("attention -, heads"), (V{"2401.00001", "2403.00002", "2405.00004"}));
  EXPECT_EQ(sorted_ids("attention -video"), (V{"2401.00001", "2405.00004"}));
  QueryBuilder builder;
  auto built = builder.build("attention -- heads");
  ASSERT_TRUE(built.ok());
  EXPECT_TRUE(built->ranked_terms) << built->query.get_description();
}

TEST_F(QuerySyntaxTest, CategoryFiltersIgnoreCaseAndMatchArchives) {
  EXPECT_EQ(sorted_ids("attention cat:cs.lg"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("attention cat:cs"), (V{"2401.00001", "2403.00002"}));
  EXPECT_EQ(sorted_ids("cat:math"), V{"math/0309136"});
  EXPECT_EQ(sorted_ids("attention -cat:cs.CV"), V{"2401.00001"});
}

TEST_F(QuerySyntaxTest, DateFiltersOnFirstVersion) {
  EXPECT_EQ(sorted_ids("attention from:2024-02-01"), V{"2403.00002"});
  EXPECT_EQ(sorted_ids("attention to:2024-01"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("from:2000 to:2010"), V{"math/0309136"});
  EXPECT_EQ(sorted_ids("long from:2024-01-03 to:2024-01-03"), V{"2401.00001"});
}

TEST_F(QuerySyntaxTest, LatexAndAccentsAreSearchableAsWords) {
  EXPECT_EQ(sorted_ids("epsilon"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("\\epsilon"), V{"2401.00001"});
  EXPECT_EQ(sorted_ids("schonberg"), V{"math/0309136"});
  EXPECT_EQ(sorted_ids("Schönberg"), V{"math/0309136"});
}

TEST_F(QuerySyntaxTest, FilterWordsInsideQuotesAreWords) {
  EXPECT_EQ(sorted_ids("\"cat:cs.CV\" sheaf"), V{"math/0309136"});
}

TEST(QueryBuilder, BadInputGivesAClearError) {
  QueryBuilder builder;
  auto bad_date = builder.build("attention from:2024-13");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.error().message.find("from"), std::string::npos);
  EXPECT_NE(bad_date.error().message.find("2024-13"), std::string::npos);
  EXPECT_FALSE(builder.build("").ok());
  EXPECT_TRUE(builder.build("the of and").ok())
      << "Xapian keeps stop words when nothing else is left";
}

TEST(QueryBuilder, UnbalancedSyntaxFallsBackToWords) {
  QueryBuilder builder;
  auto built = builder.build("attention AND");
  ASSERT_TRUE(built.ok());
  auto parens = builder.build("((attention");
  ASSERT_TRUE(parens.ok());
}

TEST_F(QuerySyntaxTest, HighlightMarksMatchesAndEscapesHtml) {
  auto index = LexicalIndex::open(dir_ / "index");
  auto results = index->search({"prune", false, 0, 10});
  ASSERT_TRUE(results.ok());
  std::string excerpt = results->highlight("We <b>really</b> prune & cut.", 200);
  EXPECT_NE(excerpt.find("<b>prune</b>"), std::string::npos) << excerpt;
  EXPECT_NE(excerpt.find("&lt;b&gt;really"), std::string::npos) << excerpt;
  EXPECT_NE(excerpt.find("&amp;"), std::string::npos) << excerpt;
}

}  // namespace
}  // namespace paperboy
