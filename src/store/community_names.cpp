// The words the store keeps for roles, post states and claim states (the CHECK constraints of
// the schema list the same words).
#include "store/discussions.h"
#include "store/profiles.h"

namespace paperboy {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kModerator:
      return "moderator";
    case Role::kAdmin:
      return "admin";
    case Role::kReader:
      break;
  }
  return "reader";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role role : {Role::kReader, Role::kModerator, Role::kAdmin}) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view post_state_name(PostState state) {
  switch (state) {
    case PostState::kHeld:
      return "held";
    case PostState::kHidden:
      return "hidden";
    case PostState::kDeleted:
      return "deleted";
    case PostState::kVisible:
      break;
  }
  return "visible";
}

std::string_view claim_state_name(ClaimState state) {
  switch (state) {
    case ClaimState::kApproved:
      return "approved";
    case ClaimState::kRejected:
      return "rejected";
    case ClaimState::kPending:
      break;
  }
  return "pending";
}

PostState parse_post_state(std::string_view name) {
  for (PostState state : {PostState::kHeld, PostState::kHidden, PostState::kDeleted}) {
    if (post_state_name(state) == name) return state;
  }
  return PostState::kVisible;
}

ClaimState parse_claim_state(std::string_view name) {
  for (ClaimState state : {ClaimState::kApproved, ClaimState::kRejected}) {
    if (claim_state_name(state) == name) return state;
  }
  return ClaimState::kPending;
}

}  // namespace paperboy
