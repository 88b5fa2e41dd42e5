#include "server/rules/collection_actions.h"

#include <charconv>
#include <variant>

#include "core/handle.h"

namespace paperboy {
namespace {

constexpr size_t kMaxTitle = 150;
constexpr size_t kMaxDescription = 2000;
constexpr size_t kMaxNote = 1000;
constexpr size_t kMaxItems = 1000;

std::string fields_problem(const CollectionFields& fields) {
  if (fields.title.empty()) return "a collection needs a title";
  if (auto p = text_problem(fields.title, kMaxTitle, "a title"); !p.empty()) return p;
  return text_problem(fields.description, kMaxDescription, "a description");
}

bool member_of(Store& store, const User& user, int64_t org_id) {
  auto role = store.organizations().role_of(org_id, user.id);
  return role.ok() && role->has_value();
}

std::optional<int64_t> parse_number(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// The paper a form or request names, as stored.
std::variant<StoredPaper, ActionOutcome> find_paper(Store& store, const std::string& paper_id) {
  auto key = parse_paper_key(paper_id);
  if (!key.ok()) return bad_paper_id(paper_id, key.error());
  auto stored = store.get(key->id);
  if (!stored.ok()) return action_failure(stored.error());
  if (!stored->has_value()) return action_failure(ErrorCode::kNotFound, "paper not found", key->id);
  return std::move(**stored);
}

}  // namespace

bool may_view_collection(Store& store, const User* user, const Collection& collection) {
  if (!collection.is_private) return true;
  if (!user) return false;
  if (collection.owner_user != 0) return collection.owner_user == user->id;
  return member_of(store, *user, collection.owner_org);
}

bool may_edit_collection(Store& store, const User& user, const Collection& collection) {
  if (collection.owner_user != 0) return collection.owner_user == user.id;
  return member_of(store, user, collection.owner_org);
}

CollectionLookup find_collection(Store& store, const User* user, const std::string& id_text,
                                 bool to_edit) {
  CollectionLookup lookup;
  auto id = parse_number(id_text);
  if (!id) {
    lookup.failure = action_failure(ErrorCode::kNotFound, "collection not found",
                                    "no collection has the number " + id_text);
    return lookup;
  }
  auto found = store.collections().collection(*id);
  if (!found.ok()) {
    lookup.failure = action_failure(found.error());
    return lookup;
  }
  if (!found->has_value() || !may_view_collection(store, user, **found)) {
    lookup.failure = action_failure(ErrorCode::kNotFound, "collection not found",
                                    "no collection has the number " + id_text);
    return lookup;
  }
  if (to_edit && (!user || !may_edit_collection(store, *user, **found))) {
    lookup.failure =
        action_failure(ErrorCode::kForbidden, "not allowed",
                       (**found).owner_org != 0
                           ? "only members of " + (**found).owner_handle + " change this collection"
                           : "only its owner changes this collection");
    return lookup;
  }
  lookup.collection = std::move(**found);
  return lookup;
}

ActionOutcome create_collection_for(Store& store, const User& user, const CollectionFields& fields,
                                    int64_t now, int64_t& created) {
  if (auto p = fields_problem(fields); !p.empty())
    return action_failure(ErrorCode::kInvalid, "bad field", p);
  CollectionOwner owner{.user_id = user.id};
  if (!fields.organization.empty()) {
    auto org = store.organizations().organization(fields.organization);
    if (!org.ok()) return action_failure(org.error());
    if (!org->has_value())
      return action_failure(ErrorCode::kNotFound, "organisation not found",
                            "there is no organisation " + fields.organization);
    if (!member_of(store, user, (*org)->id)) {
      return action_failure(ErrorCode::kForbidden, "not allowed",
                            "only members of " + (*org)->name + " make collections for it");
    }
    owner = {.org_id = (*org)->id};
  }
  auto id = store.collections().create_collection(owner, fields.title, fields.description,
                                                  fields.is_private, now);
  if (!id.ok()) return action_failure(id.error());
  created = *id;
  return {};
}

ActionOutcome edit_collection(Store& store, const User& user, const std::string& id_text,
                              const CollectionFields& fields, int64_t now) {
  auto lookup = find_collection(store, &user, id_text, true);
  if (!lookup.collection) return lookup.failure;
  if (auto p = fields_problem(fields); !p.empty())
    return action_failure(ErrorCode::kInvalid, "bad field", p);
  if (auto s = store.collections().update_collection(lookup.collection->id, fields.title,
                                                     fields.description, fields.is_private, now);
      !s.ok()) {
    return action_failure(s.error());
  }
  return {};
}

ActionOutcome delete_collection_of(Store& store, const User& user, const std::string& id_text) {
  auto lookup = find_collection(store, &user, id_text, true);
  if (!lookup.collection) return lookup.failure;
  if (auto s = store.collections().delete_collection(lookup.collection->id); !s.ok())
    return action_failure(s.error());
  return {};
}

ActionOutcome add_to_collection(Store& store, const User& user, const std::string& id_text,
                                const std::string& paper_id, const std::string& note, int64_t now) {
  auto lookup = find_collection(store, &user, id_text, true);
  if (!lookup.collection) return lookup.failure;
  if (auto p = text_problem(note, kMaxNote, "a note"); !p.empty())
    return action_failure(ErrorCode::kInvalid, "bad field", p);
  auto paper = find_paper(store, paper_id);
  if (auto* failed = std::get_if<ActionOutcome>(&paper)) return *failed;
  if (lookup.collection->items >= static_cast<int64_t>(kMaxItems)) {
    return action_failure(ErrorCode::kConflict, "collection full",
                          "a collection holds at most " + std::to_string(kMaxItems) + " papers");
  }
  auto added = store.collections().add_item(lookup.collection->id,
                                            std::get<StoredPaper>(paper).doc_id, note, now);
  if (!added.ok()) return action_failure(added.error());
  ActionOutcome done;
  done.done = *added ? Done::kCreated : Done::kChanged;
  done.paper = std::move(std::get<StoredPaper>(paper));
  return done;
}

ActionOutcome remove_from_collection(Store& store, const User& user, const std::string& id_text,
                                     const std::string& paper_id, int64_t now) {
  auto lookup = find_collection(store, &user, id_text, true);
  if (!lookup.collection) return lookup.failure;
  auto paper = find_paper(store, paper_id);
  if (auto* failed = std::get_if<ActionOutcome>(&paper)) return *failed;
  auto removed = store.collections().remove_item(lookup.collection->id,
                                                 std::get<StoredPaper>(paper).doc_id, now);
  if (!removed.ok()) return action_failure(removed.error());
  if (!*removed)
    return action_failure(ErrorCode::kNotFound, "not in the collection",
                          paper_id + " is not in this collection");
  return {};
}

ActionOutcome move_in_collection(Store& store, const User& user, const std::string& id_text,
                                 const std::string& paper_id, int position, int64_t now) {
  auto lookup = find_collection(store, &user, id_text, true);
  if (!lookup.collection) return lookup.failure;
  auto paper = find_paper(store, paper_id);
  if (auto* failed = std::get_if<ActionOutcome>(&paper)) return *failed;
  if (auto s = store.collections().move_item(lookup.collection->id,
                                             std::get<StoredPaper>(paper).doc_id, position, now);
      !s.ok()) {
    return action_failure(s.error());
  }
  ActionOutcome done;
  done.paper = std::move(std::get<StoredPaper>(paper));
  return done;
}

std::vector<Collection> editable_collections(Store& store, const User& user) {
  std::vector<Collection> out;
  if (auto mine = store.collections().collections_of({.user_id = user.id}, true); mine.ok())
    out = std::move(*mine);
  auto memberships = store.organizations().memberships(user.id);
  if (!memberships.ok()) return out;
  for (const auto& m : *memberships) {
    auto theirs = store.collections().collections_of({.org_id = m.org_id}, true);
    if (theirs.ok()) out.insert(out.end(), theirs->begin(), theirs->end());
  }
  return out;
}

}  // namespace paperboy
