// Collections: ordered papers with notes, a reader's or an organisation's, on both backends
// (issue 19, item 3).
#include <gtest/gtest.h>

#include <vector>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class CollectionsTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Paper> papers;
    for (int i = 1; i <= 4; ++i)
      papers.push_back(make_paper("2510.0000" + std::to_string(i), "Paper " + std::to_string(i)));
    ASSERT_TRUE(store_->upsert(papers).ok());
    for (int i = 1; i <= 4; ++i)
      doc_.push_back((**store_->get("2510.0000" + std::to_string(i))).doc_id);
    ada_ =
        *store_->community().create_user("ada@example.org", "Ada Lovelace", "$argon2id$fake", 100);
    lab_ = store_->organizations().create_organization("ml-lab", "The ML Lab", "", ada_, 100)->id;
  }
  Collections& collections() { return store_->collections(); }
  std::vector<int64_t> order(int64_t id) {
    std::vector<int64_t> out;
    auto items = collections().items(id);
    EXPECT_TRUE(items.ok());
    for (const auto& item : *items) out.push_back(item.doc_id);
    return out;
  }

  std::vector<int64_t> doc_;
  int64_t ada_ = 0, lab_ = 0;
};
PAPERBOY_ON_EVERY_STORE(CollectionsTest);

TEST_P(CollectionsTest, PapersKeepTheOrderTheyWereAddedInUntilMoved) {
  auto id = collections().create_collection({.user_id = ada_}, "Reading group", "Week by week",
                                            false, 200);
  ASSERT_TRUE(id.ok()) << id.error().message;
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(*collections().add_item(*id, doc_[i], "note " + std::to_string(i), 300 + i));
  EXPECT_EQ(order(*id), (std::vector<int64_t>{doc_[0], doc_[1], doc_[2], doc_[3]}));
  // Adding again changes the note, not the place.
  EXPECT_FALSE(*collections().add_item(*id, doc_[1], "a better note", 400));
  auto items = *collections().items(*id);
  EXPECT_EQ(items[1].note, "a better note");
  EXPECT_EQ(items[1].position, 1);

  ASSERT_TRUE(collections().move_item(*id, doc_[3], 0, 500).ok());
  EXPECT_EQ(order(*id), (std::vector<int64_t>{doc_[3], doc_[0], doc_[1], doc_[2]}));
  ASSERT_TRUE(collections().move_item(*id, doc_[3], 99, 501).ok());  // past the end: last
  EXPECT_EQ(order(*id), (std::vector<int64_t>{doc_[0], doc_[1], doc_[2], doc_[3]}));
  ASSERT_TRUE(collections().move_item(*id, doc_[0], 2, 502).ok());
  EXPECT_EQ(order(*id), (std::vector<int64_t>{doc_[1], doc_[2], doc_[0], doc_[3]}));
  auto missing = collections().move_item(*id, 987654, 0, 503);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  EXPECT_TRUE(*collections().remove_item(*id, doc_[2], 600));
  EXPECT_FALSE(*collections().remove_item(*id, doc_[2], 601));
  EXPECT_EQ(order(*id), (std::vector<int64_t>{doc_[1], doc_[0], doc_[3]}));
  // A paper added after a removal goes last.
  EXPECT_TRUE(*collections().add_item(*id, doc_[2], "", 700));
  EXPECT_EQ(order(*id).back(), doc_[2]);

  auto read = *collections().collection(*id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->title, "Reading group");
  EXPECT_EQ(read->owner_handle, "ada-lovelace");
  EXPECT_EQ(read->owner_name, "Ada Lovelace");
  EXPECT_EQ(read->items, 4);
  EXPECT_EQ(read->updated, 700);

  // Which of a reader's collections hold a paper, in one query.
  auto other = *collections().create_collection({.user_id = ada_}, "Other", "", true, 800);
  ASSERT_TRUE(*collections().add_item(other, doc_[2], "", 801));
  const std::vector<int64_t> both = {*id, other};
  EXPECT_EQ(*collections().holding(doc_[2], both), both);
  EXPECT_EQ(*collections().holding(doc_[0], both), std::vector<int64_t>{*id});
  EXPECT_TRUE(collections().holding(doc_[0], std::vector<int64_t>{other})->empty());
  EXPECT_TRUE(collections().holding(doc_[0], std::vector<int64_t>{})->empty());
}

TEST_P(CollectionsTest, OwnersListTheirsAndOthersSeeOnlyThePublicOnes) {
  auto open = *collections().create_collection({.user_id = ada_}, "Open", "", false, 200);
  auto hidden = *collections().create_collection({.user_id = ada_}, "Hidden", "", true, 300);
  auto lab = *collections().create_collection({.org_id = lab_}, "Lab picks", "", false, 400);
  auto mine = *collections().collections_of({.user_id = ada_}, true);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, hidden);  // the newest change first
  EXPECT_TRUE(mine[0].is_private);
  auto shown = *collections().collections_of({.user_id = ada_}, false);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].id, open);
  auto of_lab = *collections().collections_of({.org_id = lab_}, false);
  ASSERT_EQ(of_lab.size(), 1u);
  EXPECT_EQ(of_lab[0].id, lab);
  EXPECT_EQ(of_lab[0].owner_handle, "ml-lab");
  EXPECT_EQ(of_lab[0].owner_name, "The ML Lab");

  ASSERT_TRUE(
      collections().update_collection(open, "Open, renamed", "now described", true, 500).ok());
  EXPECT_TRUE((*collections().collection(open))->is_private);
  ASSERT_TRUE(collections().add_item(lab, doc_[0], "", 600).ok());
  ASSERT_TRUE(collections().delete_collection(lab).ok());
  EXPECT_FALSE(collections().collection(lab)->has_value());
  EXPECT_TRUE(collections().items(lab)->empty());
}

}  // namespace
}  // namespace paperboy
