// libFuzzer: any bytes as a Hugging Face daily-papers list.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "ingest/hf_daily.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  auto items = paperboy::papers_from_hf_daily(json);
  if (!items.ok()) return 0;
  for (const auto& item : *items) {
    if (item.paper.ok() && !paperboy::validate_paper(*item.paper).ok()) std::abort();
  }
  return 0;
}
