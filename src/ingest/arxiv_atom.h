// A response of the arXiv API (export.arxiv.org/api/query, Atom 1.0 with arxiv: and
// opensearch: extensions), used to look up single papers and small id_list batches. Reads the
// 2016 and the 2025+ serialisations alike.
#pragma once

#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

struct ArxivFeed {
  std::vector<Paper>
      papers;  // in the feed's order; version from the entry id ("…/abs/2104.12255v1")
  int64_t total_results = 0;  // opensearch:totalResults
  std::vector<std::string>
      problems;  // entries left out: "entry 2 (http://arxiv.org/abs/…): reason"
};

// An error entry (id under https://arxiv.org/api/errors) is returned as an Error carrying its
// text ("arXiv API error: incorrect id format for abc"), as are malformed XML and documents
// that are not an Atom feed.
Result<ArxivFeed> parse_arxiv_atom(std::string_view xml);

}  // namespace paperboy
