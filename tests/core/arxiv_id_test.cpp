#include "core/arxiv_id.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

ArxivId parsed(const char* text) {
  auto id = parse_arxiv_id(text);
  EXPECT_TRUE(id.ok()) << text << ": " << (id.ok() ? "" : id.error().message);
  return id.ok() ? *id : ArxivId{};
}

TEST(ArxivId, NewStyleFiveDigitsWithAndWithoutVersion) {
  EXPECT_EQ(parsed("2410.14649"), (ArxivId{"2410.14649", 0}));
  EXPECT_EQ(parsed("2410.14649v2"), (ArxivId{"2410.14649", 2}));
  EXPECT_EQ(parsed("2410.14649v12").version, 12);
}

TEST(ArxivId, NewStyleFourDigitsBefore2015) {
  EXPECT_EQ(parsed("0704.0001"), (ArxivId{"0704.0001", 0}));
  EXPECT_EQ(parsed("1412.6980v9"), (ArxivId{"1412.6980", 9}));
  EXPECT_FALSE(parse_arxiv_id("1412.69801").ok()) << "five digits only from 2015";
  EXPECT_FALSE(parse_arxiv_id("2410.1464").ok()) << "four digits only before 2015";
}

TEST(ArxivId, OldStyleWithArchivesAndSubjectClasses) {
  EXPECT_EQ(parsed("math/0309136"), (ArxivId{"math/0309136", 0}));
  EXPECT_EQ(parsed("hep-th/9901001v3"), (ArxivId{"hep-th/9901001", 3}));
  EXPECT_EQ(parsed("cond-mat/0102536"), (ArxivId{"cond-mat/0102536", 0}));
  EXPECT_EQ(parsed("solv-int/9901001v1"), (ArxivId{"solv-int/9901001", 1}))
      << "a 'v' in the archive";
  EXPECT_EQ(parsed("math.AG/0309136v1"), (ArxivId{"math/0309136", 1})) << "subject class dropped";
}

TEST(ArxivId, WrappedFormsAreUnwrapped) {
  EXPECT_EQ(parsed("arXiv:2410.14649v2"), (ArxivId{"2410.14649", 2}));
  EXPECT_EQ(parsed("arxiv:2410.14649"), (ArxivId{"2410.14649", 0}));
  EXPECT_EQ(parsed("https://arxiv.org/abs/2410.14649v1"), (ArxivId{"2410.14649", 1}));
  EXPECT_EQ(parsed("http://arxiv.org/pdf/2410.14649v1.pdf"), (ArxivId{"2410.14649", 1}));
  EXPECT_EQ(parsed("https://arxiv.org/abs/math/0309136"), (ArxivId{"math/0309136", 0}));
  EXPECT_EQ(parsed("  2410.14649 "), (ArxivId{"2410.14649", 0}));
}

TEST(ArxivId, StrWritesVersionOnlyWhenKnown) {
  EXPECT_EQ(parsed("2410.14649v2").str(), "2410.14649v2");
  EXPECT_EQ(parsed("math/0309136").str(), "math/0309136");
}

TEST(ArxivId, RejectsMalformedIdsWithTheInputInTheMessage) {
  for (const char* bad :
       {"", "abc", "2410.146", "2413.14649", "2400.14649", "2410.14649v", "2410.14649v0",
        "2410.14649vx", "2410-14649", "Math/0309136", "math/030913", "math/0313136",
        "math/0309136v", "../etc/passwd", "2410.14649; DROP TABLE papers"}) {
    auto id = parse_arxiv_id(bad);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_NE(id.error().message.find(std::string("'") + bad), std::string::npos)
        << id.error().message;
  }
}

}  // namespace
}  // namespace paperboy
