#include "ingest/hf_daily.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "test_support.h"

namespace paperboy {
namespace {

using nlohmann::json;

json load(const std::filesystem::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

TEST(HfDaily, SubmitterComesFromEitherShape) {
  auto old_shape =
      papers_from_hf_daily(load(testing::fixture_data("formats/hf-daily-papers-2024-10-25.json")));
  ASSERT_TRUE(old_shape.ok());
  EXPECT_EQ((*old_shape)[0].paper->submitter, "ClownRat");
  EXPECT_EQ((*old_shape)[0].paper->submitter_fullname, "Zesen Cheng");
  json item = json::parse(R"({"paper": {"id": "2510.17681", "title": "T", "summary": "S",
      "submittedOnDailyBy": {"user": "Andrew613", "fullname": "YuandongPu"}}})");
  auto paper = paper_from_hf_daily_item(item);
  ASSERT_TRUE(paper.ok()) << paper.error().message;
  EXPECT_EQ(paper->submitter, "Andrew613");
  EXPECT_EQ(paper->submitter_fullname, "YuandongPu");
}

TEST(HfDaily, EveryItemOfEveryBundledDayParses) {
  std::set<std::string> ids;
  int items = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::sample_data("hf-daily"))) {
    if (entry.path().extension() != ".json") continue;
    auto parsed = papers_from_hf_daily(load(entry.path()));
    ASSERT_TRUE(parsed.ok()) << entry.path();
    for (const auto& item : *parsed) {
      ASSERT_TRUE(item.paper.ok())
          << entry.path() << " item " << item.index << ": " << item.paper.error().message;
      EXPECT_FALSE(item.paper->hub_day.empty());
      ids.insert(item.paper->id);
      ++items;
    }
  }
  EXPECT_EQ(items, 1173);
  EXPECT_EQ(ids.size(), 1173u);
}

TEST(HfDaily, ListingDayComesFromSubmittedOnDailyAtWhenPresent) {
  auto parsed = papers_from_hf_daily(load(testing::sample_data("hf-daily/2025-10-21.json")));
  const Paper& paper = *(*parsed)[0].paper;
  EXPECT_EQ(paper.id, "2510.17681");
  EXPECT_EQ(paper.title, "PICABench: How Far Are We from Physically Realistic Image Editing?");
  EXPECT_EQ(paper.published, (Date{2025, 10, 20}));
  EXPECT_EQ(paper.hub_day, (Date{2025, 10, 21}));
  EXPECT_EQ(paper.upvotes, 40);
  EXPECT_EQ(paper.authors.size(), 13u);
  EXPECT_EQ(paper.authors.front(), "Yuandong Pu");
  EXPECT_EQ(paper.version, 0) << "the hub does not say which version";
}

TEST(HfDaily, OlderShapeUsesTheItemTimestampAsListingDay) {
  auto parsed = papers_from_hf_daily(load(testing::sample_data("hf-daily/2024-05-27.json")));
  const Paper& paper = *(*parsed)[0].paper;
  EXPECT_EQ(paper.id, "2405.15738");
  EXPECT_EQ(paper.hub_day, (Date{2024, 5, 27}));
  EXPECT_EQ(paper.published, (Date{2024, 5, 24}));
}

TEST(HfDaily, OrganizationIsKeyedByItsNameAndKeepsItsDisplayName) {
  json item = {{"paper",
                {{"id", "2508.00001"},
                 {"title", "T"},
                 {"summary", "S"},
                 {"upvotes", 3},
                 {"publishedAt", "2025-08-01T00:00:00.000Z"},
                 {"authors", json::array()}}},
               {"publishedAt", "2025-08-02T00:00:00.000Z"},
               {"organization", {{"name", "tencent"}, {"fullname", "Tencent"}}}};
  auto paper = paper_from_hf_daily_item(item);
  ASSERT_TRUE(paper.ok()) << paper.error().message;
  EXPECT_EQ(paper->organization, "tencent");
  EXPECT_EQ(paper->organization_fullname, "Tencent");
  EXPECT_EQ(paper->organization_set_by, "");
}

TEST(HfDaily, MissingOptionalFieldsAreFineMissingIdIsNot) {
  json minimal = {{"paper", {{"id", "2508.00001"}, {"title", "Only a title"}}}};
  auto paper = paper_from_hf_daily_item(minimal);
  ASSERT_TRUE(paper.ok()) << paper.error().message;
  EXPECT_TRUE(paper->hub_day.empty());
  EXPECT_EQ(paper->upvotes, 0);

  auto no_id = paper_from_hf_daily_item(json{{"paper", {{"title", "T"}}}});
  ASSERT_FALSE(no_id.ok());
  EXPECT_NE(no_id.error().message.find("paper.id"), std::string::npos);

  EXPECT_FALSE(papers_from_hf_daily(json{{"not", "an array"}}).ok());
}

}  // namespace
}  // namespace paperboy
