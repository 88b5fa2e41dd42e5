// What a signed-in reader tells the recommender and the digest beyond votes and saves: papers
// they are not interested in (hidden from them, and negative examples), the categories and
// authors they follow (the cold start), and saved searches (with or without a mail alert).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

struct Follow {
  enum class Kind { kCategory, kAuthor, kOrganization };
  Kind kind = Kind::kCategory;
  std::string value;  // "cs.CL", an author's name as papers spell it, an organisation's name
};

// "category", "author", "organization": how follows are stored and asked for.
std::string_view follow_kind_name(Follow::Kind kind);
std::optional<Follow::Kind> parse_follow_kind(std::string_view name);
// Whether the paper is in the category, by the author, or of the organisation (any case).
bool follow_matches(const Follow& follow, const Paper& paper);

struct SavedSearch {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string query;  // the search box's text, filters included
  bool alert = false;
  int64_t created = 0;
};

class ReaderPreferences {
 public:
  virtual ~ReaderPreferences() = default;

  // Whether anything changed.
  virtual Result<bool> set_not_interested(int64_t user_id, int64_t doc_id, bool not_interested,
                                          int64_t now) = 0;
  virtual Result<std::vector<int64_t>> not_interested(int64_t user_id) = 0;
  // The papers the user voted for, newest vote first.
  virtual Result<std::vector<int64_t>> voted_by(int64_t user_id) = 0;

  virtual Result<bool> set_follow(int64_t user_id, const Follow& follow, bool on) = 0;
  virtual Result<std::vector<Follow>> follows(int64_t user_id) = 0;

  // Saves the query (or updates its alert flag when it is saved already); its id.
  virtual Result<int64_t> save_search(int64_t user_id, std::string_view query, bool alert,
                                      int64_t now) = 0;
  virtual Result<std::vector<SavedSearch>> saved_searches(int64_t user_id) = 0;
  virtual Result<std::optional<SavedSearch>> saved_search(int64_t search_id) = 0;
  virtual Result<bool> delete_search(int64_t user_id, int64_t search_id) = 0;
};

}  // namespace paperboy
