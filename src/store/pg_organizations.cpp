#include "store/pg_organizations.h"

#include "store/organization_rows.h"

namespace paperboy {
namespace {

const std::string& select_organization() {
  static const std::string sql = organization_columns("lower(p.organization) = lower(o.name)");
  return sql;
}

Result<std::vector<Organization>> organizations_from(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Organization> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2), rows->text(r, 3),
                   rows->integer(r, 4), rows->integer(r, 5), rows->integer(r, 6),
                   rows->integer(r, 7), rows->integer(r, 8) != 0});
  }
  return out;
}

// Rows of (org_id, name, fullname, role): memberships, or invitations with the role offered.
Result<std::vector<Membership>> memberships_from(const Result<PgResult>& rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Membership> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), rows->text(r, 1), rows->text(r, 2),
                   parse_org_role(rows->text(r, 3)).value_or(OrgRole::kMember)});
  }
  return out;
}

}  // namespace

Result<Organization> PgOrganizations::create_organization(std::string_view name,
                                                          std::string_view fullname,
                                                          std::string_view about, int64_t user_id,
                                                          int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto inserted = conn_.query(
      "INSERT INTO organizations(name, fullname, about, created_by, created) VALUES ($1, $2, $3, "
      "$4, $5) "
      "ON CONFLICT DO NOTHING RETURNING org_id",
      name, fullname, about, user_id, now);
  if (!inserted.ok()) return inserted.error();
  if (inserted->rows() == 0) return org_name_taken(name);
  auto admin = conn_.query(
      "INSERT INTO organization_members(org_id, user_id, role, created) VALUES ($1, $2, 'admin', "
      "$3)",
      inserted->integer(0, 0), user_id, now);
  if (!admin.ok()) return admin.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  auto created = organization(name);
  if (!created.ok()) return created.error();
  return std::move(**created);
}

Result<std::optional<Organization>> PgOrganizations::organization(std::string_view name) {
  auto found = organizations_from(
      conn_.query(select_organization() + "WHERE lower(o.name) = lower($1)", name));
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Organization>();
  return std::optional<Organization>(std::move(found->front()));
}

Result<std::vector<Organization>> PgOrganizations::list_organizations(size_t offset, size_t limit) {
  return organizations_from(conn_.query("SELECT * FROM (" + select_organization() +
                                            ") AS o WHERE papers > 0 OR members > 0 ORDER BY "
                                            "papers DESC, lower(name) LIMIT $1 OFFSET $2",
                                        limit, offset));
}

Status PgOrganizations::set_about(int64_t org_id, std::string_view fullname,
                                  std::string_view about) {
  auto updated = conn_.query("UPDATE organizations SET fullname = $1, about = $2 WHERE org_id = $3",
                             fullname, about, org_id);
  if (!updated.ok()) return updated.error();
  return Status::Ok();
}

Result<std::vector<OrgMember>> PgOrganizations::members(int64_t org_id) {
  auto rows =
      conn_.query(std::string(kMemberColumns) + "WHERE m.org_id = $1" + kMemberOrder, org_id);
  if (!rows.ok()) return rows.error();
  std::vector<OrgMember> out;
  for (int r = 0; r < rows->rows(); ++r) {
    out.push_back({rows->integer(r, 0), parse_org_role(rows->text(r, 1)).value_or(OrgRole::kMember),
                   rows->integer(r, 2), rows->text(r, 3), rows->text(r, 4)});
  }
  return out;
}

Result<std::optional<OrgRole>> PgOrganizations::role_of(int64_t org_id, int64_t user_id) {
  auto rows = conn_.query(
      "SELECT role FROM organization_members WHERE org_id = $1 AND user_id = $2", org_id, user_id);
  if (!rows.ok()) return rows.error();
  if (rows->rows() == 0) return std::optional<OrgRole>();
  return parse_org_role(rows->text(0, 0));
}

