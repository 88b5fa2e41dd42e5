#include "store/pg_profiles.h"

#include "core/handle.h"
#include "store/community_sql.h"
#include "store/pg_discussions.h"

namespace paperboy {
namespace {

Result<std::vector<AuthorClaim>> claims_from(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<AuthorClaim> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->integer(r, 1), static_cast<int>(rows->integer(r, 2)),
                   rows->integer(r, 3), parse_claim_state(rows->text(r, 4)), rows->integer(r, 5),
                   rows->integer(r, 6), rows->text(r, 7), rows->text(r, 8), rows->text(r, 9),
                   rows->text(r, 10)});
  }
  return out;
}

Result<std::vector<ClaimedSlot>> slots_from(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<ClaimedSlot> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), static_cast<int>(rows->integer(r, 1)), rows->text(r, 2),
                   rows->text(r, 3)});
  }
  return out;
}

Result<int64_t> first_integer(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  return rows->rows() == 0 ? 0 : rows->integer(0, 0);
}

}  // namespace

Result<std::optional<HandleMatch>> PgProfiles::user_by_handle(std::string_view handle) {
  auto found = conn_.query(
      "SELECT user_id, false FROM users WHERE lower(handle) = $1 UNION ALL "
      "SELECT user_id, true FROM former_handles WHERE handle_key = $1 ORDER BY 2",
      handle_key(handle));
  if (!found.ok()) return found.error();
  if (found->rows() == 0) return std::optional<HandleMatch>();
  auto user = community_.user_by_id(found->integer(0, 0));
  if (!user.ok()) return user.error();
  if (!user->has_value()) return std::optional<HandleMatch>();
  return std::optional<HandleMatch>(HandleMatch{std::move(**user), found->text(0, 1) == "t"});
}

Status PgProfiles::set_handle(int64_t user_id, std::string_view handle, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto old = conn_.query("SELECT handle FROM users WHERE user_id = $1 FOR UPDATE", user_id);
  if (!old.ok()) return old.error();
  if (old->rows() == 0) {
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  }
  const std::string old_handle = old->text(0, 0);
  const std::string key = handle_key(handle);
  if (handle_key(old_handle) != key) {
    auto taken = conn_.query(
        "SELECT 1 FROM users WHERE lower(handle) = $1 AND user_id <> $2 UNION ALL "
        "SELECT 1 FROM former_handles WHERE handle_key = $1 AND user_id <> $2",
        key, user_id);
    if (!taken.ok()) return taken.error();
    if (taken->rows() > 0) {
      return Error{"the handle " + std::string(handle) + " is taken", ErrorCode::kConflict};
    }
    // The old handle keeps pointing here; taking back a handle one had before frees its entry.
    if (auto s = pg_done(conn_.query("DELETE FROM former_handles WHERE handle_key = $1", key));
        !s.ok()) {
      return s;
    }
    if (auto s = pg_done(conn_.query(
            "INSERT INTO former_handles(handle_key, user_id, changed) VALUES ($1, $2, $3) "
            "ON CONFLICT (handle_key) DO UPDATE SET user_id = $2, changed = $3",
            handle_key(old_handle), user_id, now));
        !s.ok()) {
      return s;
    }
  }
  // Papers the account put on the daily list show its handle as their submitter.
  if (auto s =
          pg_done(conn_.query("UPDATE papers SET submitter = $1 WHERE submitter = $2 "
                              "AND doc_id IN (SELECT doc_id FROM submissions WHERE user_id = $3)",
                              handle, old_handle, user_id));
      !s.ok()) {
    return s;
  }
  auto updated = conn_.query("UPDATE users SET handle = $1 WHERE user_id = $2", handle, user_id);
  if (!updated.ok()) {
    // Another server gave the handle away between the check and here: the unique index says so.
    if (updated.error().code == ErrorCode::kConflict) {
      return Error{"the handle " + std::string(handle) + " is taken", ErrorCode::kConflict};
    }
    return updated.error();
  }
  return tx->commit();
}

Status PgProfiles::set_profile(int64_t user_id, std::string_view affiliation,
                               std::string_view links) {
  return pg_done(conn_.query("UPDATE users SET affiliation = $1, links = $2 WHERE user_id = $3",
                             affiliation, links, user_id));
}

