// paperboy's own JSON form of a paper: one object per line in `paperboy export`, read back by
// `paperboy ingest`. Export followed by ingest reproduces the store exactly.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

// Fields with no value (empty text, empty lists, zero upvotes and version) are left out.
nlohmann::json paper_to_json(const Paper& paper);

// Errors name the field that is wrong ("published: not a date: '2024-13-01'").
Result<Paper> paper_from_json(const nlohmann::json& object);

}  // namespace paperboy
