#include "ingest/snapshot_record.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace paperboy {
namespace {

using nlohmann::json;

TEST(SnapshotRecord, EveryLineOfTheRealSnapshotSampleParses) {
  std::ifstream in(testing::fixture_data("formats/arxiv-snapshot-200.jsonl"));
  int count = 0;
  for (std::string line; std::getline(in, line); ++count) {
    json object = json::parse(line);
    ASSERT_TRUE(looks_like_snapshot_record(object));
    auto paper = paper_from_snapshot_record(object);
    ASSERT_TRUE(paper.ok()) << "line " << count + 1 << ": " << paper.error().message;
    EXPECT_FALSE(paper->authors.empty()) << paper->id;
    EXPECT_FALSE(paper->categories.empty()) << paper->id;
    EXPECT_GT(paper->version, 0) << paper->id;
  }
  EXPECT_EQ(count, 200);
}

TEST(SnapshotRecord, FirstRecordFieldByField) {
  std::ifstream in(testing::fixture_data("formats/arxiv-snapshot-200.jsonl"));
  std::string line;
  std::getline(in, line);
  auto paper = paper_from_snapshot_record(json::parse(line));
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(paper->id, "0704.0001");
  EXPECT_EQ(paper->version, 2);
  EXPECT_EQ(
      paper->title,
      "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
  EXPECT_EQ(paper->authors, (std::vector<std::string>{"C. Balázs", "E. L. Berger", "P. M. Nadolsky",
                                                      "C. -P. Yuan"}));
  EXPECT_EQ(paper->categories, (std::vector<std::string>{"hep-ph"}));
  EXPECT_EQ(paper->published, (Date{2007, 4, 2}));
  EXPECT_EQ(paper->updated, (Date{2007, 7, 24}));
  EXPECT_EQ(paper->doi, "10.1103/PhysRevD.76.013009");
  EXPECT_EQ(paper->journal_ref, "Phys.Rev.D76:013009,2007");
  EXPECT_EQ(paper->comments, "37 pages, 15 figures; published version");
  EXPECT_TRUE(paper->license.empty()) << "null license";
  EXPECT_EQ(paper->abstract.substr(0, 40), "A fully differential calculation in pert");
}

TEST(SnapshotRecord, AuthorsFallBackToTheFreeTextField) {
  json object = {
      {"id", "math/0309136"},
      {"title", "T"},
      {"authors", "A. One, B. Two and C. Three"},
      {"versions",
       json::array({{{"version", "v1"}, {"created", "Mon, 15 Sep 2003 10:00:00 GMT"}}})}};
  auto paper = paper_from_snapshot_record(object);
  ASSERT_TRUE(paper.ok()) << paper.error().message;
  EXPECT_EQ(paper->id, "math/0309136");
  EXPECT_EQ(paper->authors, (std::vector<std::string>{"A. One", "B. Two", "C. Three"}));
}

TEST(SnapshotRecord, ErrorsNameTheField) {
  auto no_id = paper_from_snapshot_record(json{{"title", "T"}, {"versions", json::array()}});
  ASSERT_FALSE(no_id.ok());
  EXPECT_NE(no_id.error().message.find("id"), std::string::npos);

  json bad_date = {{"id", "2410.14649"},
                   {"title", "T"},
                   {"versions", json::array({{{"version", "v1"}, {"created", "yesterday"}}})}};
  auto dated = paper_from_snapshot_record(bad_date);
  ASSERT_FALSE(dated.ok());
  EXPECT_NE(dated.error().message.find("versions[0].created"), std::string::npos);

  auto no_title = paper_from_snapshot_record(json{{"id", "2410.14649"}, {"authors", "A"}});
  ASSERT_FALSE(no_title.ok());
  EXPECT_NE(no_title.error().message.find("empty title"), std::string::npos);
}

}  // namespace
}  // namespace paperboy
