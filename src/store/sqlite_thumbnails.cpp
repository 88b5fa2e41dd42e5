#include "store/sqlite_thumbnails.h"

#include <nlohmann/json.hpp>

namespace paperboy {

Result<std::optional<Thumbnail>> SqliteThumbnails::thumbnail(int64_t doc_id) {
  auto select =
      db_.cached("SELECT version, png, fetched FROM thumbnails WHERE doc_id = ? AND version > 0");
  if (!select.ok()) return select.error();
  (*select)->bind(1, doc_id);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  std::optional<Thumbnail> found;
  if (*row) {
    auto png = thumbnail_bytes((*select)->text(1));
    if (!png)
      return Error{"the stored thumbnail of paper " + std::to_string(doc_id) + " is damaged"};
    found =
        Thumbnail{static_cast<int>((*select)->integer(0)), std::move(*png), (*select)->integer(2)};
  }
  (*select)->reset();
  return found;
}

Status SqliteThumbnails::put_thumbnail(int64_t doc_id, int version, std::string_view png,
                                       int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto store = db_.cached(
      "INSERT INTO thumbnails(doc_id, version, png, fetched) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(doc_id) DO UPDATE SET version = excluded.version, png = excluded.png, "
      "fetched = excluded.fetched, failed_version = 0, tries = 0, retry_at = 0, error = '' "
      "WHERE excluded.version >= thumbnails.version");
  if (!store.ok()) return store.error();
  (*store)->bind(1, doc_id).bind(2, int64_t{version}).bind(3, thumbnail_text(png)).bind(4, now);
  if (auto s = (*store)->run(); !s.ok()) return s;
  auto mark = db_.cached(
      "UPDATE papers SET thumbnail_version = ?2 WHERE doc_id = ?1 AND thumbnail_version < ?2");
  if (!mark.ok()) return mark.error();
  if (auto s = (*mark)->bind(1, doc_id).bind(2, int64_t{version}).run(); !s.ok()) return s;
  return tx->commit();
}

Status SqliteThumbnails::record_thumbnail_failure(int64_t doc_id, int version,
                                                  std::string_view error, int64_t retry_at) {
  auto record = db_.cached(
      "INSERT INTO thumbnails(doc_id, failed_version, tries, retry_at, error) "
      "VALUES (?1, ?2, 1, ?3, ?4) "
      "ON CONFLICT(doc_id) DO UPDATE SET "
      "tries = CASE WHEN failed_version = excluded.failed_version THEN tries + 1 ELSE 1 END, "
      "failed_version = excluded.failed_version, retry_at = excluded.retry_at, "
      "error = excluded.error");
  if (!record.ok()) return record.error();
  return (*record)
      ->bind(1, doc_id)
      .bind(2, int64_t{version})
      .bind(3, retry_at)
      .bind(4, error)
      .run();
}

Result<std::vector<ThumbnailAttempt>> SqliteThumbnails::thumbnail_attempts(
    std::span<const int64_t> doc_ids) {
  auto select = db_.cached(
      "SELECT doc_id, version, failed_version, tries, retry_at, error FROM thumbnails "
      "WHERE doc_id IN (SELECT value FROM json_each(?))");
  if (!select.ok()) return select.error();
  (*select)->bind(1, nlohmann::json(std::vector<int64_t>(doc_ids.begin(), doc_ids.end())).dump());
  std::vector<ThumbnailAttempt> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    SqliteStatement& r = **select;
    out.push_back({r.integer(0), static_cast<int>(r.integer(1)), static_cast<int>(r.integer(2)),
                   static_cast<int>(r.integer(3)), r.integer(4), r.text(5)});
  }
  (*select)->reset();
  return out;
}

Result<ThumbnailSummary> SqliteThumbnails::thumbnail_summary(size_t max_failures) {
  ThumbnailSummary summary;
  auto counts =
      db_.cached(std::string("SELECT (SELECT count(*) FROM thumbnails WHERE version > 0), "
                             "count(*) ") +
                 kFailingThumbnails);
  if (!counts.ok()) return counts.error();
  auto row = (*counts)->step();
  if (!row.ok()) return row.error();
  summary.drawn = (*counts)->integer(0);
  summary.failing = (*counts)->integer(1);
  (*counts)->reset();
  auto select =
      db_.cached(std::string("SELECT p.id, t.failed_version, t.tries, t.retry_at, t.error ") +
                 kFailingThumbnails + "ORDER BY t.retry_at DESC, p.id LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, static_cast<int64_t>(max_failures));
  for (;;) {
    auto next = (*select)->step();
    if (!next.ok()) return next.error();
    if (!*next) break;
    SqliteStatement& r = **select;
    summary.failures.push_back({r.text(0), static_cast<int>(r.integer(1)),
                                static_cast<int>(r.integer(2)), r.integer(3), r.text(4)});
  }
  (*select)->reset();
  return summary;
}

}  // namespace paperboy
