#include "store/sql/sql_profiles.h"

#include "core/handle.h"
#include "store/sql/moderation_log.h"

namespace paperboy {
namespace {

// A claim with its paper's key, the slot's name and the claimant, in AuthorClaim's order.
constexpr const char* kClaimColumns =
    "SELECT c.claim_id, c.doc_id, c.position, c.user_id, c.state, c.created, c.decided, p.id, "
    "coalesce(a.name, ''), u.handle, u.name FROM author_claims c "
    "JOIN papers p ON p.doc_id = c.doc_id JOIN users u ON u.user_id = c.user_id "
    "LEFT JOIN paper_authors a ON a.doc_id = c.doc_id AND a.position = c.position ";

Result<std::vector<AuthorClaim>> claims_from(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<AuthorClaim> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), static_cast<int>(rows->integer(r, 2)),
                   rows->integer(r, 3), parse_claim_state(rows->text(r, 4)), rows->integer(r, 5),
                   rows->integer(r, 6), rows->text(r, 7), rows->text(r, 8), rows->text(r, 9),
                   rows->text(r, 10)});
  }
  return out;
}

Result<std::vector<ClaimedSlot>> slots_from(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<ClaimedSlot> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), static_cast<int>(rows->integer(r, 1)), rows->text(r, 2),
                   rows->text(r, 3)});
  }
  return out;
}

// The first row's first integer, 0 when there is no row.
Result<int64_t> first_or_zero(const Result<SqlRows>& rows) {
  auto first = sql_first_integer(rows);
  if (!first.ok()) return first.error();
  return first->value_or(0);
}

Error handle_taken(std::string_view handle) {
  return Error{"the handle " + std::string(handle) + " is taken", ErrorCode::kConflict};
}

}  // namespace

Result<std::optional<HandleMatch>> SqlProfiles::user_by_handle(std::string_view handle) {
  auto found = session_.query(
      "SELECT user_id, 0 FROM users WHERE lower(handle) = $1 UNION ALL "
      "SELECT user_id, 1 FROM former_handles WHERE handle_key = $1 ORDER BY 2",
      handle_key(handle));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<HandleMatch>();
  auto user = community_.user_by_id(found->integer(0, 0));
  if (!user.ok()) return user.error();
  if (!user->has_value()) return std::optional<HandleMatch>();
  return std::optional<HandleMatch>(HandleMatch{std::move(**user), found->integer(0, 1) != 0});
}

Status SqlProfiles::set_handle(int64_t user_id, std::string_view handle, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto old = session_.query(
      "SELECT handle FROM users WHERE user_id = $1" + std::string(session_.dialect().lock_rows()),
      user_id);
  if (!old.ok()) return old.error();
  if (old->empty()) {
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  }
  const std::string old_handle = old->text(0, 0);
  const std::string key = handle_key(handle);
  if (handle_key(old_handle) != key) {
    auto taken = session_.query(
        "SELECT 1 FROM users WHERE lower(handle) = $1 AND user_id <> $2 UNION ALL "
        "SELECT 1 FROM former_handles WHERE handle_key = $1 AND user_id <> $2",
        key, user_id);
    if (!taken.ok()) return taken.error();
    if (!taken->empty()) return handle_taken(handle);
    // The old handle keeps pointing here; taking back a handle one had before frees its entry.
    if (auto s = sql_done(session_.query("DELETE FROM former_handles WHERE handle_key = $1", key));
        !s.ok()) {
      return s;
    }
    if (auto s = sql_done(session_.query(
            "INSERT INTO former_handles(handle_key, user_id, changed) VALUES ($1, $2, $3) "
            "ON CONFLICT (handle_key) DO UPDATE SET user_id = $2, changed = $3",
            handle_key(old_handle), user_id, now));
        !s.ok()) {
      return s;
    }
  }
  // Papers the account put on the daily list show its handle as their submitter.
  if (auto s = sql_done(
          session_.query("UPDATE papers SET submitter = $1 WHERE submitter = $2 "
                         "AND doc_id IN (SELECT doc_id FROM submissions WHERE user_id = $3)",
                         handle, old_handle, user_id));
      !s.ok()) {
    return s;
  }
  auto updated = session_.query("UPDATE users SET handle = $1 WHERE user_id = $2", handle, user_id);
  if (!updated.ok()) {
    // Another server gave the handle away between the check and here: the unique index says so.
    if (updated.error().code == ErrorCode::kConflict) return handle_taken(handle);
    return updated.error();
  }
  return tx->commit();
}

Status SqlProfiles::set_profile(int64_t user_id, std::string_view affiliation,
                                std::string_view links) {
  return sql_done(session_.query("UPDATE users SET affiliation = $1, links = $2 WHERE user_id = $3",
                                 affiliation, links, user_id));
}

