// Who a reader is in public: a handle (changeable; the old one keeps pointing at the account),
// a profile (affiliation, links), a role, and the author slots of papers they have claimed.
// A claim is a request until a moderator approves it; at most one account holds a slot.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/community.h"

namespace paperboy {

// An account found by a handle, and whether that was a handle it gave up (the caller redirects
// to `user.handle`).
struct HandleMatch {
  User user;
  bool former = false;
};

enum class ClaimState { kPending, kApproved, kRejected };
std::string_view claim_state_name(ClaimState state);
// The state a stored name stands for (pending for an unknown one).
ClaimState parse_claim_state(std::string_view name);

// "I am author `position` (from 0) of paper `doc_id`."
struct AuthorClaim {
  int64_t id = 0;
  int64_t doc_id = 0;
  int position = 0;
  int64_t user_id = 0;
  ClaimState state = ClaimState::kPending;
  int64_t created = 0;
  int64_t decided = 0;  // 0 while pending
  // Read with the claim, for queues and profiles.
  std::string paper_id;     // the paper's key ("2410.14649")
  std::string author_name;  // the slot's name as the paper spells it
  std::string handle;       // the claimant's
  std::string user_name;
};

// An approved claim as a page shows it: slot → profile.
struct ClaimedSlot {
  int64_t doc_id = 0;
  int position = 0;
  std::string handle;
  std::string user_name;
};

class Profiles {
 public:
  virtual ~Profiles() = default;

  virtual Result<std::optional<HandleMatch>> user_by_handle(std::string_view handle) = 0;
  // The caller checks the handle's form (check_handle). A conflict when another account has it
  // now or had it (a former handle stays with its account, so old links never change owner).
  virtual Status set_handle(int64_t user_id, std::string_view handle, int64_t now) = 0;
  virtual Status set_profile(int64_t user_id, std::string_view affiliation,
                             std::string_view links) = 0;
  // Written to the moderation log as `by` granting it (by 0: the command line).
  virtual Status set_role(int64_t user_id, Role role, int64_t by, int64_t now) = 0;

  // A pending claim; a conflict when the account has claimed the slot already or another
  // account holds it, invalid when the paper has no such author.
  virtual Result<int64_t> claim_author(int64_t user_id, int64_t doc_id, int position,
                                       int64_t now) = 0;
  virtual Result<std::optional<AuthorClaim>> claim(int64_t claim_id) = 0;
  // Oldest first (the queue).
  virtual Result<std::vector<AuthorClaim>> claims_in_state(ClaimState state, size_t limit) = 0;
  // Newest first.
  virtual Result<std::vector<AuthorClaim>> claims_of(int64_t user_id) = 0;
  // Approves or rejects a pending claim and logs it with the moderator and the reason, in one
  // transaction; a conflict when it is decided already or the slot went to someone else.
  virtual Status decide_claim(int64_t claim_id, bool approve, int64_t moderator_id,
                              std::string_view reason, int64_t now) = 0;
  // The approved slots of these papers.
  virtual Result<std::vector<ClaimedSlot>> claimed_slots(std::span<const int64_t> doc_ids) = 0;
  // The handles of the accounts that put these papers on the daily list here (doc_id, handle).
  virtual Result<std::vector<std::pair<int64_t, std::string>>> submitters(
      std::span<const int64_t> doc_ids) = 0;
  // Approved slots whose name is exactly `author_name` (an author page), any paper.
  virtual Result<std::vector<ClaimedSlot>> claimed_slots_named(std::string_view author_name) = 0;
};

}  // namespace paperboy
