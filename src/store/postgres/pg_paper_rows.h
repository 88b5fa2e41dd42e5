// How PgStore reads a paper row: the one SELECT every read starts from, and its decoding.
#pragma once

#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/store.h"

namespace paperboy {

// Every paper column, then the authors and categories (in order, joined by U+001F), the
// withdrawal date and the submitter; a statement appends its WHERE.
extern const char* const kSelectPaper;

// Every read but scan_changes (and a write's own lookups) leaves withdrawn papers out.
inline constexpr const char* kListed = "p.withdrawn = ''";

// Columns of kSelectPaper that scans page by.
inline constexpr int kDocIdColumn = 0, kChangeSeqColumn = 1, kIdColumn = 2;

StoredPaper read_paper_row(const PgResult& rows, int r);
Result<std::vector<StoredPaper>> read_paper_rows(Result<PgResult> rows);

}  // namespace paperboy
