// A store and live lexical index over a handful of hand-made papers, for query tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "index/index_writer.h"
#include "index/lexical_index.h"
#include "store/store.h"
#include "test_support.h"

namespace paperboy::testing {

class IndexFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_ / "store.sqlite").string())).value();
  }

  void add(const Paper& paper) { ASSERT_TRUE(store_->upsert(std::vector<Paper>{paper}).ok()); }
  void index() {
    auto update = update_lexical_index(*store_, dir_ / "index", {});
    ASSERT_TRUE(update.ok()) << update.error().message;
  }
  // The ids matching `query`, best first.
  std::vector<std::string> ids(const std::string& query) {
    auto index = LexicalIndex::open(dir_ / "index");
    EXPECT_TRUE(index.ok());
    auto results = index->search({query, false, 0, 100});
    EXPECT_TRUE(results.ok()) << query << ": " << (results.ok() ? "" : results.error().message);
    std::vector<std::string> found;
    if (results.ok()) {
      for (const auto& hit : results->hits) found.push_back(hit.id);
    }
    return found;
  }
  std::vector<std::string> sorted_ids(const std::string& query) {
    auto found = ids(query);
    std::sort(found.begin(), found.end());
    return found;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace paperboy::testing
