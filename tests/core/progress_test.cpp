#include "core/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace paperboy {
namespace {

std::string captured(FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text += static_cast<char>(c);
  return text;
}

TEST(Progress, OutsideATerminalPrintsPlainLinesAndAFinalOne) {
  FILE* out = std::tmpfile();
  Progress progress("ingest f", 1000, "papers", out, false, std::chrono::seconds(0));
  progress.update(500, 50);
  progress.finish(100);
  std::string text = captured(out);
  std::fclose(out);
  EXPECT_NE(text.find("ingest f: 50% 50 papers"), std::string::npos) << text;
  EXPECT_NE(text.find("100% 100 papers"), std::string::npos) << text;
  EXPECT_NE(text.find("(done)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << "no carriage returns in logs";
}

TEST(Progress, OnATerminalRedrawsOneLineWithABarAndEta) {
  FILE* out = std::tmpfile();
  Progress progress("index", 100, "papers", out, true, std::chrono::seconds(0));
  progress.finish(100);
  std::string text = captured(out);
  std::fclose(out);
  EXPECT_EQ(text.rfind("\r\033[K", 0), 0u);
  EXPECT_NE(text.find("[##############################] 100%"), std::string::npos) << text;
}

TEST(Progress, DurationsReadAsClockTimes) {
  EXPECT_EQ(format_duration(5), "0:05");
  EXPECT_EQ(format_duration(125), "2:05");
  EXPECT_EQ(format_duration(3 * 3600 + 62), "3:01:02");
}

}  // namespace
}  // namespace paperboy
