// sort=votes on an index that catches up with the store: a vote cast after the index was built
// reorders the hits at the next catch-up, as it does on every server sharing the store (issue
// 36, item 3: the vote slot used to change only when the paper's text did).
#include <gtest/gtest.h>

#include "index_fixture.h"

namespace paperboy {
namespace {

class VoteOrderTest : public testing::IndexFixture {
 protected:
  std::vector<std::string> by_votes(const std::string& query) {
    auto index = LexicalIndex::open(dir_ / "index");
    EXPECT_TRUE(index.ok());
    SearchRequest request;
    request.query = query;
    request.limit = 10;
    request.order = SearchOrder::votes;
    auto results = index->search(request);
    std::vector<std::string> found;
    if (results.ok()) {
      for (const auto& hit : results->hits) found.push_back(hit.id);
    }
    return found;
  }
  void vote(const std::string& email, const std::string& id) {
    auto user = store_->community().create_user(email, "Reader", "$argon2id$x", 1);
    ASSERT_TRUE(user.ok());
    auto paper = store_->get(id);
    ASSERT_TRUE(paper.ok() && paper->has_value());
    ASSERT_TRUE(*store_->community().vote(*user, (**paper).doc_id, 2));
  }
};

TEST_F(VoteOrderTest, AVoteCastAfterIndexingReordersAtTheNextCatchUp) {
  Paper upvoted = testing::make_paper("2410.00001", "Graph attention for molecules");
  upvoted.upvotes = 1;  // one hub upvote: first by votes at the start
  add(upvoted);
  add(testing::make_paper("2410.00002", "Graph attention for proteins"));
  index();
  ASSERT_EQ(by_votes("graph attention"), (std::vector<std::string>{"2410.00001", "2410.00002"}));

  vote("ada@example.org", "2410.00002");
  vote("grace@example.org", "2410.00002");
  index();
  EXPECT_EQ(by_votes("graph attention"), (std::vector<std::string>{"2410.00002", "2410.00001"}))
      << "two community votes outnumber one hub upvote once the index has caught up";
}

}  // namespace
}  // namespace paperboy
