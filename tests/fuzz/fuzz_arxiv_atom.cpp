// libFuzzer: any bytes as an arXiv API (Atom) response.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/arxiv_atom.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto feed =
      paperboy::parse_arxiv_atom(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!feed.ok()) return 0;
  for (const auto& paper : feed->papers) {
    if (!paperboy::validate_paper(paper).ok()) std::abort();
  }
  return 0;
}
