#include "store/sqlite_collections.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "store/collection_rows.h"

namespace paperboy {

Result<std::vector<Collection>> SqliteCollections::read_collections(SqliteStatement& select) {
  std::vector<Collection> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({select.integer(0), select.text(1), select.text(2), select.integer(3) != 0,
                   select.integer(4), select.integer(5), select.integer(6), select.integer(7),
                   select.text(8), select.text(9), select.integer(10)});
  }
  select.reset();
  return out;
}

Result<int64_t> SqliteCollections::create_collection(const CollectionOwner& owner,
                                                     std::string_view title,
                                                     std::string_view description, bool is_private,
                                                     int64_t now) {
  auto insert = db_.cached(
      "INSERT INTO collections(title, description, private, owner_user, owner_org, created, "
      "updated) "
      "VALUES (?, ?, ?, nullif(?, 0), nullif(?, 0), ?, ?)");
  if (!insert.ok()) return insert.error();
  (*insert)->bind(1, title).bind(2, description).bind(3, int64_t{is_private});
  (*insert)->bind(4, owner.user_id).bind(5, owner.org_id).bind(6, now).bind(7, now);
  if (auto s = (*insert)->run(); !s.ok()) return s.error();
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<std::optional<Collection>> SqliteCollections::collection(int64_t collection_id) {
  auto select = db_.cached(std::string(kCollectionColumns) + "WHERE c.collection_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, collection_id);
  auto found = read_collections(**select);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Collection>();
  return std::optional<Collection>(std::move(found->front()));
}

Result<std::vector<Collection>> SqliteCollections::collections_of(const CollectionOwner& owner,
                                                                  bool with_private) {
  auto select =
      db_.cached(std::string(kCollectionColumns) +
                 "WHERE (c.owner_user = ?1 OR c.owner_org = ?2) AND (?3 OR c.private = 0) "
                 "ORDER BY c.updated DESC, c.collection_id DESC");
  if (!select.ok()) return select.error();
  (*select)->bind(1, owner.user_id).bind(2, owner.org_id).bind(3, int64_t{with_private});
  return read_collections(**select);
}

Status SqliteCollections::update_collection(int64_t collection_id, std::string_view title,
                                            std::string_view description, bool is_private,
                                            int64_t now) {
  auto update = db_.cached(
      "UPDATE collections SET title = ?, description = ?, private = ?, updated = ? WHERE "
      "collection_id = ?");
  if (!update.ok()) return update.error();
  (*update)
      ->bind(1, title)
      .bind(2, description)
      .bind(3, int64_t{is_private})
      .bind(4, now)
      .bind(5, collection_id);
  return (*update)->run();
}

Status SqliteCollections::delete_collection(int64_t collection_id) {
  auto remove = db_.cached("DELETE FROM collections WHERE collection_id = ?");
  if (!remove.ok()) return remove.error();
  return (*remove)->bind(1, collection_id).run();
}

Result<std::vector<CollectionItem>> SqliteCollections::items(int64_t collection_id) {
  auto select = db_.cached(
      "SELECT doc_id, position, note, added FROM collection_items WHERE collection_id = ? ORDER BY "
      "position, added");
  if (!select.ok()) return select.error();
  (*select)->bind(1, collection_id);
  std::vector<CollectionItem> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({(*select)->integer(0), static_cast<int>((*select)->integer(1)),
                   (*select)->text(2), (*select)->integer(3)});
  }
  (*select)->reset();
  return out;
}

Status SqliteCollections::touch(int64_t collection_id, int64_t now) {
  auto update = db_.cached("UPDATE collections SET updated = ? WHERE collection_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, now).bind(2, collection_id).run();
}

Result<bool> SqliteCollections::add_item(int64_t collection_id, int64_t doc_id,
                                         std::string_view note, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto insert = db_.cached(
      "INSERT INTO collection_items(collection_id, doc_id, position, note, added) "
      "VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM collection_items WHERE "
      "collection_id = ?1), ?3, ?4) "
      "ON CONFLICT (collection_id, doc_id) DO UPDATE SET note = excluded.note");
  if (!insert.ok()) return insert.error();
  auto count =
      db_.cached("SELECT count(*) FROM collection_items WHERE collection_id = ? AND doc_id = ?");
  if (!count.ok()) return count.error();
  (*count)->bind(1, collection_id).bind(2, doc_id);
  auto row = (*count)->step();
  if (!row.ok()) return row.error();
  const bool is_new = (*count)->integer(0) == 0;
  (*count)->reset();
  if (auto s = (*insert)->bind(1, collection_id).bind(2, doc_id).bind(3, note).bind(4, now).run();
      !s.ok()) {
    return s.error();
  }
  if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return is_new;
}

Result<bool> SqliteCollections::remove_item(int64_t collection_id, int64_t doc_id, int64_t now) {
  auto remove = db_.cached("DELETE FROM collection_items WHERE collection_id = ? AND doc_id = ?");
  if (!remove.ok()) return remove.error();
  if (auto s = (*remove)->bind(1, collection_id).bind(2, doc_id).run(); !s.ok()) return s.error();
  const bool removed = sqlite3_changes(db_.handle()) > 0;
  if (removed) {
    if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  }
  return removed;
}

Status SqliteCollections::move_item(int64_t collection_id, int64_t doc_id, int position,
                                    int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto current = items(collection_id);
  if (!current.ok()) return current.error();
  auto moved = order_after_move(*current, doc_id, position);
  if (!moved.ok()) return moved.error();
  const std::vector<int64_t>& order = *moved;
  auto place =
      db_.cached("UPDATE collection_items SET position = ? WHERE collection_id = ? AND doc_id = ?");
  if (!place.ok()) return place.error();
  for (size_t i = 0; i < order.size(); ++i) {
    if (auto s = (*place)
                     ->bind(1, static_cast<int64_t>(i))
                     .bind(2, collection_id)
                     .bind(3, order[i])
                     .run();
        !s.ok()) {
      return s;
    }
  }
  if (auto s = touch(collection_id, now); !s.ok()) return s;
  return tx->commit();
}

Result<std::vector<int64_t>> SqliteCollections::holding(int64_t doc_id,
                                                        std::span<const int64_t> collection_ids) {
  auto select = db_.cached(
      "SELECT collection_id FROM collection_items WHERE doc_id = ? AND collection_id IN "
      "(SELECT value FROM json_each(?)) ORDER BY collection_id");
  if (!select.ok()) return select.error();
  (*select)->bind(1, doc_id);
  (*select)->bind(
      2, nlohmann::json(std::vector<int64_t>(collection_ids.begin(), collection_ids.end())).dump());
  std::vector<int64_t> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back((*select)->integer(0));
  }
  (*select)->reset();
  return out;
}

}  // namespace paperboy
