#include "ingest/paper_json.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

using nlohmann::json;

TEST(PaperJson, RoundTripsEveryField) {
  Paper paper = testing::make_paper("2410.14649", "Title with \"quotes\" and ünïcode", 3);
  paper.hub_day = Date{2024, 10, 21};
  paper.upvotes = 7;
  paper.organization = "Lab";
  paper.doi = "10.1/x";
  paper.comments = "c";
  paper.journal_ref = "j";
  paper.license = "l";
  auto back = paper_from_json(json::parse(paper_to_json(paper).dump()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, paper);
}

TEST(PaperJson, RoundTripsAMinimalPaperWithoutArxivId) {
  Paper paper;
  paper.id = "hub:0a1b2c";
  paper.title = "Known only from a hub page";
  auto back = paper_from_json(paper_to_json(paper));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, paper);
}

TEST(PaperJson, VersionedIdIsSplit) {
  auto paper = paper_from_json(json{{"id", "2410.14649v4"}, {"title", "T"}});
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(paper->id, "2410.14649");
  EXPECT_EQ(paper->version, 4);
}

TEST(PaperJson, ErrorsNameTheField) {
  auto wrong_type =
      paper_from_json(json{{"id", "2410.14649"}, {"title", "T"}, {"authors", "A, B"}});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.error().message.find("authors"), std::string::npos);
  auto bad_date =
      paper_from_json(json{{"id", "2410.14649"}, {"title", "T"}, {"published", "2024-13-01"}});
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.error().message.find("published"), std::string::npos);
  auto bad_id = paper_from_json(json{{"id", "nope"}, {"title", "T"}});
  ASSERT_FALSE(bad_id.ok());
  EXPECT_NE(bad_id.error().message.find("id"), std::string::npos);
  EXPECT_FALSE(paper_from_json(json{{"id", "2410.14649"}, {"title", "T"}, {"upvotes", -1}}).ok());
}

}  // namespace
}  // namespace paperboy
