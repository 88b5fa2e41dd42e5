#include "ingest/line_reader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

TEST(LineReader, StripsLfAndCrlfAndReportsOffsetsAfterEachLine) {
  testing::TempDir dir;
  testing::write_file(dir / "f", "one\r\ntwo\nthree");
  auto reader = LineReader::open((dir / "f").string());
  ASSERT_TRUE(reader.ok());
  std::string line;
  ASSERT_TRUE(reader->next(line));
  EXPECT_EQ(line, "one");
  EXPECT_EQ(reader->offset(), 5);
  ASSERT_TRUE(reader->next(line));
  EXPECT_EQ(line, "two");
  ASSERT_TRUE(reader->next(line));
  EXPECT_EQ(line, "three") << "a last line without a newline is still a line";
  EXPECT_EQ(reader->offset(), 14);
  EXPECT_FALSE(reader->next(line));
}

TEST(LineReader, StartsAtAnOffset) {
  testing::TempDir dir;
  testing::write_file(dir / "f", "one\ntwo\n");
  auto reader = LineReader::open((dir / "f").string(), 4);
  std::string line;
  ASSERT_TRUE(reader->next(line));
  EXPECT_EQ(line, "two");
}

TEST(LineReader, OverlongLineIsConsumedWholeAndFlagged) {
  testing::TempDir dir;
  testing::write_file(dir / "f", std::string(200000, 'x') + "\nshort\n");
  auto reader = LineReader::open((dir / "f").string(), 0, 1000);
  std::string line;
  ASSERT_TRUE(reader->next(line));
  EXPECT_TRUE(reader->last_line_too_long());
  EXPECT_TRUE(line.empty());
  ASSERT_TRUE(reader->next(line));
  EXPECT_FALSE(reader->last_line_too_long());
  EXPECT_EQ(line, "short");
}

TEST(LineReader, MissingFileAndDirectoryAreErrorsNamingThePath) {
  testing::TempDir dir;
  auto missing = LineReader::open((dir / "nope").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
  EXPECT_FALSE(LineReader::open(dir.path().string()).ok());
}

}  // namespace
}  // namespace paperboy
