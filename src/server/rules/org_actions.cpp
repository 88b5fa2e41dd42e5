#include "server/rules/org_actions.h"

#include <algorithm>
#include <variant>

#include "core/handle.h"
#include "server/rules/link_actions.h"

namespace paperboy {
namespace {

constexpr size_t kMaxFullname = 100;
constexpr size_t kMaxAbout = 2000;

// The organisation of this name, or the outcome that says it is not there.
std::variant<Organization, ActionOutcome> find_org(Store& store, const std::string& name) {
  auto org = store.organizations().organization(name);
  if (!org.ok()) return action_failure(org.error());
  if (!org->has_value())
    return action_failure(ErrorCode::kNotFound, "organisation not found",
                          "there is no organisation " + name);
  return std::move(**org);
}

// A moderator, or one of the paper's authors whose claim a moderator approved.
bool is_approved_author(Store& store, const User& user, const StoredPaper& paper) {
  if (user.may_moderate()) return true;
  auto slots = store.profiles().claimed_slots(std::span(&paper.doc_id, 1));
  if (!slots.ok()) return false;
  return std::any_of(slots->begin(), slots->end(),
                     [&](const ClaimedSlot& slot) { return slot.handle == user.handle; });
}

bool is_member(Store& store, const User& user, std::string_view org_name) {
  auto memberships = store.organizations().memberships(user.id);
  if (!memberships.ok()) return false;
  return std::any_of(memberships->begin(), memberships->end(), [&](const Membership& m) {
    return handle_key(m.name) == handle_key(org_name);
  });
}

}  // namespace

Status check_org_name(std::string_view name) {
  if (handle_key(name) == "new")
    return Error{"“new” is not an organisation name", ErrorCode::kInvalid};
  auto checked = check_handle(name);
  if (checked.ok()) return checked;
  std::string message = checked.error().message;
  if (message.rfind("a handle", 0) == 0) message = "an organisation name" + message.substr(8);
  return Error{message, ErrorCode::kInvalid};
}

ActionOutcome create_org(Store& store, const User& user, const std::string& name,
                         const std::string& fullname, const std::string& about, int64_t now) {
  if (auto s = check_org_name(name); !s.ok())
    return action_failure(ErrorCode::kInvalid, "bad name", s.message());
  const std::string display = fullname.empty() ? name : fullname;
  std::string error = text_problem(display, kMaxFullname, "a display name");
  if (error.empty()) error = text_problem(about, kMaxAbout, "the description");
  if (!error.empty()) return action_failure(ErrorCode::kInvalid, "bad field", error);
  auto created = store.organizations().create_organization(name, display, about, user.id, now);
  if (!created.ok()) return action_failure(created.error());
  return {};
}

bool may_manage_org(Store& store, const User& user, const Organization& org) {
  if (user.may_moderate()) return true;
  auto role = store.organizations().role_of(org.id, user.id);
  return role.ok() && *role == OrgRole::kAdmin;
}

ActionOutcome set_org_member(Store& store, const User& by, const std::string& org_name,
                             const std::string& handle, const std::string& role_name, int64_t now,
                             bool* invited) {
  auto found = find_org(store, org_name);
  if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
  const Organization& org = std::get<Organization>(found);
  if (!may_manage_org(store, by, org)) {
    return action_failure(ErrorCode::kForbidden, "not allowed",
                          "only the organisation's admins and moderators add members");
  }
  auto role = parse_org_role(role_name);
  if (!role)
    return action_failure(ErrorCode::kInvalid, "bad role",
                          "a member's role is admin or member, not “" + role_name + "”");
  std::string bare = handle.starts_with("@") ? handle.substr(1) : handle;
  auto member = store.profiles().user_by_handle(bare);
  if (!member.ok()) return action_failure(member.error());
  if (!member->has_value())
    return action_failure(ErrorCode::kNotFound, "no such reader",
                          "no account has the handle " + bare);
  const int64_t user_id = (*member)->user.id;
  auto current = store.organizations().role_of(org.id, user_id);
  if (!current.ok()) return action_failure(current.error());
  // A role changes at once; a new member only joins by accepting, so nobody is listed as a
  // lab's member (with its power to link papers) against their will.
  auto s = current->has_value()
               ? store.organizations().set_member(org.id, user_id, *role, now)
               : store.organizations().invite_member(org.id, user_id, *role, by.id, now);
  if (!s.ok()) return action_failure(s.error());
  if (invited) *invited = !current->has_value();
  return {};
}

ActionOutcome answer_org_invitation(Store& store, const User& user, const std::string& org_name,
                                    bool accept, int64_t now) {
  auto found = find_org(store, org_name);
  if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
  const Organization& org = std::get<Organization>(found);
  auto answered = store.organizations().answer_invitation(org.id, user.id, accept, now);
  if (!answered.ok()) return action_failure(answered.error());
  if (!*answered)
    return action_failure(ErrorCode::kNotFound, "no invitation",
                          "you have no invitation to join " + org.name);
  return {};
}

ActionOutcome verify_org(Store& store, const User& by, const std::string& org_name, bool verified) {
  if (!by.may_moderate()) {
    return action_failure(ErrorCode::kForbidden, "not allowed",
                          "only moderators hand an organisation its name");
  }
  auto found = find_org(store, org_name);
  if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
  if (auto s = store.organizations().set_verified(std::get<Organization>(found).id, verified);
      !s.ok()) {
    return action_failure(s.error());
  }
  return {};
}

ActionOutcome remove_org_member(Store& store, const User& by, const std::string& org_name,
                                const std::string& handle) {
  auto found = find_org(store, org_name);
  if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
  const Organization& org = std::get<Organization>(found);
  std::string bare = handle.starts_with("@") ? handle.substr(1) : handle;
  auto member = store.profiles().user_by_handle(bare);
  if (!member.ok()) return action_failure(member.error());
  if (!member->has_value())
    return action_failure(ErrorCode::kNotFound, "no such reader",
                          "no account has the handle " + bare);
  if ((*member)->user.id != by.id && !may_manage_org(store, by, org)) {
    return action_failure(
        ErrorCode::kForbidden, "not allowed",
        "only the organisation's admins, moderators and members themselves remove members");
  }
  auto removed = store.organizations().remove_member(org.id, (*member)->user.id);
  if (!removed.ok()) return action_failure(removed.error());
  if (!*removed)
    return action_failure(ErrorCode::kNotFound, "not a member",
                          bare + " is not a member of " + org.name);
  return {};
}

ActionOutcome edit_org_about(Store& store, const User& by, const std::string& org_name,
                             const std::string& fullname, const std::string& about) {
  auto found = find_org(store, org_name);
  if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
  const Organization& org = std::get<Organization>(found);
  if (!may_manage_org(store, by, org)) {
    return action_failure(ErrorCode::kForbidden, "not allowed",
                          "only the organisation's admins and moderators edit its page");
  }
  const std::string display = fullname.empty() ? org.name : fullname;
  std::string error = text_problem(display, kMaxFullname, "a display name");
  if (error.empty()) error = text_problem(about, kMaxAbout, "the description");
  if (!error.empty()) return action_failure(ErrorCode::kInvalid, "bad field", error);
  if (auto s = store.organizations().set_about(org.id, display, about); !s.ok())
    return action_failure(s.error());
  return {};
}

std::vector<Membership> orgs_to_link(Store& store, const User& user, const StoredPaper& paper) {
  if (!is_approved_author(store, user, paper)) return {};
  auto memberships = store.organizations().memberships(user.id);
  if (!memberships.ok()) return {};
  std::erase_if(*memberships, [&](const Membership& m) {
    return handle_key(m.name) == handle_key(paper.paper.organization);
  });
  return std::move(*memberships);
}

bool may_unlink_org(Store& store, const User& user, const StoredPaper& paper) {
  if (paper.paper.organization.empty()) return false;
  return may_edit_links(store, user, paper) || is_member(store, user, paper.paper.organization);
}

ActionOutcome link_paper_to_org(Store& store, const User& user, const std::string& id_text,
                                const std::string& org_name) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) return bad_paper_id(id_text, key.error());
  auto stored = store.get(key->id);
  if (!stored.ok()) return action_failure(stored.error());
  if (!stored->has_value()) return action_failure(ErrorCode::kNotFound, "paper not found", key->id);
  Paper paper = (*stored)->paper;
  if (org_name.empty()) {
    if (paper.organization.empty())
      return action_failure(ErrorCode::kConflict, "not linked",
                            "the paper is linked to no organisation");
    if (!may_unlink_org(store, user, **stored)) {
      return action_failure(
          ErrorCode::kForbidden, "not allowed",
          "only members of " + paper.organization +
              ", the paper's authors, the reader who listed it and moderators unlink it");
    }
    paper.organization.clear();
    paper.organization_fullname.clear();
  } else {
    auto found = find_org(store, org_name);
    if (auto* failed = std::get_if<ActionOutcome>(&found)) return *failed;
    const Organization& org = std::get<Organization>(found);
    if (!user.may_moderate() && !is_member(store, user, org.name)) {
      return action_failure(ErrorCode::kForbidden, "not allowed",
                            "only members of " + org.name + " link papers to it");
    }
    if (!is_approved_author(store, user, **stored)) {
      return action_failure(
          ErrorCode::kForbidden, "not allowed",
          "only the paper's authors (with an approved claim) and moderators link it to an "
          "organisation");
    }
    paper.organization = org.name;
    paper.organization_fullname = org.fullname;
  }
  paper.organization_set_by = "@" + user.handle;
  auto written = store.upsert(std::span(&paper, 1));
  if (!written.ok()) return action_failure(written.error());
  auto after = store.get(paper.id);
  if (!after.ok() || !after->has_value())
    return action_failure(ErrorCode::kInternal, "store error",
                          "the paper vanished while it was linked");
  ActionOutcome done;
  done.paper = std::move(**after);
  return done;
}

}  // namespace paperboy
