// The rules of organisations, shared by their pages and the JSON API: who creates one, who
// manages its members, and who links a paper to it.
#pragma once

#include <string>
#include <string_view>

#include "server/community_actions.h"
#include "store/store.h"

namespace paperboy {

// Ok, or what is wrong with a new organisation's name in the reader's words (the rules of
// handles: 2–32 letters, digits, '-' and '_'; "new" is the creation page's).
Status check_org_name(std::string_view name);

// Creates it with `user` as its admin: 400 for a bad name or display name, 409 when taken.
ActionOutcome create_org(Store& store, const User& user, const std::string& name,
                         const std::string& fullname, const std::string& about, int64_t now);

// The organisation's admins and moderators manage it (a hub organisation has no admins until a
// moderator adds one).
bool may_manage_org(Store& store, const User& user, const Organization& org);

// Adds the account with this handle, or changes its role: 403/404/409 said in words.
ActionOutcome set_org_member(Store& store, const User& by, const std::string& org_name,
                             const std::string& handle, const std::string& role, int64_t now);
// Removes a member: managers remove anyone, members themselves.
ActionOutcome remove_org_member(Store& store, const User& by, const std::string& org_name,
                                const std::string& handle);
ActionOutcome edit_org_about(Store& store, const User& by, const std::string& org_name,
                             const std::string& fullname, const std::string& about);

// Links the paper to an organisation the reader is a member of (`org_name` empty: unlinks it).
// A member links a paper that has no organisation; replacing or removing one takes the
// paper's submitter here, an author with an approved claim, a member of the organisation it is
// linked to (to unlink), or a moderator.
ActionOutcome link_paper_to_org(Store& store, const User& user, const std::string& id_text,
                                const std::string& org_name);

// The organisations `user` may link this paper to now (for the paper page's form), by name.
std::vector<Membership> orgs_to_link(Store& store, const User& user, const StoredPaper& paper);
// Whether the reader may remove the paper's organisation.
bool may_unlink_org(Store& store, const User& user, const StoredPaper& paper);

}  // namespace paperboy
