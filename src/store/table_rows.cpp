#include "store/table_rows.h"

#include <algorithm>

#include "store/postgres/pg_session.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_session.h"

namespace paperboy {
namespace {

std::string column_list(const std::vector<std::string>& columns, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? ", " : "") + columns[i];
  return out;
}

// "($3, $4)": placeholders for `count` values, numbered from `first`.
std::string placeholders(size_t count, size_t first) {
  std::string out = "(";
  for (size_t i = 0; i < count; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out + ")";
}

std::vector<SqlValue> values_of(const TableRow& row) {
  std::vector<SqlValue> values;
  for (const auto& value : row) values.push_back(value ? SqlValue(*value) : SqlValue());
  return values;
}

// Reading, counting and writing rows is the same SQL on both backends; what each remembers of
// the numbers it gave (sqlite_sequence, an identity sequence) is not.
class SqlTableRows : public TableRows {
 public:
  Result<std::vector<TableRow>> read(const std::string& table,
                                     const std::vector<std::string>& columns, size_t key_columns,
                                     const TableRow& after, size_t limit) override {
    const std::string key = column_list(columns, key_columns);
    std::string sql = "SELECT " + column_list(columns, columns.size()) + " FROM " + table;
    if (!after.empty()) sql += " WHERE (" + key + ") > " + placeholders(key_columns, 1);
    sql += " ORDER BY " + key + " LIMIT $" + std::to_string(after.size() + 1);
    std::vector<SqlValue> values = values_of(after);
    values.push_back(sql_value(limit));
    auto result = session().run(sql, values);
    if (!result.ok()) return result.error();
    std::vector<TableRow> rows;
    for (size_t r = 0; r < result->rows(); ++r) {
      TableRow row;
      for (size_t c = 0; c < columns.size(); ++c) {
        row.push_back(result->is_null(r, c) ? std::nullopt
                                            : std::optional<std::string>(result->text(r, c)));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<TableRow> last_key(const std::string& table, const std::vector<std::string>& columns,
                            size_t key_columns) override {
    std::string descending;
    for (size_t i = 0; i < key_columns; ++i) descending += (i ? ", " : "") + columns[i] + " DESC";
    auto result = session().query("SELECT " + column_list(columns, key_columns) + " FROM " + table +
                                  " ORDER BY " + descending + " LIMIT 1");
    if (!result.ok()) return result.error();
    TableRow key;
    for (size_t c = 0; !result->empty() && c < key_columns; ++c) key.push_back(result->text(0, c));
    return key;
  }

  Result<int64_t> count(const std::string& table) override {
    auto n = sql_first_integer(session().query("SELECT count(*) FROM " + table));
    if (!n.ok()) return n.error();
    return n->value_or(0);
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
    auto tx = SqlTransaction::begin(session());
    if (!tx.ok()) return tx.error();
    // Many rows a statement, within both backends' limits on parameters (SQLite's 32,766).
    const size_t per_statement = std::max<size_t>(1, std::min<size_t>(500, 30000 / columns.size()));
    for (size_t start = 0; start < rows.size(); start += per_statement) {
      const size_t end = std::min(rows.size(), start + per_statement);
      std::string sql =
          "INSERT INTO " + table + "(" + column_list(columns, columns.size()) + ") VALUES ";
      std::vector<SqlValue> values;
      for (size_t r = start; r < end; ++r) {
        sql += (r > start ? ", " : "") + placeholders(columns.size(), values.size() + 1);
        for (SqlValue& value : values_of(rows[r])) values.push_back(std::move(value));
      }
      if (auto s = sql_done(session().run(sql + conflict, values)); !s.ok()) return s;
    }
    return tx->commit();
  }

 protected:
  virtual SqlSession& session() = 0;
};

class SqliteTableRows final : public SqlTableRows {
 public:
  explicit SqliteTableRows(std::unique_ptr<SqliteDatabase> db)
      : db_(std::move(db)), session_(*db_) {}

  Result<int64_t> numbers_given(const std::string& table, const std::string& id_column) override {
    auto given = sql_first_integer(
        session_.query("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), "
                       "coalesce((SELECT max(" +
                           id_column + ") FROM " + table + "), 0))",
                       table));
    if (!given.ok()) return given.error();
    return given->value_or(0);
  }

  // AUTOINCREMENT continues from the largest of the rows and sqlite_sequence's entry, which
  // may be raised by hand.
  Status renumber_after_copy(const std::string& table, const std::string&, int64_t given) override {
    if (auto s = sql_done(
            session_.query("INSERT INTO sqlite_sequence(name, seq) SELECT $1, 0 WHERE NOT EXISTS "
                           "(SELECT 1 FROM sqlite_sequence WHERE name = $1)",
                           table));
        !s.ok()) {
      return s;
    }
    return sql_done(session_.query("UPDATE sqlite_sequence SET seq = max(seq, $2) WHERE name = $1",
                                   table, given));
  }

 protected:
  SqlSession& session() override { return session_; }

 private:
  std::unique_ptr<SqliteDatabase> db_;
  SqliteSession session_;
};

class PgTableRows final : public SqlTableRows {
 public:
  explicit PgTableRows(std::unique_ptr<PgConnection> conn)
      : conn_(std::move(conn)), session_(*conn_) {}

  Result<int64_t> numbers_given(const std::string& table, const std::string& id_column) override {
    auto given = sql_first_integer(session_.query(
        "SELECT greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, $2)"
        "::regclass), 0), (SELECT coalesce(max(" +
            id_column + "), 0) FROM " + table + "))",
        table, id_column));
    if (!given.ok()) return given.error();
    return given->value_or(0);
  }

  Status renumber_after_copy(const std::string& table, const std::string& id_column,
                             int64_t given) override {
    return sql_done(session_.query(
        "SELECT setval(pg_get_serial_sequence($1, $2), greatest((SELECT coalesce(max(" + id_column +
            "), 0) FROM " + table + "), $3) + 1, false)",
        table, id_column, given));
  }

 protected:
  SqlSession& session() override { return session_; }

 private:
  std::unique_ptr<PgConnection> conn_;
  PgSession session_;
};

}  // namespace

Result<std::unique_ptr<TableRows>> open_table_rows(const StoreLocation& location,
                                                   const std::filesystem::path& data_dir) {
  // Opening the store first creates and migrates its tables.
  auto store = open_store(location, data_dir);
  if (!store.ok()) return store.error();
  store->reset();
  if (location.kind == StoreLocation::Kind::kPostgres) {
    auto conn = PgConnection::open(location.conninfo, location.password);
    if (!conn.ok()) return conn.error();
    return std::unique_ptr<TableRows>(new PgTableRows(std::move(conn).value()));
  }
  auto db = SqliteDatabase::open(sqlite_store_path(location, data_dir).string());
  if (!db.ok()) return db.error();
  return std::unique_ptr<TableRows>(new SqliteTableRows(std::move(db).value()));
}

}  // namespace paperboy
