// Handles, profiles, roles and author claims, written once for both backends over their
// SqlSession.
#pragma once

#include "store/profiles.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlProfiles final : public Profiles {
 public:
  SqlProfiles(SqlSession& session, Community& community)
      : session_(session), community_(community) {}

  Result<std::optional<HandleMatch>> user_by_handle(std::string_view handle) override;
  Status set_handle(int64_t user_id, std::string_view handle, int64_t now) override;
  Status set_profile(int64_t user_id, std::string_view affiliation,
                     std::string_view links) override;
  Status set_role(int64_t user_id, Role role, int64_t by, int64_t now) override;
  Result<int64_t> claim_author(int64_t user_id, int64_t doc_id, int position, int64_t now) override;
  Result<std::optional<AuthorClaim>> claim(int64_t claim_id) override;
  Result<std::vector<AuthorClaim>> claims_in_state(ClaimState state, size_t limit) override;
  Result<std::vector<AuthorClaim>> claims_of(int64_t user_id) override;
  Status decide_claim(int64_t claim_id, bool approve, int64_t moderator_id, std::string_view reason,
                      int64_t now) override;
  Result<std::vector<ClaimedSlot>> claimed_slots(std::span<const int64_t> doc_ids) override;
  Result<std::vector<ClaimedSlot>> claimed_slots_named(std::string_view author_name) override;
  Result<std::vector<std::pair<int64_t, std::string>>> submitters(
      std::span<const int64_t> doc_ids) override;

 private:
  // Who holds the approved claim on the slot, if anyone.
  Result<int64_t> slot_holder(int64_t doc_id, int position);

  SqlSession& session_;
  Community& community_;
};

}  // namespace paperboy
