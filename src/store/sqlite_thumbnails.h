// Thumbnails in the embedded store, on the SqliteStore's connection.
#pragma once

#include "store/sqlite_statement.h"
#include "store/thumbnails.h"

namespace paperboy {

class SqliteThumbnails final : public Thumbnails {
 public:
  explicit SqliteThumbnails(SqliteDatabase& db) : db_(db) {}

  Result<std::optional<Thumbnail>> thumbnail(int64_t doc_id) override;
  Status put_thumbnail(int64_t doc_id, int version, std::string_view png, int64_t now) override;
  Status record_thumbnail_failure(int64_t doc_id, int version, std::string_view error,
                                  int64_t retry_at) override;
  Result<std::vector<ThumbnailAttempt>> thumbnail_attempts(
      std::span<const int64_t> doc_ids) override;
  Result<ThumbnailSummary> thumbnail_summary(size_t max_failures) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace paperboy
