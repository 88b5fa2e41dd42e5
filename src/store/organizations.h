// Organisations: a lab, a company or a team, with a page at /orgs/NAME. The hub's arrive with
// its daily lists (the first paper of one makes its page); readers create others. Members are
// admins (who add and remove members) or members (who may link papers to it). Which paper
// belongs to which organisation is the paper's own field (Paper::organization), so search and
// every listing see it; this interface keeps the organisations and their members.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

enum class OrgRole { kMember, kAdmin };
std::string_view org_role_name(OrgRole role);
// The role a stored or submitted name stands for; nullopt for anything else.
std::optional<OrgRole> parse_org_role(std::string_view name);

struct Organization {
  int64_t id = 0;
  std::string name;  // as created; found again in any case
  std::string fullname;
  std::string about;
  int64_t created_by = 0;  // 0: imported from the hub
  int64_t created = 0;
  // Read with it.
  int64_t members = 0;
  int64_t papers = 0;  // listed papers linked to it
  // The hub's own, or one a moderator handed the name to. A reader's unverified organisation
  // loses its name's papers and its members to the hub's data the day the hub uses the name.
  bool verified = false;
};

struct OrgMember {
  int64_t user_id = 0;
  OrgRole role = OrgRole::kMember;
  int64_t since = 0;
  std::string handle;
  std::string user_name;
};

// An organisation a reader belongs to, with their role there.
struct Membership {
  int64_t org_id = 0;
  std::string name;
  std::string fullname;
  OrgRole role = OrgRole::kMember;
};

class Organizations {
 public:
  virtual ~Organizations() = default;

  // Creates it with `user_id` as its first admin, in one transaction; a conflict when the name
  // is taken in any case. The caller checks the name's form (check_org_name).
  virtual Result<Organization> create_organization(std::string_view name, std::string_view fullname,
                                                   std::string_view about, int64_t user_id,
                                                   int64_t now) = 0;
  virtual Result<std::optional<Organization>> organization(std::string_view name) = 0;
  // Those with the most listed papers first, then by name; an organisation with neither papers
  // nor members (a hub's whose papers moved on) is left out.
  virtual Result<std::vector<Organization>> list_organizations(size_t offset, size_t limit) = 0;
  virtual Status set_about(int64_t org_id, std::string_view fullname, std::string_view about) = 0;

  // Admins first, then by when they joined.
  virtual Result<std::vector<OrgMember>> members(int64_t org_id) = 0;
  virtual Result<std::optional<OrgRole>> role_of(int64_t org_id, int64_t user_id) = 0;
  // Adds the account or changes its role. Refused (a conflict) when it would leave an
  // organisation that has admins without one.
  virtual Status set_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t now) = 0;
  // Whether it was a member; refused (a conflict) for the last admin.
  virtual Result<bool> remove_member(int64_t org_id, int64_t user_id) = 0;
  // By name.
  virtual Result<std::vector<Membership>> memberships(int64_t user_id) = 0;

  // Nobody is made a member without saying yes: an admin's (or moderator's) addition is an
  // invitation, which the reader accepts or declines. Inviting again changes the role offered.
  virtual Status invite_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t invited_by,
                               int64_t now) = 0;
  // The reader's open invitations, by name; each Membership's role is the one offered.
  virtual Result<std::vector<Membership>> invitations(int64_t user_id) = 0;
  // Accepting joins with the offered role; either way the invitation is gone. False when there
  // was none.
  virtual Result<bool> answer_invitation(int64_t org_id, int64_t user_id, bool accept,
                                         int64_t now) = 0;
  // A moderator hands a reader's organisation the name for good (or takes that back).
  virtual Status set_verified(int64_t org_id, bool verified) = 0;
};

}  // namespace paperboy