// Two admins stepping down at once must not both see the other as the one who stays.
Status PgOrganizations::lock_members(int64_t org_id) {
  auto locked = conn_.query("SELECT 1 FROM organizations WHERE org_id = $1 FOR UPDATE", org_id);
  if (!locked.ok()) return locked.error();
  return Status::Ok();
}

Result<bool> PgOrganizations::keeps_an_admin(int64_t org_id, int64_t user_id) {
  auto rows = conn_.query(
      "SELECT NOT EXISTS (SELECT 1 FROM organization_members WHERE org_id = $1 AND role = 'admin') "
      "OR EXISTS (SELECT 1 FROM organization_members WHERE org_id = $1 AND role = 'admin' AND "
      "user_id <> $2)",
      org_id, user_id);
  if (!rows.ok()) return rows.error();
  return rows->text(0, 0) == "t";
}

Status PgOrganizations::set_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  if (auto s = lock_members(org_id); !s.ok()) return s;
  if (role == OrgRole::kMember) {
    auto keeps = keeps_an_admin(org_id, user_id);
    if (!keeps.ok()) return keeps.error();
    if (!*keeps) return last_admin_error();
  }
  auto upserted = conn_.query(
      "INSERT INTO organization_members(org_id, user_id, role, created) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
      org_id, user_id, org_role_name(role), now);
  if (!upserted.ok()) return upserted.error();
  return tx->commit();
}

Result<bool> PgOrganizations::remove_member(int64_t org_id, int64_t user_id) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  if (auto s = lock_members(org_id); !s.ok()) return s.error();
  auto keeps = keeps_an_admin(org_id, user_id);
  if (!keeps.ok()) return keeps.error();
  if (!*keeps) return last_admin_error();
  auto removed =
      conn_.query("DELETE FROM organization_members WHERE org_id = $1 AND user_id = $2 RETURNING 1",
                  org_id, user_id);
  if (!removed.ok()) return removed.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return removed->rows() > 0;
}

Result<std::vector<Membership>> PgOrganizations::memberships(int64_t user_id) {
  auto rows = conn_.query(
      "SELECT o.org_id, o.name, o.fullname, m.role FROM organization_members m JOIN organizations "
      "o "
      "ON o.org_id = m.org_id "
      "WHERE m.user_id = $1 ORDER BY lower(o.name)",
      user_id);
  return memberships_from(rows);
}

Status PgOrganizations::invite_member(int64_t org_id, int64_t user_id, OrgRole role,
                                      int64_t invited_by, int64_t now) {
  return pg_done(
      conn_.query("INSERT INTO organization_invitations(org_id, user_id, role, invited_by, "
                  "created) VALUES ($1, $2, $3, $4, $5) "
                  "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, invited_by = "
                  "excluded.invited_by",
                  org_id, user_id, org_role_name(role), invited_by, now));
}

Result<std::vector<Membership>> PgOrganizations::invitations(int64_t user_id) {
  auto rows = conn_.query(std::string(kInvitationColumns) + "$1 ORDER BY lower(o.name)", user_id);
  return memberships_from(rows);
}

Result<bool> PgOrganizations::answer_invitation(int64_t org_id, int64_t user_id, bool accept,
                                                int64_t now) {
  auto tx = PgTransaction::begin(conn_);
  if (!tx.ok()) return tx.error();
  auto taken = conn_.query(
      "DELETE FROM organization_invitations WHERE org_id = $1 AND user_id = $2 RETURNING role",
      org_id, user_id);
  if (!taken.ok()) return taken.error();
  if (taken->rows() == 0) return false;
  if (accept) {
    auto joined = conn_.query(
        "INSERT INTO organization_members(org_id, user_id, role, created) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
        org_id, user_id, taken->text(0, 0), now);
    if (!joined.ok()) return joined.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Status PgOrganizations::set_verified(int64_t org_id, bool verified) {
  return pg_done(conn_.query("UPDATE organizations SET verified = $1 WHERE org_id = $2",
                             int64_t{verified ? 1 : 0}, org_id));
}

}  // namespace paperboy
