// PDFs for the thumbnail tests, made on the spot by tests/support/make_paper_pdf.py (ReportLab,
// Debian python3-reportlab): a paper-like page, or a hostile file (huge, truncated, not a PDF).
#pragma once

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

namespace paperboy::testing {

// `kind`: paper, huge, truncated or not-pdf. Empty when the maker failed (the test then fails
// on the empty body and the maker's error is on stderr).
inline std::string make_pdf(const std::string& kind, const std::string& title = "A Paper",
                            double hue = 0.6) {
  TempDir dir;
  const auto out = dir / "made.pdf";
  const std::string command =
      fmt::format("/usr/bin/python3 {}/tests/support/make_paper_pdf.py {} {} --title '{}' --hue {}",
                  PAPERBOY_SOURCE_DIR, kind, out.string(), title, hue);
  if (std::system(command.c_str()) != 0) return "";
  std::ifstream in(out, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace paperboy::testing
