// The rules of collections, shared by their pages and the JSON API: who sees one (public: all;
// private: its owner, or the members of the organisation owning it), who changes it (the
// owner, or any member of the owning organisation), and what a title or note may hold.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/rules/community_actions.h"
#include "store/store.h"

namespace paperboy {

bool may_view_collection(Store& store, const User* user, const Collection& collection);
bool may_edit_collection(Store& store, const User& user, const Collection& collection);

// The collection when `user` may see it; 404 otherwise (a private one is not said to exist).
struct CollectionLookup {
  std::optional<Collection> collection;
  ActionOutcome failure;
};
CollectionLookup find_collection(Store& store, const User* user, const std::string& id_text,
                                 bool to_edit);

struct CollectionFields {
  std::string title, description;
  bool is_private = false;
  std::string organization;  // on creation: the organisation that owns it ("" the reader)
};
// Creates it: 400 naming a bad field, 403 for an organisation the reader is not a member of.
// On success `created` is its number.
ActionOutcome create_collection_for(Store& store, const User& user, const CollectionFields& fields,
                                    int64_t now, int64_t& created);
ActionOutcome edit_collection(Store& store, const User& user, const std::string& id_text,
                              const CollectionFields& fields, int64_t now);
ActionOutcome delete_collection_of(Store& store, const User& user, const std::string& id_text);

ActionOutcome add_to_collection(Store& store, const User& user, const std::string& id_text,
                                const std::string& paper_id, const std::string& note, int64_t now);
ActionOutcome remove_from_collection(Store& store, const User& user, const std::string& id_text,
                                     const std::string& paper_id, int64_t now);
ActionOutcome move_in_collection(Store& store, const User& user, const std::string& id_text,
                                 const std::string& paper_id, int position, int64_t now);

// The collections `user` may add papers to: their own, then their organisations'.
std::vector<Collection> editable_collections(Store& store, const User& user);

}  // namespace paperboy
