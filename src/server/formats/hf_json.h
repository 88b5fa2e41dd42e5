// Papers in the JSON shapes of the Hugging Face papers API (see
// shared/data/formats/HF-PAPERS-API.md), so scripts written for that hub work against paperboy.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/paper.h"

namespace paperboy {

// What the community added to a paper: its visible discussion posts and the author slots
// claimed by accounts (position from 0, the account's handle).
struct PaperCommunityFacts {
  int64_t num_comments = 0;
  std::vector<std::pair<int, std::string>> claimed_authors;
  std::string local_submitter;  // the handle of the account that listed it here, if one did
};

// Where the paper's stored thumbnail is served, with its version so a new one is a new URL.
std::string thumbnail_path(const Paper& paper);

// "2025-10-21T00:00:00.000Z": UTC with a Z, as the hub's clients require. Days only are stored,
// so the time is midnight.
std::string hf_timestamp(const Date& day);

// A daily-list or search item: listing facts at the top level around a nested `paper`; the
// fields the client reads from either level (id, authors, summary, upvotes, discussionId) are at
// both.
nlohmann::json hf_daily_item(const Paper& paper, const PaperCommunityFacts& facts = {});

// The flat object of /api/papers/{id}, with paperboy's own facts (categories, version, doi,
// journalRef, comments, license) beside the hub's fields.
nlohmann::json hf_flat_paper(const Paper& paper, const PaperCommunityFacts& facts = {});

}  // namespace paperboy
