// One line of the arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"):
// id, submitter, authors, title, comments, journal-ref, doi, categories, license, abstract,
// versions[{version, created}], update_date, authors_parsed.
#pragma once

#include <nlohmann/json.hpp>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

// True when the object has the snapshot's shape rather than paperboy's own (paper_json.h).
bool looks_like_snapshot_record(const nlohmann::json& object);

// Errors name the field ("versions[1].created: not a date: …").
Result<Paper> paper_from_snapshot_record(const nlohmann::json& object);

}  // namespace paperboy
