// Organisations, their members and invitations, written once for both backends over their
// SqlSession.
#pragma once

#include "store/organizations.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlOrganizations final : public Organizations {
 public:
  explicit SqlOrganizations(SqlSession& session) : session_(session) {}

  Result<Organization> create_organization(std::string_view name, std::string_view fullname,
                                           std::string_view about, int64_t user_id,
                                           int64_t now) override;
  Result<std::optional<Organization>> organization(std::string_view name) override;
  Result<std::vector<Organization>> list_organizations(size_t offset, size_t limit) override;
  Status set_about(int64_t org_id, std::string_view fullname, std::string_view about) override;
  Result<std::vector<OrgMember>> members(int64_t org_id) override;
  Result<std::optional<OrgRole>> role_of(int64_t org_id, int64_t user_id) override;
  Status set_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t now) override;
  Result<bool> remove_member(int64_t org_id, int64_t user_id) override;
  Result<std::vector<Membership>> memberships(int64_t user_id) override;
  Status invite_member(int64_t org_id, int64_t user_id, OrgRole role, int64_t invited_by,
                       int64_t now) override;
  Result<std::vector<Membership>> invitations(int64_t user_id) override;
  Result<bool> answer_invitation(int64_t org_id, int64_t user_id, bool accept,
                                 int64_t now) override;
  Status set_verified(int64_t org_id, bool verified) override;

 private:
  // Whether the organisation would keep an admin without `user_id` as one.
  Result<bool> keeps_an_admin(int64_t org_id, int64_t user_id);
  // Two admins stepping down at once must not both see the other as the one who stays.
  Status lock_members(int64_t org_id);
  std::string select_organization() const;

  SqlSession& session_;
};

}  // namespace paperboy
