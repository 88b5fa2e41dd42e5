// libFuzzer: any bytes as one line of a JSON-lines file (arXiv snapshot or paperboy export).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "ingest/paper_json.h"
#include "ingest/snapshot_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  for (auto paper : {paperboy::paper_from_snapshot_record(json), paperboy::paper_from_json(json)}) {
    if (paper.ok() && !paperboy::validate_paper(*paper).ok()) std::abort();
  }
  return 0;
}
