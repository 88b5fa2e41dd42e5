#include "store/sqlite_organizations.h"

#include <sqlite3.h>

#include "store/organization_rows.h"

namespace paperboy {
namespace {

const std::string& select_organization() {
  static const std::string sql = organization_columns("p.organization = o.name COLLATE NOCASE");
  return sql;
}

// Rows of (org_id, name, fullname, role): memberships, or invitations with the role offered.
Result<std::vector<Membership>> read_memberships(SqliteStatement& select) {
  std::vector<Membership> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({select.integer(0), select.text(1), select.text(2),
                   parse_org_role(select.text(3)).value_or(OrgRole::kMember)});
  }
  select.reset();
  return out;
}

}  // namespace

Result<std::vector<Organization>> SqliteOrganizations::read_organizations(SqliteStatement& select) {
  std::vector<Organization> out;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({select.integer(0), select.text(1), select.text(2), select.text(3),
                   select.integer(4), select.integer(5), select.integer(6), select.integer(7),
                   select.integer(8) != 0});
  }
  select.reset();
  return out;
}

Result<Organization> SqliteOrganizations::create_organization(std::string_view name,
                                                              std::string_view fullname,
                                                              std::string_view about,
                                                              int64_t user_id, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto insert = db_.cached(
      "INSERT INTO organizations(name, fullname, about, created_by, created) VALUES (?, ?, ?, ?, "
      "?) "
      "ON CONFLICT DO NOTHING");
  if (!insert.ok()) return insert.error();
  if (auto s = (*insert)
                   ->bind(1, name)
                   .bind(2, fullname)
                   .bind(3, about)
                   .bind(4, user_id)
                   .bind(5, now)
                   .run();
      !s.ok()) {
    return s.error();
  }
  if (sqlite3_changes(db_.handle()) == 0) return org_name_taken(name);
  const int64_t org_id = sqlite3_last_insert_rowid(db_.handle());
  auto admin = db_.cached(
      "INSERT INTO organization_members(org_id, user_id, role, created) VALUES (?, ?, 'admin', ?)");
  if (!admin.ok()) return admin.error();
  if (auto s = (*admin)->bind(1, org_id).bind(2, user_id).bind(3, now).run(); !s.ok())
    return s.error();
  if (auto s = tx->commit(); !s.ok()) return s.error();
  auto created = organization(name);
  if (!created.ok()) return created.error();
  return std::move(**created);
}

Result<std::optional<Organization>> SqliteOrganizations::organization(std::string_view name) {
  auto select = db_.cached(select_organization() + "WHERE o.name = ? COLLATE NOCASE");
  if (!select.ok()) return select.error();
  (*select)->bind(1, name);
  auto found = read_organizations(**select);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Organization>();
  return std::optional<Organization>(std::move(found->front()));
}

