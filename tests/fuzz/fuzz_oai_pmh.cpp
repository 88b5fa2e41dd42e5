// libFuzzer: any bytes as an OAI-PMH page. Must never crash, leak or hang; every accepted
// record must be a valid paper.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/oai_pmh.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto page = paperboy::parse_oai_page(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!page.ok()) return 0;
  for (const auto& record : page->records) {
    if (record.paper && !paperboy::validate_paper(*record.paper).ok()) std::abort();
  }
  return 0;
}
