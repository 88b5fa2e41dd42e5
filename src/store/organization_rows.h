// What both backends read organisations with: the same columns in Organization's and
// OrgMember's order, and the rule about admins that both enforce.
#pragma once

#include <string>
#include <string_view>

#include "store/organizations.h"

namespace paperboy {

// An organisation with its member and listed-paper counts; a WHERE clause follows. Papers
// match its name in any case, as `same_name` (each backend's papers_by_organization) says.
inline std::string organization_columns(std::string_view same_name) {
  return "SELECT o.org_id, o.name, o.fullname, o.about, coalesce(o.created_by, 0), o.created, "
         "(SELECT count(*) FROM organization_members m WHERE m.org_id = o.org_id) AS members, "
         "(SELECT count(*) FROM papers p WHERE " +
         std::string(same_name) +
         " AND p.organization != '' AND p.withdrawn = '') AS papers, o.verified FROM organizations "
         "o ";
}

// A member with their handle and name, admins first; `org_id` is the first parameter.
inline constexpr const char* kMemberColumns =
    "SELECT m.user_id, m.role, m.created, u.handle, u.name FROM organization_members m "
    "JOIN users u ON u.user_id = m.user_id ";
inline constexpr const char* kMemberOrder = " ORDER BY m.role = 'admin' DESC, m.created, m.user_id";

inline Error last_admin_error() {
  return Error{"an organisation with admins keeps at least one: make another member an admin first",
               ErrorCode::kConflict};
}

// An invitation with its organisation, for Organizations::invitations; `user_id` is the first
// parameter.
inline constexpr const char* kInvitationColumns =
    "SELECT o.org_id, o.name, o.fullname, i.role FROM organization_invitations i JOIN "
    "organizations o "
    "ON o.org_id = i.org_id WHERE i.user_id = ";

inline Error org_name_taken(std::string_view name) {
  return Error{"the organisation name " + std::string(name) + " is taken", ErrorCode::kConflict};
}

}  // namespace paperboy
