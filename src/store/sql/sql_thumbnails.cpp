#include "store/sql/sql_thumbnails.h"

namespace paperboy {

Result<std::optional<Thumbnail>> SqlThumbnails::thumbnail(int64_t doc_id) {
  auto rows = session_.query(
      "SELECT version, png, fetched FROM thumbnails WHERE doc_id = $1 AND version > 0", doc_id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<Thumbnail>();
  auto png = thumbnail_bytes(rows->text(0, 1));
  if (!png) return Error{"the stored thumbnail of paper " + std::to_string(doc_id) + " is damaged"};
  return std::optional<Thumbnail>(
      Thumbnail{static_cast<int>(rows->integer(0, 0)), std::move(*png), rows->integer(0, 2)});
}

Status SqlThumbnails::put_thumbnail(int64_t doc_id, int version, std::string_view png,
                                    int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  // An older drawing never replaces a newer one (two servers may draw the same paper).
  if (auto s = sql_done(session_.query(
          "INSERT INTO thumbnails(doc_id, version, png, fetched) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT(doc_id) DO UPDATE SET version = excluded.version, png = excluded.png, "
          "fetched = excluded.fetched, failed_version = 0, tries = 0, retry_at = 0, error = '' "
          "WHERE excluded.version >= thumbnails.version",
          doc_id, version, thumbnail_text(png), now));
      !s.ok()) {
    return s;
  }
  if (auto s = sql_done(session_.query(
          "UPDATE papers SET thumbnail_version = $2 WHERE doc_id = $1 AND thumbnail_version < $2",
          doc_id, version));
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Status SqlThumbnails::record_thumbnail_failure(int64_t doc_id, int version, std::string_view error,
                                               int64_t retry_at) {
  return sql_done(session_.query(
      "INSERT INTO thumbnails(doc_id, failed_version, tries, retry_at, error) "
      "VALUES ($1, $2, 1, $3, $4) "
      "ON CONFLICT(doc_id) DO UPDATE SET tries = CASE WHEN thumbnails.failed_version = "
      "excluded.failed_version THEN thumbnails.tries + 1 ELSE 1 END, "
      "failed_version = excluded.failed_version, retry_at = excluded.retry_at, "
      "error = excluded.error",
      doc_id, version, retry_at, error));
}

Result<std::vector<ThumbnailAttempt>> SqlThumbnails::thumbnail_attempts(
    std::span<const int64_t> doc_ids) {
  const SqlDialect& dialect = session_.dialect();
  auto rows = session_.query(
      "SELECT doc_id, version, failed_version, tries, retry_at, error FROM thumbnails WHERE " +
          dialect.in_list("doc_id", 1),
      sql_list(dialect, doc_ids));
  if (!rows.ok()) return rows.error();
  std::vector<ThumbnailAttempt> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), static_cast<int>(rows->integer(r, 1)),
                   static_cast<int>(rows->integer(r, 2)), static_cast<int>(rows->integer(r, 3)),
                   rows->integer(r, 4), rows->text(r, 5)});
  }
  return out;
}

Result<ThumbnailSummary> SqlThumbnails::thumbnail_summary(size_t max_failures) {
  ThumbnailSummary summary;
  auto counts = session_.query(
      std::string("SELECT (SELECT count(*) FROM thumbnails WHERE version > 0), count(*) ") +
      kFailingThumbnails);
  if (!counts.ok()) return counts.error();
  summary.drawn = counts->integer(0, 0);
  summary.failing = counts->integer(0, 1);
  auto rows =
      session_.query(std::string("SELECT p.id, t.failed_version, t.tries, t.retry_at, t.error ") +
                         kFailingThumbnails + "ORDER BY t.retry_at DESC, p.id LIMIT $1",
                     max_failures);
  if (!rows.ok()) return rows.error();
  for (size_t r = 0; r < rows->rows(); ++r) {
    summary.failures.push_back({rows->text(r, 0), static_cast<int>(rows->integer(r, 1)),
                                static_cast<int>(rows->integer(r, 2)), rows->integer(r, 3),
                                rows->text(r, 4)});
  }
  return summary;
}

}  // namespace paperboy
