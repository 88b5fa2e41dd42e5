// Thumbnails: the first page of a listed paper's PDF as a small PNG, one per paper, kept with
// the paper version it was drawn from. The same row remembers the last failures to fetch or
// draw one (which version, how many tries, when to try again), so a restart neither forgets a
// hostile PDF nor fetches it again before its time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct Thumbnail {
  int version = 0;  // the paper version drawn
  std::string png;  // the image's bytes
  int64_t fetched = 0;
};

// What is known about a paper's thumbnail without its image.
struct ThumbnailAttempt {
  int64_t doc_id = 0;
  int version = 0;         // the stored image's version; 0: no image
  int failed_version = 0;  // the version the failures below are for
  int tries = 0;
  int64_t retry_at = 0;  // unix seconds; not tried again before
  std::string error;     // the last failure, for the log and the admin
};

// For the admin: how many are drawn, how many papers' latest try failed, and those failures.
struct ThumbnailFailure {
  std::string paper_id;
  int version = 0;
  int tries = 0;
  int64_t retry_at = 0;
  std::string error;
};
struct ThumbnailSummary {
  int64_t drawn = 0;
  int64_t failing = 0;
  std::vector<ThumbnailFailure> failures;  // the next tried last first
};

class Thumbnails {
 public:
  virtual ~Thumbnails() = default;

  virtual Result<std::optional<Thumbnail>> thumbnail(int64_t doc_id) = 0;
  // Stores the image and sets the paper's thumbnail_version, in one transaction; an image of an
  // older version than the stored one is ignored. Clears the failures.
  virtual Status put_thumbnail(int64_t doc_id, int version, std::string_view png, int64_t now) = 0;
  // Counts one more failure for `version` (a failure for another version starts again at 1).
  virtual Status record_thumbnail_failure(int64_t doc_id, int version, std::string_view error,
                                          int64_t retry_at) = 0;
  // The rows of those papers that have one; papers never tried are absent.
  virtual Result<std::vector<ThumbnailAttempt>> thumbnail_attempts(
      std::span<const int64_t> doc_ids) = 0;
  virtual Result<ThumbnailSummary> thumbnail_summary(size_t max_failures) = 0;
};

// The failures the summary lists: tried and not drawn for the version tried.
inline constexpr const char* kFailingThumbnails =
    "FROM thumbnails t JOIN papers p ON p.doc_id = t.doc_id "
    "WHERE t.tries > 0 AND t.failed_version > t.version ";

// The image as the stores keep it (base64 text, so `store copy` moves it like any other
// column), and back; nullopt when the text is not base64.
std::string thumbnail_text(std::string_view png);
std::optional<std::string> thumbnail_bytes(std::string_view text);

}  // namespace paperboy
