// The built-in model's trip through a shared store (index/shared_model.h), on both backends:
// what one server publishes another adopts byte for byte, and a damaged copy is refused
// without touching the file a server already has.
#include "index/shared_model.h"

#include <gtest/gtest.h>

#include <random>

#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

class SharedModelTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override { open_fresh_store(); }
  // A file of `bytes` random bytes (every byte value, over several 4 MiB parts).
  fs::path model_file(const std::string& name, size_t bytes) {
    std::mt19937 random(7);
    std::string content(bytes, '\0');
    for (char& c : content) c = static_cast<char>(random() & 0xff);
    testing::write_file(dir_ / name, content);
    return dir_ / name;
  }
};
PAPERBOY_ON_EVERY_STORE(SharedModelTest);

TEST_P(SharedModelTest, WhatOneServerPublishesAnotherAdoptsByteForByte) {
  const fs::path adopted = dir_ / "b" / "models" / "builtin-lsa.bin";
  auto none = adopt_shared_model(*store_, adopted);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(*none) << "an empty store holds no model";
  EXPECT_FALSE(fs::exists(adopted));

  const fs::path published = model_file("a.bin", (9 << 20) + 123);
  ASSERT_TRUE(publish_shared_model(*store_, published).ok());
  auto took = adopt_shared_model(*store_, adopted);
  ASSERT_TRUE(took.ok()) << took.error().message;
  EXPECT_TRUE(*took);
  EXPECT_TRUE(testing::read_file(adopted) == testing::read_file(published));
}

TEST_P(SharedModelTest, ADamagedCopyIsRefusedAndTheServersOwnFileKept) {
  ASSERT_TRUE(publish_shared_model(*store_, model_file("a.bin", 5 << 20)).ok());
  ASSERT_TRUE(store_->set_job_state({"model:builtin-lsa:1", "00ff"}).ok());  // a part cut short
  const fs::path own = dir_ / "own.bin";
  testing::write_file(own, "the model this server had");
  auto took = adopt_shared_model(*store_, own);
  ASSERT_FALSE(took.ok());
  EXPECT_NE(took.error().message.find("digest"), std::string::npos) << took.error().message;
  EXPECT_EQ(testing::read_file(own), "the model this server had");
}

}  // namespace
}  // namespace paperboy
