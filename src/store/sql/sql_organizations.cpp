#include "store/sql/sql_organizations.h"

namespace paperboy {
namespace {

// A member with their handle and name, admins first; `org_id` is the first parameter.
constexpr const char* kMemberColumns =
    "SELECT m.user_id, m.role, m.created, u.handle, u.name FROM organization_members m "
    "JOIN users u ON u.user_id = m.user_id WHERE m.org_id = $1 "
    "ORDER BY m.role = 'admin' DESC, m.created, m.user_id";

Error last_admin_error() {
  return Error{"an organisation with admins keeps at least one: make another member an admin first",
               ErrorCode::kConflict};
}

Error org_name_taken(std::string_view name) {
  return Error{"the organisation name " + std::string(name) + " is taken", ErrorCode::kConflict};
}

Result<std::vector<Organization>> organizations_from(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Organization> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2), rows->text(r, 3),
                   rows->integer(r, 4), rows->integer(r, 5), rows->integer(r, 6),
                   rows->integer(r, 7), rows->integer(r, 8) != 0});
  }
  return out;
}

// Rows of (org_id, name, fullname, role): memberships, or invitations with the role offered.
Result<std::vector<Membership>> memberships_from(const Result<SqlRows>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Membership> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2),
                   parse_org_role(rows->text(r, 3)).value_or(OrgRole::kMember)});
  }
  return out;
}

}  // namespace

// An organisation with its member and listed-paper counts; a WHERE clause follows. Papers match
// its name in any case, as each backend's papers_by_organization index reads it.
std::string SqlOrganizations::select_organization() const {
  return "SELECT o.org_id, o.name, o.fullname, o.about, coalesce(o.created_by, 0), o.created, "
         "(SELECT count(*) FROM organization_members m WHERE m.org_id = o.org_id) AS members, "
         "(SELECT count(*) FROM papers p WHERE " +
         session_.dialect().same_any_case("p.organization", "o.name") +
         " AND p.organization != '' AND p.withdrawn = '') AS papers, o.verified "
         "FROM organizations o ";
}

Result<Organization> SqlOrganizations::create_organization(std::string_view name,
                                                           std::string_view fullname,
                                                           std::string_view about, int64_t user_id,
                                                           int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto org_id = sql_first_integer(
      session_.query("INSERT INTO organizations(name, fullname, about, created_by, created) "
                     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING org_id",
                     name, fullname, about, user_id, now));
  if (!org_id.ok()) return org_id.error();
  if (!*org_id) return org_name_taken(name);
  if (auto s = sql_done(
          session_.query("INSERT INTO organization_members(org_id, user_id, role, created) "
                         "VALUES ($1, $2, 'admin', $3)",
                         **org_id, user_id, now));
      !s.ok()) {
    return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  auto created = organization(name);
  if (!created.ok()) return created.error();
  if (!*created) return Error{"the new organisation " + std::string(name) + " cannot be read"};
  return std::move(**created);
}

Result<std::optional<Organization>> SqlOrganizations::organization(std::string_view name) {
  auto found = organizations_from(session_.query(
      select_organization() + "WHERE " + session_.dialect().same_any_case("o.name", "$1"), name));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Organization>();
  return std::optional<Organization>(std::move(found->front()));
}

Result<std::vector<Organization>> SqlOrganizations::list_organizations(size_t offset,
                                                                       size_t limit) {
  return organizations_from(
      session_.query("SELECT * FROM (" + select_organization() +
                         ") AS o WHERE papers > 0 OR members > 0 ORDER BY papers DESC, lower(name) "
                         "LIMIT $1 OFFSET $2",
                     limit, offset));
}

Status SqlOrganizations::set_about(int64_t org_id, std::string_view fullname,
                                   std::string_view about) {
  return sql_done(
      session_.query("UPDATE organizations SET fullname = $1, about = $2 WHERE org_id = $3",
                     fullname, about, org_id));
}

Result<std::vector<OrgMember>> SqlOrganizations::members(int64_t org_id) {
  auto rows = session_.query(kMemberColumns, org_id);
  if (!rows.ok()) return rows.error();
  std::vector<OrgMember> out;
  for (size_t r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), parse_org_role(rows->text(r, 1)).value_or(OrgRole::kMember),
                   rows->integer(r, 2), rows->text(r, 3), rows->text(r, 4)});
  }
  return out;
}

