#include "embed/safetensors_file.h"

#include <gtest/gtest.h>

#include <cstring>

#include "test_support.h"

namespace paperboy {
namespace {

const auto kFixture = testing::fixture_data("models/model2vec-test-fixture/model.safetensors");

std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  uint64_t length = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  return out + header + data;
}

TEST(SafetensorsFile, ReadsTheRealModel2VecFixture) {
  auto file = SafetensorsFile::open(kFixture);
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_TRUE(file->contains("embeddings"));
  EXPECT_EQ(file->tensors().at("embeddings").dtype, "F32");
  auto values = file->read_f32("embeddings", {29528, 2});
  ASSERT_TRUE(values.ok()) << values.error().message;
  ASSERT_EQ(values->size(), 29528u * 2);
  // The same bytes as a plain read of the data section.
  std::string raw = testing::read_file(kFixture);
  uint64_t header = 0;
  for (int i = 7; i >= 0; --i) header = (header << 8) | static_cast<uint8_t>(raw[i]);
  float last;
  std::memcpy(&last, raw.data() + 8 + header + (29528 * 2 - 1) * 4, 4);
  EXPECT_EQ(values->back(), last);
}

TEST(SafetensorsFile, AWrongShapeIsNamedWithBothShapes) {
  auto file = SafetensorsFile::open(kFixture);
  ASSERT_TRUE(file.ok());
  auto values = file->read_f32("embeddings", {29528, 384});
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.error().message.find("[29528, 2]"), std::string::npos) << values.error().message;
  EXPECT_NE(values.error().message.find("[29528, 384]"), std::string::npos);
  EXPECT_NE(values.error().message.find("model.safetensors"), std::string::npos);
}

TEST(SafetensorsFile, ATruncatedFileIsRefusedNamingTheTensor) {
  testing::TempDir dir;
  std::string raw = testing::read_file(kFixture);
  testing::write_file(dir / "model.safetensors", raw.substr(0, raw.size() / 2));
  auto file = SafetensorsFile::open(dir / "model.safetensors");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("truncated"), std::string::npos) << file.error().message;
  EXPECT_NE(file.error().message.find("embeddings"), std::string::npos);

  testing::write_file(dir / "cut.safetensors", raw.substr(0, 40));
  auto header_cut = SafetensorsFile::open(dir / "cut.safetensors");
  ASSERT_FALSE(header_cut.ok());
  EXPECT_NE(header_cut.error().message.find("cut.safetensors"), std::string::npos);
}

TEST(SafetensorsFile, HalfAndBfloat16AreWidened) {
  testing::TempDir dir;
  // 1.0, -2.0, 0.5 in IEEE half (0x3C00, 0xC000, 0x3800) and bfloat16 (0x3F80, 0xC000, 0x3F00).
  std::string half = std::string("\x00\x3C\x00\xC0\x00\x38", 6);
  std::string bf16 = std::string("\x80\x3F\x00\xC0\x00\x3F", 6);
  testing::write_file(
      dir / "m.safetensors",
      safetensors_bytes(R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                        R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[6,12]}})",
                        half + bf16));
  auto file = SafetensorsFile::open(dir / "m.safetensors");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(*file->read_f32("h", {3}), (std::vector<float>{1.0f, -2.0f, 0.5f}));
  EXPECT_EQ(*file->read_f32("b", {3}), (std::vector<float>{1.0f, -2.0f, 0.5f}));
}

TEST(SafetensorsFile, OffsetsThatDisagreeWithTheShapeAreRefused) {
  testing::TempDir dir;
  testing::write_file(dir / "m.safetensors",
                      safetensors_bytes(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}})",
                                        std::string(8, '\0')));
  auto file = SafetensorsFile::open(dir / "m.safetensors");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("\"w\""), std::string::npos) << file.error().message;
}

}  // namespace
}  // namespace paperboy
