// The first page of a PDF as a small PNG, drawn by poppler's pdftoppm (Debian poppler-utils) in
// a child process with limits on its time and memory. PDFs come from elsewhere and poppler is
// a large parser: in a child, a hostile file (truncated, a page a mile wide, not a PDF at all,
// one that makes the parser crash or spin) costs at most the limits and one log line, never the
// server.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

struct RenderLimits {
  std::string pdftoppm = "pdftoppm";  // a name on PATH, or a path
  int long_side = 400;                // pixels; a portrait page comes out 309 x 400
  std::chrono::seconds time_limit{30};
  uint64_t memory_limit = uint64_t{1} << 30;  // the child's address space, bytes
  size_t max_png_bytes = size_t{2} << 20;
};

// The PNG's bytes. The error says what was wrong: not a PDF (and what it starts with), the
// renderer's own complaint, a limit it ran into, or that pdftoppm is missing.
Result<std::string> render_first_page(std::string_view pdf, const RenderLimits& limits);

// Whether pdftoppm runs at all; the error says which package to install.
Status check_renderer(const RenderLimits& limits);

// Width and height from a PNG's header; {0, 0} when it is not a PNG.
std::pair<int, int> png_size(std::string_view png);

}  // namespace paperboy
