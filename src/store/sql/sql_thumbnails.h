// Thumbnails (one row per paper: the drawn first page, or the failures so far), written once
// for both backends over their SqlSession.
#pragma once

#include "store/sql/sql_session.h"
#include "store/thumbnails.h"

namespace paperboy {

class SqlThumbnails final : public Thumbnails {
 public:
  explicit SqlThumbnails(SqlSession& session) : session_(session) {}

  Result<std::optional<Thumbnail>> thumbnail(int64_t doc_id) override;
  Status put_thumbnail(int64_t doc_id, int version, std::string_view png, int64_t now) override;
  Status record_thumbnail_failure(int64_t doc_id, int version, std::string_view error,
                                  int64_t retry_at) override;
  Result<std::vector<ThumbnailAttempt>> thumbnail_attempts(
      std::span<const int64_t> doc_ids) override;
  Result<ThumbnailSummary> thumbnail_summary(size_t max_failures) override;

 private:
  SqlSession& session_;
};

}  // namespace paperboy
