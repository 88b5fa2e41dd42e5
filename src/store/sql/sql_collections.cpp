#include "store/sql/sql_collections.h"

#include <algorithm>

namespace paperboy {
namespace {

// A collection with its owner's handle and name and its size; a WHERE clause follows.
constexpr const char* kCollectionColumns =
    "SELECT c.collection_id, c.title, c.description, c.private, coalesce(c.owner_user, 0), "
    "coalesce(c.owner_org, 0), c.created, c.updated, coalesce(u.handle, o.name, ''), "
    "coalesce(u.name, o.fullname, ''), (SELECT count(*) FROM collection_items i WHERE "
    "i.collection_id = c.collection_id) "
    "FROM collections c LEFT JOIN users u ON u.user_id = c.owner_user "
    "LEFT JOIN organizations o ON o.org_id = c.owner_org ";

Result<std::vector<Collection>> collections_from(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Collection> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2),
                   rows->integer(r, 3) != 0, rows->integer(r, 4), rows->integer(r, 5),
                   rows->integer(r, 6), rows->integer(r, 7), rows->text(r, 8), rows->text(r, 9),
                   rows->integer(r, 10)});
  }
  return out;
}

// The collection's papers after `doc_id` moves to `position` (the end when past it); not found
// when the paper is not among `items`.
Result<std::vector<int64_t>> order_after_move(const std::vector<CollectionItem>& items,
                                              int64_t doc_id, int position) {
  std::vector<int64_t> order;
  for (const auto& item : items) {
    if (item.doc_id != doc_id) order.push_back(item.doc_id);
  }
  if (order.size() == items.size())
    return Error{"the paper is not in this collection", ErrorCode::kNotFound};
  const size_t at = std::min(static_cast<size_t>(std::max(position, 0)), order.size());
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), doc_id);
  return order;
}

}  // namespace

Result<int64_t> SqlCollections::create_collection(const CollectionOwner& owner,
                                                  std::string_view title,
                                                  std::string_view description, bool is_private,
                                                  int64_t now) {
  auto id = sql_first_integer(session_.query(
      "INSERT INTO collections(title, description, private, owner_user, owner_org, created, "
      "updated) VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), nullif(CAST($5 AS bigint), 0), "
      "$6, $6) RETURNING collection_id",
      title, description, is_private, owner.user_id, owner.org_id, now));
  if (!id.ok()) return id.error();
  return id->value_or(0);
}

Result<std::optional<Collection>> SqlCollections::collection(int64_t collection_id) {
  auto found = collections_from(session_.query(
      std::string(kCollectionColumns) + "WHERE c.collection_id = $1", collection_id));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Collection>();
  return std::optional<Collection>(std::move(found->front()));
}

Result<std::vector<Collection>> SqlCollections::collections_of(const CollectionOwner& owner,
                                                               bool with_private) {
  return collections_from(session_.query(
      std::string(kCollectionColumns) +
          "WHERE (c.owner_user = $1 OR c.owner_org = $2) AND ($3 = 1 OR c.private = 0) "
          "ORDER BY c.updated DESC, c.collection_id DESC",
      owner.user_id, owner.org_id, with_private));
}

Status SqlCollections::update_collection(int64_t collection_id, std::string_view title,
                                         std::string_view description, bool is_private,
                                         int64_t now) {
  return sql_done(session_.query(
      "UPDATE collections SET title = $1, description = $2, private = $3, updated = $4 "
      "WHERE collection_id = $5",
      title, description, is_private, now, collection_id));
}

Status SqlCollections::delete_collection(int64_t collection_id) {
  return sql_done(
      session_.query("DELETE FROM collections WHERE collection_id = $1", collection_id));
}

Result<std::vector<CollectionItem>> SqlCollections::items(int64_t collection_id) {
  auto rows = session_.query(
      "SELECT doc_id, position, note, added FROM collection_items WHERE collection_id = $1 "
      "ORDER BY position, added",
      collection_id);
  if (!rows.ok()) return rows.error();
  std::vector<CollectionItem> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), static_cast<int>(rows->integer(r, 1)), rows->text(r, 2),
                   rows->integer(r, 3)});
  }
  return out;
}

Status SqlCollections::touch(int64_t collection_id, int64_t now) {
  return sql_done(session_.query("UPDATE collections SET updated = $1 WHERE collection_id = $2",
                                 now, collection_id));
}

Status SqlCollections::lock(int64_t collection_id) {
  return sql_done(session_.query("SELECT 1 FROM collections WHERE collection_id = $1" +
                                     std::string(session_.dialect().lock_rows()),
                                 collection_id));
}

Result<bool> SqlCollections::add_item(int64_t collection_id, int64_t doc_id, std::string_view note,
                                      int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // The collection's row lock puts two additions in turn, so each takes its own position.
  if (auto s = lock(collection_id); !s.ok()) return s.error();
  auto present = sql_first_integer(session_.query(
      "SELECT count(*) FROM collection_items WHERE collection_id = $1 AND doc_id = $2",
      collection_id, doc_id));
  if (!present.ok()) return present.error();
  if (auto s = sql_done(session_.query(
          "INSERT INTO collection_items(collection_id, doc_id, position, note, added) "
          "VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM collection_items WHERE "
          "collection_id = $1), $3, $4) "
          "ON CONFLICT (collection_id, doc_id) DO UPDATE SET note = excluded.note",
          collection_id, doc_id, note, now));
      !s.ok()) {
    return s.error();
  }
  if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return present->value_or(0) == 0;
}

Result<bool> SqlCollections::remove_item(int64_t collection_id, int64_t doc_id, int64_t now) {
  auto removed = sql_touched(
      session_.query("DELETE FROM collection_items WHERE collection_id = $1 AND doc_id = $2",
                     collection_id, doc_id));
  if (!removed.ok() || !*removed) return removed;
  if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  return true;
}

Status SqlCollections::move_item(int64_t collection_id, int64_t doc_id, int position, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  if (auto s = lock(collection_id); !s.ok()) return s;
  auto current = items(collection_id);
  if (!current.ok()) return current.error();
  auto order = order_after_move(*current, doc_id, position);
  if (!order.ok()) return order.error();
  for (size_t i = 0; i < order->size(); ++i) {
    if (auto s = sql_done(session_.query(
            "UPDATE collection_items SET position = $1 WHERE collection_id = $2 AND doc_id = $3", i,
            collection_id, (*order)[i]));
        !s.ok()) {
      return s;
    }
  }
  if (auto s = touch(collection_id, now); !s.ok()) return s;
  return tx->commit();
}

Result<std::vector<int64_t>> SqlCollections::holding(int64_t doc_id,
                                                     std::span<const int64_t> collection_ids) {
  const SqlDialect& dialect = session_.dialect();
  return sql_integers(
      session_.query("SELECT collection_id FROM collection_items WHERE "
                     "doc_id = $1 AND " +
                         dialect.in_list("collection_id", 2) + " ORDER BY collection_id",
                     doc_id, sql_list(dialect, collection_ids)));
}

}  // namespace paperboy
