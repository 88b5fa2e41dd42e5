// Thumbnails on both backends (issue 19, item 4): one image per paper with the version it shows,
// never replaced by an older one; failures counted per version and cleared by a success.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class ThumbnailsTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(store_
                    ->upsert(std::vector<Paper>{make_paper("2510.00001", "One", 2),
                                                make_paper("2510.00002", "Two", 1)})
                    .ok());
    one_ = (**store_->get("2510.00001")).doc_id;
    two_ = (**store_->get("2510.00002")).doc_id;
  }
  Thumbnails& thumbnails() { return store_->thumbnails(); }
  int stored_version(const char* id) { return (**store_->get(id)).paper.thumbnail_version; }

  int64_t one_ = 0, two_ = 0;
};
PAPERBOY_ON_EVERY_STORE(ThumbnailsTest);

// Every byte value, so a store that kept the image as text would show it.
std::string image(char first) {
  std::string png = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 256; ++i) png += static_cast<char>(i);
  png += first;
  return png;
}

TEST_P(ThumbnailsTest, AnImageIsKeptWithItsVersionAndNeverReplacedByAnOlderOne) {
  EXPECT_FALSE(thumbnails().thumbnail(one_)->has_value());
  ASSERT_TRUE(thumbnails().put_thumbnail(one_, 2, image('b'), 100).ok());
  auto stored = thumbnails().thumbnail(one_);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((**stored).png, image('b'));
  EXPECT_EQ((**stored).version, 2);
  EXPECT_EQ((**stored).fetched, 100);
  EXPECT_EQ(stored_version("2510.00001"), 2);

  // A round that drew version 1 before it saw version 2 finishes late: version 2 stays.
  ASSERT_TRUE(thumbnails().put_thumbnail(one_, 1, image('a'), 200).ok());
  EXPECT_EQ((**thumbnails().thumbnail(one_)).png, image('b'));
  EXPECT_EQ(stored_version("2510.00001"), 2);

  // A re-ingest of the paper (the hub's list again, which knows no thumbnail) keeps the mark.
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{make_paper("2510.00001", "One, again", 2)}).ok());
  EXPECT_EQ(stored_version("2510.00001"), 2);
  EXPECT_FALSE(thumbnails().thumbnail(two_)->has_value());
  EXPECT_EQ(stored_version("2510.00002"), 0);
}

TEST_P(ThumbnailsTest, FailuresAreCountedPerVersionAndClearedByASuccess) {
  ASSERT_TRUE(thumbnails().record_thumbnail_failure(two_, 1, "not a PDF", 160).ok());
  ASSERT_TRUE(thumbnails().record_thumbnail_failure(two_, 1, "HTTP 404", 220).ok());
  auto attempts = thumbnails().thumbnail_attempts(std::vector<int64_t>{one_, two_});
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].doc_id, two_);
  EXPECT_EQ((*attempts)[0].failed_version, 1);
  EXPECT_EQ((*attempts)[0].tries, 2);
  EXPECT_EQ((*attempts)[0].retry_at, 220);
  EXPECT_EQ((*attempts)[0].error, "HTTP 404");
  EXPECT_EQ((*attempts)[0].version, 0);
  EXPECT_FALSE(thumbnails().thumbnail(two_)->has_value()) << "a failure is no image";

  // A new version starts counting again.
  ASSERT_TRUE(thumbnails().record_thumbnail_failure(two_, 2, "truncated", 300).ok());
  EXPECT_EQ((*thumbnails().thumbnail_attempts(std::vector<int64_t>{two_}))[0].tries, 1);

  ASSERT_TRUE(thumbnails().put_thumbnail(two_, 2, image('c'), 400).ok());
  auto after = (*thumbnails().thumbnail_attempts(std::vector<int64_t>{two_}))[0];
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.tries, 0);
  EXPECT_EQ(after.error, "");
  EXPECT_TRUE(thumbnails().thumbnail_attempts(std::vector<int64_t>{})->empty());
}

TEST_P(ThumbnailsTest, TheAdminsSummaryCountsDrawnAndFailingPapers) {
  ASSERT_TRUE(thumbnails().put_thumbnail(one_, 2, image('a'), 100).ok());
  ASSERT_TRUE(thumbnails().record_thumbnail_failure(two_, 1, "not a PDF", 500).ok());
  auto summary = thumbnails().thumbnail_summary(10);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->drawn, 1);
  EXPECT_EQ(summary->failing, 1);
  ASSERT_EQ(summary->failures.size(), 1u);
  EXPECT_EQ(summary->failures[0].paper_id, "2510.00002");
  EXPECT_EQ(summary->failures[0].version, 1);
  EXPECT_EQ(summary->failures[0].tries, 1);
  EXPECT_EQ(summary->failures[0].retry_at, 500);
  EXPECT_EQ(summary->failures[0].error, "not a PDF");
  // A version that fails after an older one was drawn is failing too; a success ends it.
  ASSERT_TRUE(thumbnails().record_thumbnail_failure(one_, 3, "HTTP 404", 600).ok());
  EXPECT_EQ(thumbnails().thumbnail_summary(10)->failing, 2);
  EXPECT_EQ(thumbnails().thumbnail_summary(1)->failures[0].paper_id, "2510.00001");
  ASSERT_TRUE(thumbnails().put_thumbnail(two_, 1, image('b'), 700).ok());
  EXPECT_EQ(thumbnails().thumbnail_summary(10)->drawn, 2);
  EXPECT_EQ(thumbnails().thumbnail_summary(10)->failing, 1);
}

}  // namespace
}  // namespace paperboy