Result<std::vector<Organization>> SqliteOrganizations::list_organizations(size_t offset,
                                                                          size_t limit) {
  auto select = db_.cached("SELECT * FROM (" + select_organization() +
                           ") WHERE papers > 0 OR members > 0 ORDER BY papers DESC, name COLLATE "
                           "NOCASE LIMIT ? OFFSET ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, static_cast<int64_t>(limit)).bind(2, static_cast<int64_t>(offset));
  return read_organizations(**select);
}

Status SqliteOrganizations::set_about(int64_t org_id, std::string_view fullname,
                                      std::string_view about) {
  auto update = db_.cached("UPDATE organizations SET fullname = ?, about = ? WHERE org_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, fullname).bind(2, about).bind(3, org_id).run();
}

Result<std::vector<OrgMember>> SqliteOrganizations::members(int64_t org_id) {
  auto select = db_.cached(std::string(kMemberColumns) + "WHERE m.org_id = ?" + kMemberOrder);
  if (!select.ok()) return select.error();
  (*select)->bind(1, org_id);
  std::vector<OrgMember> out;
  for (;;) {
    auto row = (*select)->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({(*select)->integer(0),
                   parse_org_role((*select)->text(1)).value_or(OrgRole::kMember),
                   (*select)->integer(2), (*select)->text(3), (*select)->text(4)});
  }
  (*select)->reset();
  return out;
}

Result<std::optional<OrgRole>> SqliteOrganizations::role_of(int64_t org_id, int64_t user_id) {
  auto select =
      db_.cached("SELECT role FROM organization_members WHERE org_id = ? AND user_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, org_id).bind(2, user_id);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  std::optional<OrgRole> role;
  if (*row) role = parse_org_role((*select)->text(0));
  (*select)->reset();
  return role;
}

Result<bool> SqliteOrganizations::keeps_an_admin(int64_t org_id, int64_t user_id) {
  auto select = db_.cached(
      "SELECT NOT EXISTS (SELECT 1 FROM organization_members WHERE org_id = ?1 AND role = 'admin') "
      "OR EXISTS (SELECT 1 FROM organization_members WHERE org_id = ?1 AND role = 'admin' AND "
      "user_id <> ?2)");
  if (!select.ok()) return select.error();
  (*select)->bind(1, org_id).bind(2, user_id);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  const bool keeps = (*select)->integer(0) != 0;
  (*select)->reset();
  return keeps;
}

Status SqliteOrganizations::set_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  if (role == OrgRole::kMember) {
    auto keeps = keeps_an_admin(org_id, user_id);
    if (!keeps.ok()) return keeps.error();
    if (!*keeps) return last_admin_error();
  }
  auto upsert = db_.cached(
      "INSERT INTO organization_members(org_id, user_id, role, created) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role");
  if (!upsert.ok()) return upsert.error();
  if (auto s = (*upsert)
                   ->bind(1, org_id)
                   .bind(2, user_id)
                   .bind(3, org_role_name(role))
                   .bind(4, now)
                   .run();
      !s.ok()) {
    return s;
  }
  return tx->commit();
}

Result<bool> SqliteOrganizations::remove_member(int64_t org_id, int64_t user_id) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto keeps = keeps_an_admin(org_id, user_id);
  if (!keeps.ok()) return keeps.error();
  if (!*keeps) return last_admin_error();
  auto remove = db_.cached("DELETE FROM organization_members WHERE org_id = ? AND user_id = ?");
  if (!remove.ok()) return remove.error();
  if (auto s = (*remove)->bind(1, org_id).bind(2, user_id).run(); !s.ok()) return s.error();
  const bool removed = sqlite3_changes(db_.handle()) > 0;
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return removed;
}

Result<std::vector<Membership>> SqliteOrganizations::memberships(int64_t user_id) {
  auto select = db_.cached(
      "SELECT o.org_id, o.name, o.fullname, m.role FROM organization_members m JOIN organizations "
      "o "
      "ON o.org_id = m.org_id "
      "WHERE m.user_id = ? ORDER BY o.name COLLATE NOCASE");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  return read_memberships(**select);
}

Status SqliteOrganizations::invite_member(int64_t org_id, int64_t user_id, OrgRole role,
                                          int64_t invited_by, int64_t now) {
  auto upsert = db_.cached(
      "INSERT INTO organization_invitations(org_id, user_id, role, invited_by, created) VALUES (?, "
      "?, ?, ?, ?) "
      "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, invited_by = "
      "excluded.invited_by");
  if (!upsert.ok()) return upsert.error();
  return (*upsert)
      ->bind(1, org_id)
      .bind(2, user_id)
      .bind(3, org_role_name(role))
      .bind(4, invited_by)
      .bind(5, now)
      .run();
}

Result<std::vector<Membership>> SqliteOrganizations::invitations(int64_t user_id) {
  auto select = db_.cached(std::string(kInvitationColumns) + "? ORDER BY o.name COLLATE NOCASE");
  if (!select.ok()) return select.error();
  (*select)->bind(1, user_id);
  return read_memberships(**select);
}

Result<bool> SqliteOrganizations::answer_invitation(int64_t org_id, int64_t user_id, bool accept,
                                                    int64_t now) {
  auto tx = SqliteTransaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto select =
      db_.cached("SELECT role FROM organization_invitations WHERE org_id = ? AND user_id = ?");
  if (!select.ok()) return select.error();
  (*select)->bind(1, org_id).bind(2, user_id);
  auto row = (*select)->step();
  if (!row.ok()) return row.error();
  if (!*row) {
    (*select)->reset();
    return false;
  }
  const std::string role = (*select)->text(0);
  (*select)->reset();
  auto remove = db_.cached("DELETE FROM organization_invitations WHERE org_id = ? AND user_id = ?");
  if (!remove.ok()) return remove.error();
  if (auto s = (*remove)->bind(1, org_id).bind(2, user_id).run(); !s.ok()) return s.error();
  if (accept) {
    auto join = db_.cached(
        "INSERT INTO organization_members(org_id, user_id, role, created) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role");
    if (!join.ok()) return join.error();
    if (auto s = (*join)->bind(1, org_id).bind(2, user_id).bind(3, role).bind(4, now).run();
        !s.ok()) {
      return s.error();
    }
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Status SqliteOrganizations::set_verified(int64_t org_id, bool verified) {
  auto update = db_.cached("UPDATE organizations SET verified = ? WHERE org_id = ?");
  if (!update.ok()) return update.error();
  return (*update)->bind(1, int64_t{verified ? 1 : 0}).bind(2, org_id).run();
}

}  // namespace paperboy
