// The bundled sample (sample/hf-daily, 1,173 real papers) in a store with a lexical index, built
// once per test suite, for tests that judge search quality on real text.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "index/index_writer.h"
#include "index/lexical_index.h"
#include "ingest/ingest_pipeline.h"
#include "store/store.h"
#include "test_support.h"

namespace paperboy::testing {

class SampleIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto store = open_sqlite_store((dir_->path() / "store.sqlite").string());
    ASSERT_TRUE(store.ok());
    IngestOptions quiet;
    quiet.show_progress = false;
    IngestPipeline pipeline(**store, quiet);
    for (const auto& file : std::filesystem::directory_iterator(sample_data("hf-daily"))) {
      if (file.path().extension() != ".json") continue;
      ASSERT_TRUE(pipeline.ingest_file(file.path().string()).ok()) << file.path();
    }
    ASSERT_TRUE(update_lexical_index(**store, dir_->path() / "index", {}).ok());
    store_ = store->release();
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
  }

  static LexicalIndex open_index() {
    return std::move(LexicalIndex::open(dir_->path() / "index")).value();
  }

  static inline TempDir* dir_ = nullptr;
  static inline Store* store_ = nullptr;
};

}  // namespace paperboy::testing
