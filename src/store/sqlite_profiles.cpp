#include "store/sqlite_profiles.h"

#include <sqlite3.h>

#include "core/handle.h"
#include "store/community_sql.h"
#include "store/sqlite_discussions.h"

namespace paperboy {
namespace {

Error handle_taken(std::string_view handle) {
  return Error{"the handle " + std::string(handle) + " is taken", ErrorCode::kConflict};
}

}  // namespace

Result<std::optional<HandleMatch>> SqliteProfiles::user_by_handle(std::string_view handle) {
  auto current = db_.cached("SELECT user_id FROM users WHERE lower(handle) = ?");
  if (!current.ok()) return current.error();
  (*current)->bind(1, handle_key(handle));
  auto row = (*current)->step();
  if (!row.ok()) return row.error();
  bool former = false;
  int64_t user_id = *row ? (*current)->integer(0) : 0;
  (*current)->reset();
  if (user_id == 0) {
    auto old = db_.cached("SELECT user_id FROM former_handles WHERE handle_key = ?");
    if (!old.ok()) return old.error();
    (*old)->bind(1, handle_key(handle));
    auto old_row = (*old)->step();
    if (!old_row.ok()) return old_row.error();
    user_id = *old_row ? (*old)->integer(0) : 0;
    (*old)->reset();
    former = true;
  }
  if (user_id == 0) return std::optional<HandleMatch>();
  auto user = community_.user_by_id(user_id);
  if (!user.ok()) return user.error();
  if (!user->has_value()) return std::optional<HandleMatch>();
  return std::optional<HandleMatch>(HandleMatch{std::move(**user), former});
}

Status SqliteProfiles::set_handle(int64_t user_id, std::string_view handle, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto user = community_.user_by_id(user_id);
  if (!user.ok()) return user.error();
  if (!user->has_value())
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  const std::string old_handle = (*user)->handle;
  const std::string key = handle_key(handle);
  if (handle_key(old_handle) != key) {
    auto taken = db_.cached(
        "SELECT EXISTS (SELECT 1 FROM users WHERE lower(handle) = ?1 AND user_id <> ?2) "
        "OR EXISTS (SELECT 1 FROM former_handles WHERE handle_key = ?1 AND user_id <> ?2)");
    if (!taken.ok()) return taken.error();
    (*taken)->bind(1, key).bind(2, user_id);
    auto row = (*taken)->step();
    if (!row.ok()) return row.error();
    const bool in_use = (*taken)->integer(0) != 0;
    (*taken)->reset();
    if (in_use) return handle_taken(handle);
    // The old handle keeps pointing here; taking back a handle one had before frees its entry.
    auto free_it = db_.cached("DELETE FROM former_handles WHERE handle_key = ?");
    if (!free_it.ok()) return free_it.error();
    if (auto s = (*free_it)->bind(1, key).run(); !s.ok()) return s;
    auto keep_old = db_.cached(
        "INSERT OR REPLACE INTO former_handles(handle_key, user_id, changed) VALUES (?, ?, ?)");
    if (!keep_old.ok()) return keep_old.error();
    if (auto s = (*keep_old)->bind(1, handle_key(old_handle)).bind(2, user_id).bind(3, now).run();
        !s.ok())
      return s;
  }
  // Papers the account put on the daily list show its handle as their submitter.
  for (const char* sql : {"UPDATE papers SET submitter = ?1 WHERE submitter = ?2 "
                          "AND doc_id IN (SELECT doc_id FROM submissions WHERE user_id = ?3)",
                          "UPDATE users SET handle = ?1 WHERE user_id = ?3"}) {
    auto stmt = db_.cached(sql);
    if (!stmt.ok()) return stmt.error();
    if (auto s = (*stmt)->bind(1, handle).bind(2, old_handle).bind(3, user_id).run(); !s.ok())
      return s;
  }
  return tx->commit();
}

Status SqliteProfiles::set_profile(int64_t user_id, std::string_view affiliation,
                                   std::string_view links) {
  auto update = db_.cached("UPDATE users SET affiliation = ?, links = ? WHERE user_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, affiliation).bind(2, links).bind(3, user_id).run();
}

Status SqliteProfiles::set_role(int64_t user_id, Role role, int64_t by, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto update = db_.cached("UPDATE users SET role = ? WHERE user_id = ?");
  if (!update.ok()) return update.error();
  if (auto s = (*update)->bind(1, role_name(role)).bind(2, user_id).run(); !s.ok()) return s;
  if (sqlite3_changes(db_.handle()) == 0) {
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  }
  if (auto s = log_moderation(db_, by, "role:" + std::string(role_name(role)),
                              "user:" + std::to_string(user_id), "", now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<int64_t> SqliteProfiles::slot_holder(int64_t doc_id, int position) {
  auto select = db_.cached(
      "SELECT user_id FROM author_claims WHERE doc_id = ? AND position = ? AND state = 'approved'");
  if (!select.ok()) return select.error();
  (*select)->bind(1, doc_id).bind(2, int64_t{position});
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  const int64_t holder = *row ? (*select)->integer(0) : 0;
  (*select)->reset();
  return holder;
}

Result<int64_t> SqliteProfiles::claim_author(int64_t user_id, int64_t doc_id, int position,
                                             int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto author = db_.cached("SELECT count(*) FROM paper_authors WHERE doc_id = ? AND position = ?");
  if (!author.ok()) return author.error();
  (*author)->bind(1, doc_id).bind(2, int64_t{position});
  auto found = (*author)->step();
  if (!found.ok()) return found.error();
  const bool exists = (*author)->integer(0) > 0;
  (*author)->reset();
  if (!exists)
    return Error{"the paper has no author " + std::to_string(position + 1), ErrorCode::kInvalid};
  auto holder = slot_holder(doc_id, position);
  if (!holder.ok()) return holder.error();
  if (*holder == user_id)
    return Error{"you have claimed this author already", ErrorCode::kConflict};
  if (*holder != 0) return Error{"another account holds this author", ErrorCode::kConflict};
  // A claim rejected before may be made again: it goes back to the queue.
  auto existing = db_.cached(
      "SELECT claim_id, state FROM author_claims WHERE doc_id = ? AND position = ? AND user_id = "
      "?");
  if (!existing.ok()) return existing.error();
  (*existing)->bind(1, doc_id).bind(2, int64_t{position}).bind(3, user_id);
  auto row = (*existing)->step();
  if (!row.ok()) return row.error();
  const int64_t claim_id = *row ? (*existing)->integer(0) : 0;
  const std::string state = *row ? (*existing)->text(1) : "";
  (*existing)->reset();
  if (claim_id != 0 && state == "pending")
    return Error{"you have claimed this author already", ErrorCode::kConflict};
  if (claim_id != 0) {
    auto reopen = db_.cached(
        "UPDATE author_claims SET state = 'pending', created = ?, decided = 0 WHERE claim_id = ?");
    if (!reopen.ok()) return reopen.error();
    if (auto s = (*reopen)->bind(1, now).bind(2, claim_id).run(); !s.ok()) return s.error();
    if (auto s = tx->commit(); !s.ok()) return s.error();
    return claim_id;
  }
  auto insert = db_.cached(
      "INSERT INTO author_claims(doc_id, position, user_id, created) VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  if (auto s =
          (*insert)->bind(1, doc_id).bind(2, int64_t{position}).bind(3, user_id).bind(4, now).run();
      !s.ok()) {
    return s.error();
  }
  const int64_t new_id = sqlite3_last_insert_rowid(db_.handle());
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return new_id;
}

Result<std::vector<AuthorClaim>> SqliteProfiles::read_claims(SqliteStatement& select) {
  std::vector<AuthorClaim> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back({select.integer(0), select.integer(1), static_cast<int>(select.integer(2)),
                   select.integer(3), parse_claim_state(select.text(4)), select.integer(5),
                   select.integer(6), select.text(7), select.text(8), select.text(9),
                   select.text(10)});
  }
}

Result<std::optional<AuthorClaim>> SqliteProfiles::claim(int64_t claim_id) {
  auto select = db_.cached(std::string(kClaimColumns) + "WHERE c.claim_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, claim_id);
  auto claims = read_claims(**select);
  if (!claims.ok()) return claims.error();
  if (claims->empty()) return std::optional<AuthorClaim>();
  return std::optional<AuthorClaim>(std::move(claims->front()));
}

Result<std::vector<AuthorClaim>> SqliteProfiles::claims_in_state(ClaimState state, size_t limit) {
  auto select =
      db_.cached(std::string(kClaimColumns) + "WHERE c.state = ? ORDER BY c.claim_id LIMIT ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, claim_state_name(state)).bind(2, static_cast<int64_t>(limit));
  return read_claims(**select);
}

Result<std::vector<AuthorClaim>> SqliteProfiles::claims_of(int64_t user_id) {
  auto select =
      db_.cached(std::string(kClaimColumns) + "WHERE c.user_id = ? ORDER BY c.claim_id DESC");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  return read_claims(**select);
}

Status SqliteProfiles::decide_claim(int64_t claim_id, bool approve, int64_t moderator_id,
                                    std::string_view reason, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto found = claim(claim_id);
  if (!found.ok()) return found.error();
  if (!found->has_value())
    return Error{"there is no claim " + std::to_string(claim_id), ErrorCode::kNotFound};
  const AuthorClaim& c = **found;
  if (c.state != ClaimState::kPending) {
    return Error{"claim " + std::to_string(claim_id) + " was " +
                     std::string(claim_state_name(c.state)) + " already",
                 ErrorCode::kConflict};
  }
  if (approve) {
    auto holder = slot_holder(c.doc_id, c.position);
    if (!holder.ok()) return holder.error();
    if (*holder != 0)
      return Error{"another account holds this author already", ErrorCode::kConflict};
  }
  auto update = db_.cached("UPDATE author_claims SET state = ?, decided = ? WHERE claim_id = ?");
  if (!update.ok()) return update.error();
  const ClaimState state = approve ? ClaimState::kApproved : ClaimState::kRejected;
  if (auto s = (*update)->bind(1, claim_state_name(state)).bind(2, now).bind(3, claim_id).run();
      !s.ok())
    return s;
  if (auto s = log_moderation(db_, moderator_id, approve ? "claim-approve" : "claim-reject",
                              "claim:" + std::to_string(claim_id), reason, now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<std::vector<ClaimedSlot>> SqliteProfiles::read_slots(SqliteStatement& select) {
  std::vector<ClaimedSlot> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(
        {select.integer(0), static_cast<int>(select.integer(1)), select.text(2), select.text(3)});
  }
}

Result<std::vector<ClaimedSlot>> SqliteProfiles::claimed_slots(std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<ClaimedSlot>();
  auto select = db_.cached(
      "SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c JOIN users u ON "
      "u.user_id = c.user_id "
      "WHERE c.state = 'approved' AND c.doc_id IN (SELECT value FROM json_each(?)) ORDER BY "
      "c.doc_id, c.position");
  if (!select.ok()) return select.error();
  (*select)->bind(1, sqlite_id_array(doc_ids));
  return read_slots(**select);
}

Result<std::vector<ClaimedSlot>> SqliteProfiles::claimed_slots_named(std::string_view author_name) {
  auto select = db_.cached(
      "SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c JOIN users u ON "
      "u.user_id = c.user_id "
      "JOIN paper_authors a ON a.doc_id = c.doc_id AND a.position = c.position "
      "WHERE c.state = 'approved' AND a.name = ? ORDER BY u.handle, c.doc_id DESC");
  if (!select.ok()) return select.error();
  (*select)->bind(1, author_name);
  return read_slots(**select);
}

Result<std::vector<std::pair<int64_t, std::string>>> SqliteProfiles::submitters(
    std::span<const int64_t> doc_ids) {
  std::vector<std::pair<int64_t, std::string>> out;
  if (doc_ids.empty()) return out;
  auto select = db_.cached(
      "SELECT s.doc_id, u.handle FROM submissions s JOIN users u ON u.user_id = s.user_id "
      "WHERE s.doc_id IN (SELECT value FROM json_each(?))");
  if (!select.ok()) return select.error();
  (*select)->bind(1, sqlite_id_array(doc_ids));
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.emplace_back((*select)->integer(0), (*select)->text(1));
  }
}

}  // namespace paperboy
