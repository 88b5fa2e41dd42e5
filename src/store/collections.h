// Collections: an ordered list of papers with a note on each, owned by a reader or by an
// organisation (whose members keep it), public or private. Papers keep their place until
// moved; a paper is in a collection at most once.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct Collection {
  int64_t id = 0;
  std::string title;
  std::string description;
  bool is_private = false;
  int64_t owner_user = 0;  // one of the two owners is set
  int64_t owner_org = 0;
  int64_t created = 0;
  int64_t updated = 0;
  // Read with it.
  std::string owner_handle;  // the reader's handle, or the organisation's name
  std::string owner_name;    // the reader's name, or the organisation's display name
  int64_t items = 0;
};

struct CollectionItem {
  int64_t doc_id = 0;
  int position = 0;  // from 0, in the collection's order
  std::string note;
  int64_t added = 0;
};

// Who a collection belongs to: exactly one of them.
struct CollectionOwner {
  int64_t user_id = 0;
  int64_t org_id = 0;
};

class Collections {
 public:
  virtual ~Collections() = default;

  virtual Result<int64_t> create_collection(const CollectionOwner& owner, std::string_view title,
                                            std::string_view description, bool is_private,
                                            int64_t now) = 0;
  virtual Result<std::optional<Collection>> collection(int64_t collection_id) = 0;
  // Newest change first; private ones only when `with_private`.
  virtual Result<std::vector<Collection>> collections_of(const CollectionOwner& owner,
                                                         bool with_private) = 0;
  virtual Status update_collection(int64_t collection_id, std::string_view title,
                                   std::string_view description, bool is_private, int64_t now) = 0;
  virtual Status delete_collection(int64_t collection_id) = 0;

  // In the collection's order.
  virtual Result<std::vector<CollectionItem>> items(int64_t collection_id) = 0;
  // Adds the paper at the end, or changes its note when it is there already; whether it was new.
  virtual Result<bool> add_item(int64_t collection_id, int64_t doc_id, std::string_view note,
                                int64_t now) = 0;
  virtual Result<bool> remove_item(int64_t collection_id, int64_t doc_id, int64_t now) = 0;
  // Puts the paper at `position` (from 0; past the end means last), the others keeping their
  // order around it; not found when the paper is not in the collection.
  virtual Status move_item(int64_t collection_id, int64_t doc_id, int position, int64_t now) = 0;
  // Which of `collection_ids` hold the paper, in one query (the paper page's "Add to collection").
  virtual Result<std::vector<int64_t>> holding(int64_t doc_id,
                                               std::span<const int64_t> collection_ids) = 0;
};

}  // namespace paperboy
