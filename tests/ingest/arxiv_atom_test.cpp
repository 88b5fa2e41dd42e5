#include "ingest/arxiv_atom.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

std::string fixture(const std::string& name) {
  return testing::read_file(testing::fixture_data("formats/" + name));
}

TEST(ArxivAtomTest, ReadsAVersionedEntry) {
  auto feed = parse_arxiv_atom(fixture("arxiv-api-idlist-versioned.atom.xml"));
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  ASSERT_EQ(feed->papers.size(), 1u);
  const Paper& p = feed->papers[0];
  EXPECT_EQ(p.id, "2104.12255");
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(p.title, "0");
  EXPECT_EQ(p.authors, std::vector<std::string>{"Quan Thoi Minh Nguyen"});
  EXPECT_EQ(p.categories, std::vector<std::string>{"cs.CR"});
  EXPECT_EQ(p.published, (Date{2021, 4, 20}));
  EXPECT_EQ(feed->total_results, 1);
}

TEST(ArxivAtomTest, OldStyleIdsAndJournalReferences) {
  auto feed = parse_arxiv_atom(fixture("arxiv-api-idlist-oldstyle-id.atom.xml"));
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  ASSERT_EQ(feed->papers.size(), 1u);
  EXPECT_EQ(feed->papers[0].id, "astro-ph/0601001");
  EXPECT_EQ(feed->papers[0].journal_ref, "ActaAstron.56:1-50,2006");
}

TEST(ArxivAtomTest, BothSerialisationsGiveWholePapers) {
  for (const char* name : {"arxiv-api-query.atom.xml", "arxiv-api-query-legacy-2016.atom.xml"}) {
    auto feed = parse_arxiv_atom(fixture(name));
    ASSERT_TRUE(feed.ok()) << name << ": " << feed.error().message;
    EXPECT_EQ(feed->papers.size(), 10u) << name;
    EXPECT_TRUE(feed->problems.empty()) << name;
    for (const Paper& p : feed->papers) {
      EXPECT_FALSE(p.title.empty()) << name;
      EXPECT_FALSE(p.authors.empty()) << name << " " << p.id;
      EXPECT_FALSE(p.categories.empty()) << name << " " << p.id;
      EXPECT_GT(p.version, 0) << name << " " << p.id;
      EXPECT_FALSE(p.published.empty()) << name << " " << p.id;
    }
  }
  auto modern = parse_arxiv_atom(fixture("arxiv-api-query.atom.xml"));
  EXPECT_EQ(modern->total_results, 214881);
  int with_doi = 0;
  for (const Paper& p : modern->papers) with_doi += !p.doi.empty();
  EXPECT_GT(with_doi, 0);
}

TEST(ArxivAtomTest, UnknownIdsGiveAnEmptyFeed) {
  auto empty = parse_arxiv_atom(fixture("arxiv-api-empty-result.atom.xml"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->papers.empty());
  EXPECT_EQ(empty->total_results, 0);
  auto one_of_two = parse_arxiv_atom(fixture("arxiv-api-idlist-two-ids.atom.xml"));
  ASSERT_TRUE(one_of_two.ok());
  ASSERT_EQ(one_of_two->papers.size(), 1u);
  EXPECT_EQ(one_of_two->papers[0].id, "1707.08567");
}

TEST(ArxivAtomTest, ErrorEntriesBecomeErrors) {
  auto feed = parse_arxiv_atom(fixture("arxiv-api-error-malformed-id.http400.atom.xml"));
  ASSERT_FALSE(feed.ok());
  EXPECT_EQ(feed.error().message, "arXiv API error: incorrect id format for abc");
}

TEST(ArxivAtomTest, OptionalFieldsMayAllBeMissing) {
  auto feed = parse_arxiv_atom(
      "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>http://arxiv.org/abs/2611.00001v3</id>"
      "<title>Only a title</title></entry></feed>");
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  ASSERT_EQ(feed->papers.size(), 1u);
  const Paper& p = feed->papers[0];
  EXPECT_EQ(p.version, 3);
  EXPECT_TRUE(p.authors.empty() && p.categories.empty() && p.abstract.empty() &&
              p.published.empty());
}

TEST(ArxivAtomTest, BadEntriesAreLeftOutAndBadDocumentsAreErrors) {
  auto feed = parse_arxiv_atom(
      "<feed "
      "xmlns='http://www.w3.org/2005/Atom'><entry><id>http://arxiv.org/abs/nonsense</id><title>x</"
      "title>"
      "</entry><entry><id>http://arxiv.org/abs/2611.00002v1</id><title>Good</title>"
      "<published>not a date</published></entry></feed>");
  ASSERT_TRUE(feed.ok());
  EXPECT_TRUE(feed->papers.empty());
  ASSERT_EQ(feed->problems.size(), 2u);
  EXPECT_EQ(feed->problems[1].rfind("entry 2 (http://arxiv.org/abs/2611.00002v1): published:", 0),
            0u)
      << feed->problems[1];
  EXPECT_FALSE(parse_arxiv_atom("<html><body>Rate exceeded.</body></html>").ok());
  EXPECT_FALSE(parse_arxiv_atom("<feed><entry><id>").ok());
}

}  // namespace
}  // namespace paperboy
