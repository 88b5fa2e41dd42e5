#include "store/paper_merge.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

Paper hub_listing(const std::string& id) {
  Paper paper;
  paper.id = id;
  paper.title = "Title on the hub";
  paper.abstract = "Abstract on the hub.";
  paper.authors = {"Ada Lovelace"};
  paper.published = Date{2024, 10, 18};
  paper.hub_day = Date{2024, 10, 21};
  paper.upvotes = 40;
  paper.organization = "Lab";
  paper.submitter = "ada";
  paper.submitter_fullname = "Ada L.";
  return paper;
}

TEST(PaperMerge, SnapshotAfterHubListingKeepsTheHubFacts) {
  Paper snapshot = testing::make_paper("2410.14649", "Title on arXiv", 2);
  Paper merged = merge_papers(hub_listing("2410.14649"), snapshot);
  EXPECT_EQ(merged.title, "Title on arXiv");
  EXPECT_EQ(merged.version, 2);
  EXPECT_EQ(merged.categories, snapshot.categories);
  EXPECT_EQ(merged.hub_day, (Date{2024, 10, 21}));
  EXPECT_EQ(merged.upvotes, 40);
  EXPECT_EQ(merged.organization, "Lab");
  EXPECT_EQ(merged.submitter, "ada");
  EXPECT_EQ(merged.submitter_fullname, "Ada L.");
}

TEST(PaperMerge, HubListingAfterSnapshotAddsHubFactsButKeepsVersionedMetadata) {
  Paper snapshot = testing::make_paper("2410.14649", "Title on arXiv", 2);
  Paper merged = merge_papers(snapshot, hub_listing("2410.14649"));
  EXPECT_EQ(merged.title, "Title on arXiv") << "an unversioned source cannot overrule v2";
  EXPECT_EQ(merged.authors, snapshot.authors);
  EXPECT_EQ(merged.version, 2);
  EXPECT_EQ(merged.upvotes, 40);
  EXPECT_EQ(merged.hub_day, (Date{2024, 10, 21}));
}

TEST(PaperMerge, LaterHubListingUpdatesUpvotes) {
  Paper later = hub_listing("2410.14649");
  later.upvotes = 95;
  EXPECT_EQ(merge_papers(hub_listing("2410.14649"), later).upvotes, 95);
}

TEST(PaperMerge, UnversionedRecordUpdatedLaterIsCurrent) {
  Paper stored = testing::make_paper("2410.14649", "Old title", 2);
  stored.updated = Date{2024, 10, 20};
  Paper oai = testing::make_paper("2410.14649", "New title", 0);  // OAI arXiv format: no version
  oai.updated = Date{2024, 11, 2};
  Paper merged = merge_papers(stored, oai);
  EXPECT_EQ(merged.title, "New title");
  EXPECT_EQ(merged.version, 2);
  EXPECT_EQ(merged.updated, (Date{2024, 11, 2}));
  oai.updated = Date{2024, 10, 20};  // not later: the versioned record stays
  EXPECT_EQ(merge_papers(stored, oai).title, "Old title");
}

TEST(PaperMerge, EmptyIncomingFieldsNeverEraseValues) {
  Paper stored = testing::make_paper("2410.14649", "T", 1);
  stored.doi = "10.1/x";
  Paper incoming = testing::make_paper("2410.14649", "T", 2);
  incoming.categories.clear();
  EXPECT_EQ(merge_papers(stored, incoming).doi, "10.1/x");
  EXPECT_EQ(merge_papers(stored, incoming).categories, stored.categories);
}

}  // namespace
}  // namespace paperboy
