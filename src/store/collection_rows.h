// What both backends read collections with: the same columns in Collection's order, and the
// order a move leaves.
#pragma once

#include <algorithm>
#include <vector>

#include "store/collections.h"

namespace paperboy {

// A collection with its owner's handle and name and its size; a WHERE clause follows.
inline constexpr const char* kCollectionColumns =
    "SELECT c.collection_id, c.title, c.description, c.private, coalesce(c.owner_user, 0), "
    "coalesce(c.owner_org, 0), c.created, c.updated, coalesce(u.handle, o.name, ''), "
    "coalesce(u.name, o.fullname, ''), (SELECT count(*) FROM collection_items i WHERE "
    "i.collection_id = c.collection_id) "
    "FROM collections c LEFT JOIN users u ON u.user_id = c.owner_user "
    "LEFT JOIN organizations o ON o.org_id = c.owner_org ";

// The collection's papers after `doc_id` moves to `position` (the end when past it); not found
// when the paper is not among `items`.
inline Result<std::vector<int64_t>> order_after_move(const std::vector<CollectionItem>& items,
                                                     int64_t doc_id, int position) {
  std::vector<int64_t> order;
  for (const auto& item : items) {
    if (item.doc_id != doc_id) order.push_back(item.doc_id);
  }
  if (order.size() == items.size())
    return Error{"the paper is not in this collection", ErrorCode::kNotFound};
  const size_t at = std::min(static_cast<size_t>(std::max(position, 0)), order.size());
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), doc_id);
  return order;
}

}  // namespace paperboy
