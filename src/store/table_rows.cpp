#include "store/table_rows.h"

#include <algorithm>

#include "store/pg_connection.h"
#include "store/pg_store.h"
#include "store/sqlite_statement.h"

namespace paperboy {
namespace {

std::string column_list(const std::vector<std::string>& columns, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? ", " : "") + columns[i];
  return out;
}

// "(?, ?)" or "($3, $4)": placeholders for `count` values, numbered from `first` for PostgreSQL.
std::string placeholders(size_t count, bool numbered, size_t first = 1) {
  std::string out = "(";
  for (size_t i = 0; i < count; ++i) {
    out += i ? ", " : "";
    out += numbered ? "$" + std::to_string(first + i) : "?";
  }
  return out + ")";
}

std::string select_sql(const std::string& table, const std::vector<std::string>& columns,
                       size_t key_columns, bool after, bool numbered) {
  std::string key = column_list(columns, key_columns);
  std::string sql = "SELECT " + column_list(columns, columns.size()) + " FROM " + table;
  if (after) sql += " WHERE (" + key + ") > " + placeholders(key_columns, numbered);
  return sql + " ORDER BY " + key + " LIMIT " +
         (numbered ? "$" + std::to_string(after ? key_columns + 1 : 1) : "?");
}

class SqliteTableRows final : public TableRows {
 public:
  explicit SqliteTableRows(std::unique_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

  Result<std::vector<TableRow>> read(const std::string& table,
                                     const std::vector<std::string>& columns, size_t key_columns,
                                     const TableRow& after, size_t limit) override {
    auto stmt = db_->prepare(select_sql(table, columns, key_columns, !after.empty(), false));
    if (!stmt.ok()) return stmt.error();
    int index = 1;
    for (const auto& value : after) value ? stmt->bind(index++, *value) : stmt->bind_null(index++);
    stmt->bind(index, static_cast<int64_t>(limit));
    std::vector<TableRow> rows;
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) return rows;
      TableRow values;
      for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
        values.push_back(stmt->is_null(c) ? std::nullopt
                                          : std::optional<std::string>(stmt->text(c)));
      }
      rows.push_back(std::move(values));
    }
  }

  Result<TableRow> last_key(const std::string& table, const std::vector<std::string>& columns,
                            size_t key_columns) override {
    std::string key = column_list(columns, key_columns);
    std::string descending;
    for (size_t i = 0; i < key_columns; ++i) descending += (i ? ", " : "") + columns[i] + " DESC";
    auto stmt =
        db_->prepare("SELECT " + key + " FROM " + table + " ORDER BY " + descending + " LIMIT 1");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    TableRow values;
    if (*row) {
      for (int c = 0; c < static_cast<int>(key_columns); ++c) values.push_back(stmt->text(c));
    }
    return values;
  }

  Result<int64_t> count(const std::string& table) override {
    auto stmt = db_->prepare("SELECT count(*) FROM " + table);
    if (!stmt.ok()) return stmt.error();
    if (auto row = stmt->step(); !row.ok()) return row.error();
    return stmt->integer(0);
  }

  Status write(const std::string& table, const std::vector<std::string>& columns, size_t,
               const std::vector<TableRow>& rows, bool replace) override {
    auto tx = SqliteTransaction::begin(*db_);
    if (!tx.ok()) return tx.error();
    auto stmt = db_->prepare(std::string(replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE") +
                             " INTO " + table + "(" + column_list(columns, columns.size()) +
                             ") VALUES " + placeholders(columns.size(), false));
    if (!stmt.ok()) return stmt.error();
    for (const TableRow& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        row[c] ? stmt->bind(static_cast<int>(c + 1), *row[c])
               : stmt->bind_null(static_cast<int>(c + 1));
      }
      if (auto s = stmt->run(); !s.ok()) return s;
      stmt->reset();
    }
    return tx->commit();
  }

  Result<int64_t> numbers_given(const std::string& table, const std::string& id_column) override {
    auto stmt = db_->prepare(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
        "coalesce((SELECT max(" +
        id_column + ") FROM " + table + "), 0))");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, table);
    if (auto row = stmt->step(); !row.ok()) return row.error();
    return stmt->integer(0);
  }

  // AUTOINCREMENT continues from the largest of the rows and sqlite_sequence's entry, which
  // may be raised by hand.
  Status renumber_after_copy(const std::string& table, const std::string&, int64_t given) override {
    for (const char* sql : {"INSERT INTO sqlite_sequence(name, seq) SELECT ?1, 0 WHERE NOT EXISTS "
                            "(SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
                            "UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1"}) {
      auto stmt = db_->prepare(sql);
      if (!stmt.ok()) return stmt.error();
      if (auto s = stmt->bind(1, table).bind(2, given).run(); !s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  std::unique_ptr<SqliteDatabase> db_;
};

class PgTableRows final : public TableRows {
 public:
  explicit PgTableRows(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

  Result<std::vector<TableRow>> read(const std::string& table,
                                     const std::vector<std::string>& columns, size_t key_columns,
                                     const TableRow& after, size_t limit) override {
    std::vector<PgValue> params(after.begin(), after.end());
    params.push_back(pg_value(limit));
    auto result = conn_->run(select_sql(table, columns, key_columns, !after.empty(), true), params);
    if (!result.ok()) return result.error();
    std::vector<TableRow> rows;
    for (int r = 0; r < result->rows(); ++r) {
      TableRow values;
      for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
        values.push_back(result->is_null(r, c) ? std::nullopt
                                               : std::optional<std::string>(result->text(r, c)));
      }
      rows.push_back(std::move(values));
    }
    return rows;
  }

  Result<TableRow> last_key(const std::string& table, const std::vector<std::string>& columns,
                            size_t key_columns) override {
    std::string descending;
    for (size_t i = 0; i < key_columns; ++i) descending += (i ? ", " : "") + columns[i] + " DESC";
    auto result = conn_->query("SELECT " + column_list(columns, key_columns) + " FROM " + table +
                               " ORDER BY " + descending + " LIMIT 1");
    if (!result.ok()) return result.error();
    TableRow values;
    for (int c = 0; result->rows() && c < static_cast<int>(key_columns); ++c)
      values.push_back(result->text(0, c));
    return values;
  }

  Result<int64_t> count(const std::string& table) override {
    auto result = conn_->query("SELECT count(*) FROM " + table);
    if (!result.ok()) return result.error();
    return result->integer(0, 0);
  }

  Status write(const std::string& table, const std::vector<std::string>& columns,
               size_t key_columns, const std::vector<TableRow>& rows, bool replace) override {
    if (rows.empty()) return Status::Ok();
    std::string conflict = " ON CONFLICT DO NOTHING";
    if (replace) {
      conflict = " ON CONFLICT (" + column_list(columns, key_columns) + ") DO UPDATE SET ";
      for (size_t c = key_columns; c < columns.size(); ++c) {
        conflict += (c > key_columns ? ", " : "") + columns[c] + " = excluded." + columns[c];
      }
    }
    auto tx = PgTransaction::begin(*conn_);
    if (!tx.ok()) return tx.error();
    // Many rows a statement (PostgreSQL takes up to 65,535 parameters in one).
    const size_t per_statement = std::max<size_t>(1, std::min<size_t>(500, 65535 / columns.size()));
    for (size_t start = 0; start < rows.size(); start += per_statement) {
      const size_t end = std::min(rows.size(), start + per_statement);
      std::string sql =
          "INSERT INTO " + table + "(" + column_list(columns, columns.size()) + ") VALUES ";
      std::vector<PgValue> params;
      for (size_t r = start; r < end; ++r) {
        sql += (r > start ? ", " : "") + placeholders(columns.size(), true, params.size() + 1);
        params.insert(params.end(), rows[r].begin(), rows[r].end());
      }
      if (auto s = pg_done(conn_->run(sql + conflict, params)); !s.ok()) return s;
    }
    return tx->commit();
  }

  Result<int64_t> numbers_given(const std::string& table, const std::string& id_column) override {
    auto given =
        conn_->query("SELECT greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('" +
                     table + "', '" + id_column + "')::regclass), 0), (SELECT coalesce(max(" +
                     id_column + "), 0) FROM " + table + "))");
    if (!given.ok()) return given.error();
    return given->integer(0, 0);
  }

  Status renumber_after_copy(const std::string& table, const std::string& id_column,
                             int64_t given) override {
    return pg_done(conn_->query("SELECT setval(pg_get_serial_sequence('" + table + "', '" +
                                    id_column + "'), greatest((SELECT coalesce(max(" + id_column +
                                    "), 0) FROM " + table +
                                    "), $1) + 1, "
                                    "false)",
                                given));
  }

 private:
  std::unique_ptr<PgConnection> conn_;
};

}  // namespace

Result<std::unique_ptr<TableRows>> open_table_rows(const StoreLocation& location,
                                                   const std::filesystem::path& data_dir) {
  // Opening the store first creates and migrates its tables.
  auto store = open_store(location, data_dir);
  if (!store.ok()) return store.error();
  store->reset();
  if (location.kind == StoreLocation::Kind::kPostgres) {
    auto conn = PgConnection::open(location.conninfo);
    if (!conn.ok()) return conn.error();
    return std::unique_ptr<TableRows>(new PgTableRows(std::move(conn).value()));
  }
  auto db = SqliteDatabase::open(sqlite_store_path(location, data_dir).string());
  if (!db.ok()) return db.error();
  return std::unique_ptr<TableRows>(new SqliteTableRows(std::move(db).value()));
}

}  // namespace paperboy
