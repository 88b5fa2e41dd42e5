// What a signed-in user can change — votes, library entries, submissions — checked once and
// shared by the HTML forms and the JSON API, which only differ in how they answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "harvest/arxiv_lookup.h"
#include "store/store.h"

namespace paperboy {

// What a successful action did; an API answers 200, 201 or 202 for it.
enum class Done {
  kChanged,   // done, or nothing to do (voting twice)
  kCreated,   // something new is stored
  kAccepted,  // under way but not done: an invitation waits for its answer
};

// The outcome of an action. A refusal has an error code (server/http/error_answer.h alone maps
// it to HTTP), a short error and a detail in the reader's words.
struct ActionOutcome {
  std::optional<ErrorCode> refused;  // empty: done
  std::string error;
  std::string detail;
  StoredPaper paper;        // the paper acted on, as it is afterwards
  int64_t retry_after = 0;  // seconds, with kRateLimited
  Done done = Done::kChanged;
  bool ok() const { return !refused.has_value(); }
};

// A refusal, in the reader's words.
ActionOutcome action_failure(ErrorCode code, std::string error, std::string detail);
// A store's error as error_answer maps it: what a client may read, the rest to the log.
ActionOutcome action_failure(const Error& error);
// A paper id that does not parse: not found when it is shaped like an arXiv id (9999.99999, as
// GET of it answers), a bad request otherwise.
ActionOutcome bad_paper_id(std::string_view id_text, const Error& parse_error);
// Empty when `text` fits in `max` bytes without control characters (newlines and tabs allowed);
// otherwise what is wrong, naming it as `what` ("a note").
std::string text_problem(const std::string& text, size_t max, const char* what);

// Adds (up) or withdraws the user's vote. Voting twice is not an error: nothing changes.
ActionOutcome vote_for_paper(Store& store, int64_t user_id, const std::string& id_text, bool up,
                             int64_t now);
// Saves the paper with exactly these tags (checked: at most 20, each 1–50 characters).
ActionOutcome save_paper(Store& store, int64_t user_id, const std::string& id_text,
                         const std::vector<std::string>& tags, int64_t now);
ActionOutcome unsave_paper(Store& store, int64_t user_id, const std::string& id_text);
// The daily list's rules, as on Hugging Face: a submitted paper is at most `max_age_days` old
// (by its first arXiv version; 0: any age), and one account lists at most `per_day` papers a
// UTC day (0: no cap). A paper is listed once whatever the rules.
struct SubmissionRules {
  int64_t max_age_days = 14;
  int64_t per_day = 10;
};
// Lists a stored paper on today's (UTC) daily list: 201 when listed, 409 when it already is or
// is too old, 429 (with retry_after) past the day's cap. A paper not in the store is looked up
// with `lookup` (the arXiv API) and stored first.
ActionOutcome submit_paper(Store& store, int64_t user_id, const std::string& id_text, int64_t now,
                           PaperLookup* lookup, const SubmissionRules& rules = {});

// A user's library (only entries tagged `tag` when it is not empty), newest saved first, each
// entry with its paper; entries whose paper is gone are left out.
struct LibraryItem {
  LibraryEntry entry;
  StoredPaper stored;
};
Result<std::vector<LibraryItem>> library_items(Store& store, int64_t user_id,
                                               const std::string& tag);

// "a, b ,c" → {"a", "b", "c"}: trimmed, empty ones dropped, duplicates once.
std::vector<std::string> split_tags(const std::string& text);

}  // namespace paperboy
