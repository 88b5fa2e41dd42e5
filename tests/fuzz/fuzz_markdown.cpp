// libFuzzer: any bytes as a discussion post, through the checks a post passes when written
// (accept_post_text) and its rendering (post_to_html), with the budget of issue 32: whatever a
// post holds, its HTML stays under a bounded size and it renders within a bounded time. A
// rendering past either is reported as a crash, with the input that caused it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "server/formats/post_markdown.h"

namespace {

// Far above a real post's few milliseconds, even under the sanitizers: only a shape that costs
// more than linear work gets here.
constexpr auto kRenderBudget = std::chrono::milliseconds(1500);
constexpr size_t kHtmlBudget = 600 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text =
      paperboy::accept_post_text(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!text.ok()) return 0;
  const auto started = std::chrono::steady_clock::now();
  const std::string html = paperboy::post_to_html(*text);
  const auto took = std::chrono::steady_clock::now() - started;
  if (html.size() > kHtmlBudget) {
    std::fprintf(stderr, "a %zu-byte post rendered %zu bytes of HTML\n", size, html.size());
    std::abort();
  }
  if (took > kRenderBudget) {
    std::fprintf(stderr, "a %zu-byte post took %lld ms to render\n", size,
                 static_cast<long long>(
                     std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
    std::abort();
  }
  return 0;
}
