#include "store/pg_collections.h"

#include "store/collection_rows.h"

namespace paperboy {
namespace {

Result<std::vector<Collection>> collections_from(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Collection> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2),
                   rows->integer(r, 3) != 0, rows->integer(r, 4), rows->integer(r, 5),
                   rows->integer(r, 6), rows->integer(r, 7), rows->text(r, 8), rows->text(r, 9),
                   rows->integer(r, 10)});
  }
  return out;
}

Status done(const Result<PgResult>& rows) {
  return rows.ok() ? Status::Ok() : Status(rows.error());
}

}  // namespace

Result<int64_t> PgCollections::create_collection(const CollectionOwner& owner,
                                                 std::string_view title,
                                                 std::string_view description, bool is_private,
                                                 int64_t now) {
  auto inserted = conn_.query(
      "INSERT INTO collections(title, description, private, owner_user, owner_org, created, "
      "updated) "
      "VALUES ($1, $2, $3, nullif($4::bigint, 0), nullif($5::bigint, 0), $6, $6) RETURNING "
      "collection_id",
      title, description, int64_t{is_private}, owner.user_id, owner.org_id, now);
  if (!inserted.ok()) return inserted.error();
  return inserted->integer(0, 0);
}

Result<std::optional<Collection>> PgCollections::collection(int64_t collection_id) {
  auto found = collections_from(
      conn_.query(std::string(kCollectionColumns) + "WHERE c.collection_id = $1", collection_id));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Collection>();
  return std::optional<Collection>(std::move(found->front()));
}

Result<std::vector<Collection>> PgCollections::collections_of(const CollectionOwner& owner,
                                                              bool with_private) {
  return collections_from(
      conn_.query(std::string(kCollectionColumns) +
                      "WHERE (c.owner_user = $1 OR c.owner_org = $2) AND ($3 = 1 OR c.private = 0) "
                      "ORDER BY c.updated DESC, c.collection_id DESC",
                  owner.user_id, owner.org_id, int64_t{with_private}));
}

Status PgCollections::update_collection(int64_t collection_id, std::string_view title,
                                        std::string_view description, bool is_private,
                                        int64_t now) {
  return done(
      conn_.query("UPDATE collections SET title = $1, description = $2, private = $3, updated = $4 "
                  "WHERE collection_id = $5",
                  title, description, int64_t{is_private}, now, collection_id));
}

Status PgCollections::delete_collection(int64_t collection_id) {
  return done(conn_.query("DELETE FROM collections WHERE collection_id = $1", collection_id));
}

Result<std::vector<CollectionItem>> PgCollections::items(int64_t collection_id) {
  auto rows = conn_.query(
      "SELECT doc_id, position, note, added FROM collection_items WHERE collection_id = $1 ORDER "
      "BY position, added",
      collection_id);
  if (!rows.ok()) return rows.error();
  std::vector<CollectionItem> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), static_cast<int>(rows->integer(r, 1)), rows->text(r, 2),
                   rows->integer(r, 3)});
  }
  return out;
}

Status PgCollections::touch(int64_t collection_id, int64_t now) {
  return done(conn_.query("UPDATE collections SET updated = $1 WHERE collection_id = $2", now,
                          collection_id));
}

Result<bool> PgCollections::add_item(int64_t collection_id, int64_t doc_id, std::string_view note,
                                     int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  // The collection's row lock puts two additions in turn, so each takes its own position.
  if (auto s = done(conn_.query("SELECT 1 FROM collections WHERE collection_id = $1 FOR UPDATE",
                                collection_id));
      !s.ok()) {
    return s.error();
  }
  auto added = conn_.query(
      "INSERT INTO collection_items(collection_id, doc_id, position, note, added) "
      "VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM collection_items WHERE "
      "collection_id = $1), $3, $4) "
      "ON CONFLICT (collection_id, doc_id) DO UPDATE SET note = excluded.note RETURNING (xmax = 0)",
      collection_id, doc_id, note, now);
  if (!added.ok()) return added.error();
  if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return added->text(0, 0) == "t";
}

Result<bool> PgCollections::remove_item(int64_t collection_id, int64_t doc_id, int64_t now) {
  auto removed = conn_.query(
      "DELETE FROM collection_items WHERE collection_id = $1 AND doc_id = $2 RETURNING 1",
      collection_id, doc_id);
  if (!removed.ok()) return removed.error();
  if (removed->rows() == 0) return false;
  if (auto s = touch(collection_id, now); !s.ok()) return s.error();
  return true;
}

Status PgCollections::move_item(int64_t collection_id, int64_t doc_id, int position, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  if (auto s = done(conn_.query("SELECT 1 FROM collections WHERE collection_id = $1 FOR UPDATE",
                                collection_id));
      !s.ok()) {
    return s;
  }
  auto current = items(collection_id);
  if (!current.ok()) return current.error();
  auto moved = order_after_move(*current, doc_id, position);
  if (!moved.ok()) return moved.error();
  const std::vector<int64_t>& order = *moved;
  auto placed = conn_.query(
      "UPDATE collection_items SET position = u.ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY "
      "AS u(doc_id, ord) "
      "WHERE collection_id = $1 AND collection_items.doc_id = u.doc_id",
      collection_id, pg_array(order));
  if (!placed.ok()) return placed.error();
  if (auto s = touch(collection_id, now); !s.ok()) return s;
  return tx->commit();
}

Result<std::vector<int64_t>> PgCollections::holding(int64_t doc_id,
                                                    std::span<const int64_t> collection_ids) {
  return pg_integers(conn_.query(
      "SELECT collection_id FROM collection_items WHERE doc_id = $1 AND collection_id = "
      "ANY($2::bigint[]) ORDER BY collection_id",
      doc_id, pg_array(collection_ids)));
}

}  // namespace paperboy