Status SqlProfiles::set_role(int64_t user_id, Role role, int64_t by, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto updated = sql_touched(
      session_.query("UPDATE users SET role = $1 WHERE user_id = $2", role_name(role), user_id));
  if (!updated.ok()) return updated.error();
  if (!*updated)
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  if (auto s = log_moderation(session_, by, "role:" + std::string(role_name(role)),
                              "user:" + std::to_string(user_id), "", now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<int64_t> SqlProfiles::slot_holder(int64_t doc_id, int position) {
  return first_or_zero(
      session_.query("SELECT user_id FROM author_claims WHERE doc_id = $1 AND position = $2 AND "
                     "state = 'approved'",
                     doc_id, position));
}

Result<int64_t> SqlProfiles::claim_author(int64_t user_id, int64_t doc_id, int position,
                                          int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto exists = first_or_zero(session_.query(
      "SELECT count(*) FROM paper_authors WHERE doc_id = $1 AND position = $2", doc_id, position));
  if (!exists.ok()) return exists.error();
  if (*exists == 0) {
    return Error{"the paper has no author " + std::to_string(position + 1), ErrorCode::kInvalid};
  }
  auto holder = slot_holder(doc_id, position);
  if (!holder.ok()) return holder.error();
  if (*holder == user_id)
    return Error{"you have claimed this author already", ErrorCode::kConflict};
  if (*holder != 0) return Error{"another account holds this author", ErrorCode::kConflict};
  // A claim rejected before may be made again: it goes back to the queue.
  auto claim_id = first_or_zero(session_.query(
      "INSERT INTO author_claims(doc_id, position, user_id, created) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (doc_id, position, user_id) DO UPDATE SET state = 'pending', created = $4, "
      "decided = 0 WHERE author_claims.state = 'rejected' RETURNING claim_id",
      doc_id, position, user_id, now));
  if (!claim_id.ok()) return claim_id.error();
  if (*claim_id == 0) return Error{"you have claimed this author already", ErrorCode::kConflict};
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return *claim_id;
}

Result<std::optional<AuthorClaim>> SqlProfiles::claim(int64_t claim_id) {
  auto claims =
      claims_from(session_.query(std::string(kClaimColumns) + "WHERE c.claim_id = $1", claim_id));
  if (!claims.ok()) return claims.error();
  if (claims->empty()) return std::optional<AuthorClaim>();
  return std::optional<AuthorClaim>(std::move(claims->front()));
}

Result<std::vector<AuthorClaim>> SqlProfiles::claims_in_state(ClaimState state, size_t limit) {
  return claims_from(
      session_.query(std::string(kClaimColumns) + "WHERE c.state = $1 ORDER BY c.claim_id LIMIT $2",
                     claim_state_name(state), limit));
}

Result<std::vector<AuthorClaim>> SqlProfiles::claims_of(int64_t user_id) {
  return claims_from(session_.query(
      std::string(kClaimColumns) + "WHERE c.user_id = $1 ORDER BY c.claim_id DESC", user_id));
}

Status SqlProfiles::decide_claim(int64_t claim_id, bool approve, int64_t moderator_id,
                                 std::string_view reason, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto state = session_.query("SELECT state FROM author_claims WHERE claim_id = $1" +
                                  std::string(session_.dialect().lock_rows()),
                              claim_id);
  if (!state.ok()) return state.error();
  if (state->empty()) {
    return Error{"there is no claim " + std::to_string(claim_id), ErrorCode::kNotFound};
  }
  if (state->text(0, 0) != "pending") {
    return Error{"claim " + std::to_string(claim_id) + " was " + state->text(0, 0) + " already",
                 ErrorCode::kConflict};
  }
  const ClaimState decided = approve ? ClaimState::kApproved : ClaimState::kRejected;
  auto updated =
      session_.query("UPDATE author_claims SET state = $1, decided = $2 WHERE claim_id = $3",
                     claim_state_name(decided), now, claim_id);
  if (!updated.ok()) {
    // The unique index on approved slots: another claim on it was approved first.
    if (updated.error().code == ErrorCode::kConflict) {
      return Error{"another account holds this author already", ErrorCode::kConflict};
    }
    return updated.error();
  }
  if (auto s = log_moderation(session_, moderator_id, approve ? "claim-approve" : "claim-reject",
                              "claim:" + std::to_string(claim_id), reason, now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<std::vector<ClaimedSlot>> SqlProfiles::claimed_slots(std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<ClaimedSlot>();
  const SqlDialect& dialect = session_.dialect();
  return slots_from(
      session_.query("SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c "
                     "JOIN users u ON u.user_id = c.user_id WHERE c.state = 'approved' AND " +
                         dialect.in_list("c.doc_id", 1) + " ORDER BY c.doc_id, c.position",
                     sql_list(dialect, doc_ids)));
}

Result<std::vector<ClaimedSlot>> SqlProfiles::claimed_slots_named(std::string_view author_name) {
  return slots_from(
      session_.query("SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c "
                     "JOIN users u ON u.user_id = c.user_id "
                     "JOIN paper_authors a ON a.doc_id = c.doc_id AND a.position = c.position "
                     "WHERE c.state = 'approved' AND a.name = $1 ORDER BY " +
                         session_.dialect().bytewise("u.handle") + ", c.doc_id DESC",
                     author_name));
}

Result<std::vector<std::pair<int64_t, std::string>>> SqlProfiles::submitters(
    std::span<const int64_t> doc_ids) {
  std::vector<std::pair<int64_t, std::string>> out;
  if (doc_ids.empty()) return out;
  const SqlDialect& dialect = session_.dialect();
  auto rows = session_.query(
      "SELECT s.doc_id, u.handle FROM submissions s JOIN users u ON u.user_id = s.user_id "
      "WHERE " +
          dialect.in_list("s.doc_id", 1),
      sql_list(dialect, doc_ids));
  if (!rows.ok()) return rows.error();
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.emplace_back(rows->integer(r, 0), rows->text(r, 1));
  }
  return out;
}

}  // namespace paperboy
