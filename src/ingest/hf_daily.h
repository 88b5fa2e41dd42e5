// The Hugging Face hub's daily list (`/api/daily_papers?date=…`): a JSON array of items, each
// {paper: {id, title, summary, authors[{name}], publishedAt, upvotes, submittedOnDailyAt?,
// organization?}, publishedAt, organization?, …}. The shape changed over the years (see
// shared/data/sample/hf-daily/SOURCES.md); every variant seen there is accepted.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

// One item of the list: the paper, or why it was rejected.
struct HfDailyItem {
  size_t index = 0;  // position in the array, for error messages
  Result<Paper> paper;
};

// The hub facts come with the paper: hub_day (paper.submittedOnDailyAt, or the item's own
// publishedAt in the 2024 shape, where that is the listing time), upvotes and organisation.
Result<Paper> paper_from_hf_daily_item(const nlohmann::json& item);

// Fails only when the document is not an array; bad items come back as errors in their slot.
Result<std::vector<HfDailyItem>> papers_from_hf_daily(const nlohmann::json& document);

}  // namespace paperboy
