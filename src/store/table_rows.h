// Rows of the store's tables read and written as they are, for `paperboy store copy`: both
// backends have the same tables with the same columns (pg_schema.cpp mirrors sqlite_schema.cpp),
// so a row read from one is written to the other unchanged, its numbers (doc_id, user_id, …)
// included. Values travel as text; SQL NULL as nullopt.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store_location.h"

namespace paperboy {

using TableRow = std::vector<std::optional<std::string>>;

class TableRows {
 public:
  virtual ~TableRows() = default;

  // Up to `limit` rows of `columns`, in the order of `key` (a prefix of columns), after the row
  // whose key is `after` (empty: from the first).
  virtual Result<std::vector<TableRow>> read(const std::string& table,
                                             const std::vector<std::string>& columns,
                                             size_t key_columns, const TableRow& after,
                                             size_t limit) = 0;
  // The largest key stored (empty when the table is empty): where a stopped copy resumes.
  virtual Result<TableRow> last_key(const std::string& table,
                                    const std::vector<std::string>& columns,
                                    size_t key_columns) = 0;
  virtual Result<int64_t> count(const std::string& table) = 0;
  // Writes the rows in one transaction. A row whose key is stored already is left as it is,
  // or replaced when `replace` (the counters, whose rows every new store has).
  virtual Status write(const std::string& table, const std::vector<std::string>& columns,
                       size_t key_columns, const std::vector<TableRow>& rows, bool replace) = 0;
  // The largest number the table ever gave, deleted rows' included (what SQLite's
  // AUTOINCREMENT and PostgreSQL's identity sequence remember): a copy must not give them again.
  virtual Result<int64_t> numbers_given(const std::string& table, const std::string& id_column) = 0;
  // After rows were written with their own numbers: the next number a table gives is above them
  // and above `given` (the source's numbers_given).
  virtual Status renumber_after_copy(const std::string& table, const std::string& id_column,
                                     int64_t given) = 0;
};

// The tables of the store at `location` (opened, created and migrated as open_store does).
Result<std::unique_ptr<TableRows>> open_table_rows(const StoreLocation& location,
                                                   const std::filesystem::path& data_dir);

}  // namespace paperboy
