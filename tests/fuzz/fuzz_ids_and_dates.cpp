// libFuzzer: the small parsers every source goes through: paper ids, dates, author lists, and
// the LaTeX-to-text normaliser, the link finder and the links a reader types.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/arxiv_id.h"
#include "core/date.h"
#include "core/paper.h"
#include "core/paper_links.h"
#include "core/text_normalise.h"
#include "ingest/author_names.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)paperboy::parse_paper_key(text);
  (void)paperboy::parse_arxiv_id(text);
  (void)paperboy::parse_date(text);
  (void)paperboy::parse_iso_week(text);
  (void)paperboy::parse_month(text);
  (void)paperboy::authors_from_text(std::string(text));
  (void)paperboy::latex_to_text(text);
  (void)paperboy::normalise_for_index(text);
  (void)paperboy::normalise_for_query(text);
  (void)paperboy::find_paper_links(text, text);
  (void)paperboy::normalise_code_link(text);
  (void)paperboy::normalise_page_link(text);
  (void)paperboy::normalise_hub_artifact("model", text);
  return 0;
}