Status PgProfiles::set_role(int64_t user_id, Role role, int64_t by, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto updated = pg_touched(
      conn_.query("UPDATE users SET role = $1 WHERE user_id = $2", role_name(role), user_id));
  if (!updated.ok()) return updated.error();
  if (!*updated)
    return Error{"there is no account " + std::to_string(user_id), ErrorCode::kNotFound};
  if (auto s = pg_log_moderation(conn_, by, "role:" + std::string(role_name(role)),
                                 "user:" + std::to_string(user_id), "", now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<int64_t> PgProfiles::slot_holder(int64_t doc_id, int position) {
  return first_integer(
      conn_.query("SELECT user_id FROM author_claims WHERE doc_id = $1 AND position = $2 AND state "
                  "= 'approved'",
                  doc_id, position));
}

Result<int64_t> PgProfiles::claim_author(int64_t user_id, int64_t doc_id, int position,
                                         int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto exists = first_integer(conn_.query(
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
  auto claim_id = first_integer(conn_.query(
      "INSERT INTO author_claims(doc_id, position, user_id, created) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (doc_id, position, user_id) DO UPDATE SET state = 'pending', created = $4, "
      "decided = 0 WHERE author_claims.state = 'rejected' RETURNING claim_id",
      doc_id, position, user_id, now));
  if (!claim_id.ok()) return claim_id.error();
  if (*claim_id == 0) return Error{"you have claimed this author already", ErrorCode::kConflict};
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return *claim_id;
}

Result<std::optional<AuthorClaim>> PgProfiles::claim(int64_t claim_id) {
  auto claims =
      claims_from(conn_.query(std::string(kClaimColumns) + "WHERE c.claim_id = $1", claim_id));
  if (!claims.ok()) return claims.error();
  if (claims->empty()) return std::optional<AuthorClaim>();
  return std::optional<AuthorClaim>(std::move(claims->front()));
}

Result<std::vector<AuthorClaim>> PgProfiles::claims_in_state(ClaimState state, size_t limit) {
  return claims_from(
      conn_.query(std::string(kClaimColumns) + "WHERE c.state = $1 ORDER BY c.claim_id LIMIT $2",
                  claim_state_name(state), limit));
}

Result<std::vector<AuthorClaim>> PgProfiles::claims_of(int64_t user_id) {
  return claims_from(conn_.query(
      std::string(kClaimColumns) + "WHERE c.user_id = $1 ORDER BY c.claim_id DESC", user_id));
}

Status PgProfiles::decide_claim(int64_t claim_id, bool approve, int64_t moderator_id,
                                std::string_view reason, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto state =
      conn_.query("SELECT state FROM author_claims WHERE claim_id = $1 FOR UPDATE", claim_id);
  if (!state.ok()) return state.error();
  if (state->rows() == 0) {
    return Error{"there is no claim " + std::to_string(claim_id), ErrorCode::kNotFound};
  }
  if (state->text(0, 0) != "pending") {
    return Error{"claim " + std::to_string(claim_id) + " was " + state->text(0, 0) + " already",
                 ErrorCode::kConflict};
  }
  const ClaimState decided = approve ? ClaimState::kApproved : ClaimState::kRejected;
  auto updated =
      conn_.query("UPDATE author_claims SET state = $1, decided = $2 WHERE claim_id = $3",
                  claim_state_name(decided), now, claim_id);
  if (!updated.ok()) {
    // The unique index on approved slots: another claim on it was approved first.
    if (updated.error().code == ErrorCode::kConflict) {
      return Error{"another account holds this author already", ErrorCode::kConflict};
    }
    return updated.error();
  }
  if (auto s = pg_log_moderation(conn_, moderator_id, approve ? "claim-approve" : "claim-reject",
                                 "claim:" + std::to_string(claim_id), reason, now);
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<std::vector<ClaimedSlot>> PgProfiles::claimed_slots(std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<ClaimedSlot>();
  return slots_from(conn_.query(
      "SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c "
      "JOIN users u ON u.user_id = c.user_id "
      "WHERE c.state = 'approved' AND c.doc_id = ANY($1::bigint[]) ORDER BY c.doc_id, c.position",
      pg_array(doc_ids)));
}

Result<std::vector<ClaimedSlot>> PgProfiles::claimed_slots_named(std::string_view author_name) {
  return slots_from(conn_.query(
      "SELECT c.doc_id, c.position, u.handle, u.name FROM author_claims c "
      "JOIN users u ON u.user_id = c.user_id "
      "JOIN paper_authors a ON a.doc_id = c.doc_id AND a.position = c.position "
      "WHERE c.state = 'approved' AND a.name = $1 ORDER BY u.handle COLLATE \"C\", c.doc_id DESC",
      author_name));
}

Result<std::vector<std::pair<int64_t, std::string>>> PgProfiles::submitters(
    std::span<const int64_t> doc_ids) {
  std::vector<std::pair<int64_t, std::string>> out;
  if (doc_ids.empty()) return out;
  auto rows = conn_.query(
      "SELECT s.doc_id, u.handle FROM submissions s JOIN users u ON u.user_id = s.user_id "
      "WHERE s.doc_id = ANY($1::bigint[])",
      pg_array(doc_ids));
  if (!rows.ok()) return rows.error();
  for (int r = 0; r < rows->rows(); ++r) out.emplace_back(rows->integer(r, 0), rows->text(r, 1));
  return out;
}

}  // namespace paperboy
