#include "store/organizations.h"

namespace paperboy {

std::string_view org_role_name(OrgRole role) {
  return role == OrgRole::kAdmin ? "admin" : "member";
}

std::optional<OrgRole> parse_org_role(std::string_view name) {
  if (name == "admin") return OrgRole::kAdmin;
  if (name == "member") return OrgRole::kMember;
  return std::nullopt;
}

}  // namespace paperboy
