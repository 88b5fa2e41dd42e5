// `paperboy store copy`: moves an instance from one store to another (SQLite to PostgreSQL, or
// back), table by table with every row's numbers kept, so the data directory's indexes stay
// valid for the copy. Resumable: each batch commits on its own, a rerun continues after the
// largest key the destination holds, and rows already there are left as they are. Verified:
// every table's row count must match at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/table_rows.h"

namespace paperboy {

struct TableCopyCount {
  std::string table;
  int64_t source = 0;
  int64_t destination = 0;
};

struct StoreCopyReport {
  std::vector<TableCopyCount> tables;
  int64_t rows_written = 0;
};

using CopyProgress = std::function<void(const std::string& table, int64_t rows_done)>;

// Copies every table of `from` into `to`. Refuses a destination that holds another store's
// papers or accounts; fails, naming the tables, when the counts differ at the end.
Result<StoreCopyReport> copy_store(TableRows& from, TableRows& to,
                                   const CopyProgress& progress = nullptr,
                                   size_t batch_rows = 2000);

}  // namespace paperboy
