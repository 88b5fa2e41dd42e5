// What one thumbnail costs: render_first_page (a forked pdftoppm under limits, as
// `serve --thumbnails` runs it) on each PDF given, several times; prints the median and
// slowest wall time, the PNG's size and its pixels. Without PDFs it makes the test suite's
// ReportLab page (tests/support/make_paper_pdf.py) and measures that.
//
//   build/bench/bench_thumbnail [--runs 9] [FILE.pdf ...]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harvest/first_page_renderer.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 9;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    const std::string made = "/tmp/paperboy-bench-page.pdf";
    const std::string command = fmt::format(
        "/usr/bin/python3 {}/tests/support/make_paper_pdf.py paper {} --title 'A Benchmark Page'",
        PAPERBOY_SOURCE_DIR, made);
    if (std::system(command.c_str()) != 0) {
      fmt::print(stderr, "cannot make a PDF (python3-reportlab?); give PDFs as arguments\n");
      return 1;
    }
    files.push_back(made);
  }
  paperboy::RenderLimits limits;
  fmt::print(
      "render_first_page: pdftoppm -scale-to {} in a child (limits {} s, {} MiB), {} runs each\n",
      limits.long_side, limits.time_limit.count(), limits.memory_limit >> 20, runs);
  fmt::print("{:>10} {:>10} {:>10} {:>10} {:>9}  {}\n", "pdf bytes", "median ms", "max ms",
             "png bytes", "pixels", "file");
  for (const auto& file : files) {
    const std::string pdf = read_file(file);
    std::vector<double> ms;
    std::string png;
    for (int r = 0; r < runs; ++r) {
      auto start = std::chrono::steady_clock::now();
      auto drawn = paperboy::render_first_page(pdf, limits);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      if (!drawn.ok()) {
        fmt::print("{:>10} {}: {}\n", pdf.size(), file, drawn.error().message);
        break;
      }
      png = std::move(*drawn);
    }
    if (png.empty()) continue;
    std::sort(ms.begin(), ms.end());
    auto [width, height] = paperboy::png_size(png);
    fmt::print("{:>10} {:>10.1f} {:>10.1f} {:>10} {:>9}  {}\n", pdf.size(), ms[ms.size() / 2],
               ms.back(), png.size(), fmt::format("{}x{}", width, height), file);
  }
  return 0;
}
