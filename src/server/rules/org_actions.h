// The rules of organisations, shared by their pages and the JSON API: who creates one, who
// manages its members, and who links a paper to it.
#pragma once

#include <string>
#include <string_view>

#include "server/rules/community_actions.h"
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

// Changes a member's role, or invites an account that is not a member yet (it joins when it
// accepts): 403/404/409 said in words. `invited` says which happened.
ActionOutcome set_org_member(Store& store, const User& by, const std::string& org_name,
                             const std::string& handle, const std::string& role, int64_t now,
                             bool* invited = nullptr);
// The invited reader's answer: 404 when there is no invitation to answer.
ActionOutcome answer_org_invitation(Store& store, const User& user, const std::string& org_name,
                                    bool accept, int64_t now);
// A moderator hands a reader's organisation its name for good: the hub's data no longer takes
// it back (or, `verified` false, it may again). 403 for anyone else.
ActionOutcome verify_org(Store& store, const User& by, const std::string& org_name, bool verified);
// Removes a member: managers remove anyone, members themselves.
ActionOutcome remove_org_member(Store& store, const User& by, const std::string& org_name,
                                const std::string& handle);
ActionOutcome edit_org_about(Store& store, const User& by, const std::string& org_name,
                             const std::string& fullname, const std::string& about);

// Links the paper to an organisation the reader is a member of (`org_name` empty: unlinks it).
// Linking takes one of the paper's authors with an approved claim, or a moderator (a member
// alone would otherwise claim any paper for a made-up organisation); replacing a link takes
// the same, and removing one also a member of the organisation it is linked to.
ActionOutcome link_paper_to_org(Store& store, const User& user, const std::string& id_text,
                                const std::string& org_name);

// The organisations `user` may link this paper to now (for the paper page's form), by name.
std::vector<Membership> orgs_to_link(Store& store, const User& user, const StoredPaper& paper);
// Whether the reader may remove the paper's organisation.
bool may_unlink_org(Store& store, const User& user, const StoredPaper& paper);

}  // namespace paperboy
