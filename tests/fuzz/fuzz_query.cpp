// libFuzzer: any bytes as a search query (the syntax in index/query_builder.h).
#include <cstdint>
#include <string_view>

#include "index/query_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const paperboy::QueryBuilder builder;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)builder.build(text);
  (void)builder.build(text, true);
  return 0;
}