Result<std::optional<OrgRole>> SqlOrganizations::role_of(int64_t org_id, int64_t user_id) {
  auto rows = session_.query(
      "SELECT role FROM organization_members WHERE org_id = $1 AND user_id = $2", org_id, user_id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<OrgRole>();
  return parse_org_role(rows->text(0, 0));
}

Status SqlOrganizations::lock_members(int64_t org_id) {
  return sql_done(session_.query(
      "SELECT 1 FROM organizations WHERE org_id = $1" + std::string(session_.dialect().lock_rows()),
      org_id));
}

Result<bool> SqlOrganizations::keeps_an_admin(int64_t org_id, int64_t user_id) {
  auto keeps = sql_first_integer(session_.query(
      "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM organization_members WHERE org_id = $1 AND "
      "role = 'admin') OR EXISTS (SELECT 1 FROM organization_members WHERE org_id = $1 AND "
      "role = 'admin' AND user_id <> $2) THEN 1 ELSE 0 END",
      org_id, user_id));
  if (!keeps.ok()) return keeps.error();
  return keeps->value_or(0) != 0;
}

Status SqlOrganizations::set_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  if (auto s = lock_members(org_id); !s.ok()) return s;
  if (role == OrgRole::kMember) {
    auto keeps = keeps_an_admin(org_id, user_id);
    if (!keeps.ok()) return keeps.error();
    if (!*keeps) return last_admin_error();
  }
  if (auto s = sql_done(
          session_.query("INSERT INTO organization_members(org_id, user_id, role, created) "
                         "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, user_id) DO UPDATE SET role "
                         "= excluded.role",
                         org_id, user_id, org_role_name(role), now));
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<bool> SqlOrganizations::remove_member(int64_t org_id, int64_t user_id) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  if (auto s = lock_members(org_id); !s.ok()) return s.error();
  auto keeps = keeps_an_admin(org_id, user_id);
  if (!keeps.ok()) return keeps.error();
  if (!*keeps) return last_admin_error();
  auto removed = sql_touched(session_.query(
      "DELETE FROM organization_members WHERE org_id = $1 AND user_id = $2", org_id, user_id));
  if (!removed.ok()) return removed.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return *removed;
}

Result<std::vector<Membership>> SqlOrganizations::memberships(int64_t user_id) {
  return memberships_from(session_.query(
      "SELECT o.org_id, o.name, o.fullname, m.role FROM organization_members m "
      "JOIN organizations o ON o.org_id = m.org_id WHERE m.user_id = $1 ORDER BY lower(o.name)",
      user_id));
}

Status SqlOrganizations::invite_member(int64_t org_id, int64_t user_id, OrgRole role,
                                       int64_t invited_by, int64_t now) {
  return sql_done(session_.query(
      "INSERT INTO organization_invitations(org_id, user_id, role, invited_by, created) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, user_id) DO UPDATE SET "
      "role = excluded.role, invited_by = excluded.invited_by",
      org_id, user_id, org_role_name(role), invited_by, now));
}

Result<std::vector<Membership>> SqlOrganizations::invitations(int64_t user_id) {
  return memberships_from(session_.query(
      "SELECT o.org_id, o.name, o.fullname, i.role FROM organization_invitations i "
      "JOIN organizations o ON o.org_id = i.org_id WHERE i.user_id = $1 ORDER BY lower(o.name)",
      user_id));
}

Result<bool> SqlOrganizations::answer_invitation(int64_t org_id, int64_t user_id, bool accept,
                                                 int64_t now) {
  auto tx = SqlTransaction::begin(session_);
  if (!tx.ok()) return tx.error();
  auto taken = session_.query(
      "DELETE FROM organization_invitations WHERE org_id = $1 AND user_id = $2 RETURNING role",
      org_id, user_id);
  if (!taken.ok()) return taken.error();
  if (taken->empty()) return false;
  if (accept) {
    if (auto s = sql_done(
            session_.query("INSERT INTO organization_members(org_id, user_id, role, created) "
                           "VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
                           org_id, user_id, taken->text(0, 0), now));
        !s.ok()) {
      return s.error();
    }
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Status SqlOrganizations::set_verified(int64_t org_id, bool verified) {
  return sql_done(
      session_.query("UPDATE organizations SET verified = $1 WHERE org_id = $2", verified, org_id));
}

}  // namespace paperboy
