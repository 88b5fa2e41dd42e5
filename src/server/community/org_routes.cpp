#include "server/community/org_routes.h"

#include <fmt/format.h>

#include "core/bidi_controls.h"
#include "core/handle.h"
#include "server/formats/hf_json.h"
#include "server/http/error_answer.h"
#include "server/pages/card_view.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"
#include "server/rules/org_actions.h"

namespace paperboy {
namespace {

using nlohmann::json;
using Req = const ServerRequest&;
using Res = ServerResponse&;

constexpr size_t kOrgPageSize = 30;
constexpr size_t kOrgsPerPage = 100;

std::string org_path(std::string_view name) { return "/orgs/" + url_path(name); }

// A refused form of the organisation pages, shown again on its page with what the reader typed
// (read from the refused request itself) and why, rather than on a page of its own.
struct RefusedOrgForm {
  enum class Form { kCreate, kMembers, kAbout, kOther } form;
  ErrorCode code;
  std::string problem;  // as shown: "Not done. A handle …."
};

// /orgs; with `refused`, the creation form open with the reader's fields and the problem.
void render_orgs(HubContext& hub, PageRequest& page, Req req, Res res,
                 const RefusedOrgForm* refused) {
  const size_t page_no = page_number(req);
  auto orgs =
      page.store().organizations().list_organizations(page_no * kOrgsPerPage, kOrgsPerPage + 1);
  if (!orgs.ok()) return send_store_error_page(hub, req, res, page.visitor, orgs.error());
  ctemplate::TemplateDictionary dict("orgs");
  dict.SetValue("CSRF", page.visitor.csrf);
  if (page.visitor.user) dict.ShowSection("CREATE");
  if (refused) {
    dict.ShowSection("CREATE_OPEN");
    dict.SetValueAndShowSection("CREATE_PROBLEM_TEXT", refused->problem, "CREATE_PROBLEM");
    dict.SetValue("NAME_VALUE", req.get_param_value("name"));
    dict.SetValue("FULLNAME_VALUE", req.get_param_value("fullname"));
    dict.SetValue("ABOUT_VALUE", req.get_param_value("about"));
    res.status = http_status(refused->code);
  }
  if (orgs->empty()) dict.ShowSection("NONE");
  for (size_t i = 0; i < std::min(orgs->size(), kOrgsPerPage); ++i) {
    const Organization& org = (*orgs)[i];
    auto* item = dict.AddSectionDictionary("ORG");
    item->SetValue("ORG_PATH", org_path(org.name));
    item->SetValue("ORG_NAME", org.name);
    item->SetValue("ORG_FULLNAME", org.fullname);
    item->SetValue("ORG_COUNTS",
                   fmt::format("{} paper{} · {} member{}", org.papers, org.papers == 1 ? "" : "s",
                               org.members, org.members == 1 ? "" : "s"));
  }
  if (orgs->size() > kOrgsPerPage)
    dict.SetValueAndShowSection("NEXT_URL", fmt::format("/orgs?page={}", page_no + 2), "NEXT");
  send_page(hub, req, res, page.visitor, {"Organisations"}, "orgs.tpl", dict);
}

void orgs_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  render_orgs(hub, page, req, res, nullptr);
}

void create_org_post(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string name = req.get_param_value("name");
  ActionOutcome outcome =
      create_org(page.store(), *page.visitor.user, name, req.get_param_value("fullname"),
                 req.get_param_value("about"), hub.now());
  if (!outcome.ok()) {
    const RefusedOrgForm refused{RefusedOrgForm::Form::kCreate, *outcome.refused,
                                 "Not created. " + as_sentence(outcome.detail)};
    return render_orgs(hub, page, req, res, &refused);
  }
  redirect_local(res, org_path(name));
}

void add_members(ctemplate::TemplateDictionary& dict, const std::vector<OrgMember>& members,
                 bool manage, int64_t visitor_id) {
  if (members.empty()) dict.ShowSection("NO_MEMBERS");
  for (const auto& m : members) {
    auto* item = dict.AddSectionDictionary("MEMBER");
    item->SetValue("MEMBER_HANDLE", m.handle);
    item->SetValue("MEMBER_NAME", without_bidi_controls(m.user_name));
    if (m.role == OrgRole::kAdmin) item->ShowSection("MEMBER_ADMIN");
    if (manage || m.user_id == visitor_id) {
      item->SetValueAndShowSection("REMOVE_LABEL", m.user_id == visitor_id ? "Leave" : "Remove",
                                   "REMOVE");
    }
  }
}

// /orgs/{name}; with `refused`, the refused form again, with what was typed and the problem.
void render_org(HubContext& hub, PageRequest& page, Req req, Res res,
                const RefusedOrgForm* refused) {
  const std::string name = req.path_params[0];
  auto found = page.store().organizations().organization(name);
  if (!found.ok()) return send_store_error_page(hub, req, res, page.visitor, found.error());
  if (!found->has_value()) {
    return send_message_page(hub, req, res, page.visitor, 404, "No such organisation",
                             "There is no organisation " + name + ".", "/orgs",
                             "Every organisation");
  }
  const Organization& org = **found;
  if (org.name != name && !refused) {  // one address per organisation, whatever case a link used
    res.status = 301;
    res.add_header(
        "Location",
        org_path(org.name) +
            (req.has_param("sort") ? "?sort=" + url_query(req.get_param_value("sort")) : ""));
    return;
  }
  const bool by_votes = req.get_param_value("sort") == "votes";
  const size_t page_no = page_number(req);
  HubListing listing;
  listing.days = {Date{1, 1, 1}, Date{9999, 12, 31}};
  listing.order = by_votes ? HubListing::Order::kMostUpvoted : HubListing::Order::kNewestFirst;
  listing.organization = org.name;
  listing.offset = page_no * kOrgPageSize;
  listing.limit = kOrgPageSize + 1;
  auto papers = page.store().list_hub_days(listing);
  auto members = page.store().organizations().members(org.id);
  if (!papers.ok() || !members.ok()) {
    return send_store_error_page(hub, req, res, page.visitor,
                                 papers.ok() ? members.error() : papers.error());
  }
  const bool more = papers->size() > kOrgPageSize;
  if (more) papers->pop_back();

  ctemplate::TemplateDictionary dict("org");
  dict.SetValue("CSRF", page.visitor.csrf);
  dict.SetValue("ORG_NAME", org.name);
  dict.SetValue("ORG_PATH", org_path(org.name));
  dict.SetValue("ORG_FULLNAME", org.fullname);
  dict.SetValue("ORG_INITIAL", org.fullname.empty() ? std::string("?") : org.fullname.substr(0, 1));
  if (!org.about.empty()) dict.SetValueAndShowSection("ABOUT_TEXT", org.about, "ABOUT");
  dict.SetValue("ORIGIN", org.created_by == 0 ? "From the Hugging Face daily lists"
                          : org.verified      ? "Created here, confirmed by the moderators"
                                              : "Created here");
  dict.SetValue("COUNTS",
                fmt::format("{} paper{} · {} member{}", org.papers, org.papers == 1 ? "" : "s",
                            org.members, org.members == 1 ? "" : "s"));
  dict.ShowSection(by_votes ? "BY_VOTES" : "NEWEST");
  add_follow_button(dict, page.visitor, visitor_follows(page), Follow::Kind::kOrganization,
                    org.name);
  const User* visitor = page.visitor.user ? &*page.visitor.user : nullptr;
  const bool manage = visitor && may_manage_org(page.store(), *visitor, org);
  if (visitor) {
    auto invitations = page.store().organizations().invitations(visitor->id);
    if (!invitations.ok())
      return send_store_error_page(hub, req, res, page.visitor, invitations.error());
    for (const Membership& invitation : *invitations) {
      if (invitation.org_id == org.id) {
        dict.SetValueAndShowSection("INVITED_ROLE", std::string(org_role_name(invitation.role)),
                                    "INVITED");
      }
    }
  }
  // A reader's organisation keeps its name against the hub's data only once a moderator says so.
  if (visitor && visitor->may_moderate() && org.created_by != 0) {
    dict.SetValueAndShowSection("VERIFY_LABEL",
                                org.verified ? "Withdraw the name" : "Confirm the name", "VERIFY");
    dict.SetValue("VERIFY_ON", org.verified ? "0" : "1");
    dict.SetValue("VERIFY_HINT",
                  org.verified ? "The hub's papers of this name join it."
                               : "Unconfirmed: the hub's data takes the name back if it uses it.");
  }
  add_members(dict, *members, manage, visitor ? visitor->id : 0);
  const bool member =
      visitor && std::any_of(members->begin(), members->end(),
                             [&](const OrgMember& m) { return m.user_id == visitor->id; });
  if (!add_collection_list(dict, page, {.org_id = org.id}, member)) {
    return send_store_error_page(hub, req, res, page.visitor,
                                 Error{"the collections could not be read"});
  }
  if (manage) {
    dict.ShowSection("MANAGE");
    dict.SetValue("FULLNAME_VALUE", org.fullname);
    dict.SetValue("ABOUT_VALUE", org.about);
  }
  if (refused) {
    res.status = http_status(refused->code);
    const std::string& problem = refused->problem;  // a sentence already (org_form)
    switch (refused->form) {
      case RefusedOrgForm::Form::kMembers:
        dict.SetValueAndShowSection("MEMBER_PROBLEM_TEXT", problem, "MEMBER_PROBLEM");
        dict.SetValue("HANDLE_VALUE", req.get_param_value("handle"));
        if (req.get_param_value("role") == "admin") dict.ShowSection("ROLE_ADMIN");
        break;
      case RefusedOrgForm::Form::kAbout:
        dict.SetValueAndShowSection("ABOUT_PROBLEM_TEXT", problem, "ABOUT_PROBLEM");
        dict.ShowSection("ABOUT_OPEN");
        dict.SetValue("FULLNAME_VALUE", req.get_param_value("fullname"));
        dict.SetValue("ABOUT_VALUE", req.get_param_value("about"));
        break;
      default:
        dict.SetValueAndShowSection("PROBLEM_TEXT", problem, "PROBLEM");
    }
  }
  if (papers->empty()) {
    dict.SetValueAndShowSection(
        "EMPTY_TEXT",
        page_no > 0 ? "No more papers."
                    : "No papers yet: members link papers to it from a paper's page.",
        "EMPTY");
  }
  auto voted = voted_set(page, *papers);
  auto facts = card_facts(page, *papers);
  for (const auto& stored : *papers) {
    add_card(dict, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0, .facts = &facts});
  }
  if (more) {
    dict.SetValueAndShowSection(
        "NEXT_URL",
        fmt::format("{}?page={}{}", org_path(org.name), page_no + 2, by_votes ? "&sort=votes" : ""),
        "NEXT");
  }
  send_page(hub, req, res, page.visitor, {org.fullname + " (" + org.name + ")"}, "org.tpl", dict);
}

void org_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  render_org(hub, page, req, res, nullptr);
}

// A form on an organisation's page, admitted by `org_form_needs`: `act`, then back to the page.
PageNeeds org_form_needs(HubContext& hub) {
  return reader_form("org", &hub.options.limits.organize, [](Req req) {
    return "/signin?next=" + url_query(org_path(req.path_params[0]));
  });
}
template <typename Act>
void org_form(HubContext& hub, PageRequest& page, Req req, Res res, RefusedOrgForm::Form form,
              Act act) {
  const std::string name = req.path_params[0];
  const std::string back = org_path(name);
  ActionOutcome outcome = act(page.store(), *page.visitor.user, name);
  if (!outcome.ok()) {
    // An organisation that is not there is render_org's 404; any other refusal is shown on it.
    const RefusedOrgForm refused{form, *outcome.refused,
                                 "Not done. " + as_sentence(outcome.detail)};
    return render_org(hub, page, req, res, &refused);
  }
  if (outcome.done == Done::kAccepted) {
    return send_message_page(hub, req, res, page.visitor, 200, "Invitation sent",
                             "They join when they accept it, on this organisation's page.", back,
                             "Back to the organisation");
  }
  redirect_local(res, back + "#members");
}

void link_org_form(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string id = req.path_params[0];
  const std::string back = "/papers/" + url_path(id);
  ActionOutcome outcome =
      link_paper_to_org(page.store(), *page.visitor.user, id, req.get_param_value("organization"));
  if (!outcome.ok()) {
    return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                             "Organisation not changed", outcome.detail + ".", back,
                             "Back to the paper");
  }
  redirect_local(res, back);
}

json org_json(const Organization& org, const std::vector<OrgMember>& members) {
  json people = json::array();
  for (const auto& m : members) {
    people.push_back(
        {{"user", m.handle}, {"fullname", m.user_name}, {"role", org_role_name(m.role)}});
  }
  return {{"name", org.name},        {"fullname", org.fullname},
          {"about", org.about},      {"fromHub", org.created_by == 0},
          {"numPapers", org.papers}, {"numMembers", org.members},
          {"members", people}};
}

void org_api(ApiRequest& api, Req req, Res res) {
  const std::string name = req.path_params[0];
  auto org = api.store().organizations().organization(name);
  if (!org.ok()) return send_store_error(res, org.error());
  if (!org->has_value())
    return send_error(res, 404, "organisation not found", "there is no organisation " + name);
  auto members = api.store().organizations().members((*org)->id);
  if (!members.ok()) return send_store_error(res, members.error());
  send_json(res, org_json(**org, *members));
}

void link_org_api(ApiRequest& api, Req req, Res res) {
  json body;
  if (!json_body(req, res, body)) return;
  auto it = body.find("organization");
  if (it == body.end() || !(it->is_null() || it->is_string())) {
    return send_error(res, 400, "bad field",
                      "organization must be an organisation's name, or null to unlink");
  }
  const std::string name = it->is_null() ? "" : it->get<std::string>();
  ActionOutcome outcome =
      link_paper_to_org(api.store(), *api.visitor.user, req.path_params[0], name);
  if (send_failure(res, outcome)) return;
  send_json(res, hf_flat_paper(outcome.paper.paper));
}

}  // namespace

void add_org_routes(const Routes& routes, HubContext& hub) {
  routes.get("/orgs", admitted(hub, page_read(), orgs_page));
  routes.post(
      "/orgs",
      admitted(hub, reader_form("create-org", &hub.options.limits.submit, sign_in_then("/orgs")),
               create_org_post));
  routes.get("/orgs/:name", admitted(hub, page_read(), org_page));
  routes.post(
      "/orgs/:name/members",
      admitted(hub, org_form_needs(hub), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        org_form(hub, page, req, res, RefusedOrgForm::Form::kMembers,
                 [&](Store& store, const User& user, const std::string& name) {
                   bool invited = false;
                   ActionOutcome outcome =
                       set_org_member(store, user, name, req.get_param_value("handle"),
                                      req.get_param_value("role"), hub.now(), &invited);
                   if (outcome.ok() && invited) outcome.done = Done::kAccepted;  // an invitation
                   return outcome;
                 });
      }));
  routes.post(
      "/orgs/:name/invitation",
      admitted(hub, org_form_needs(hub), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        org_form(hub, page, req, res, RefusedOrgForm::Form::kOther,
                 [&](Store& store, const User& user, const std::string& name) {
                   return answer_org_invitation(store, user, name,
                                                req.get_param_value("accept") == "1", hub.now());
                 });
      }));
  routes.post(
      "/orgs/:name/verify",
      admitted(hub, org_form_needs(hub), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        org_form(hub, page, req, res, RefusedOrgForm::Form::kOther,
                 [&](Store& store, const User& user, const std::string& name) {
                   return verify_org(store, user, name, req.get_param_value("on") == "1");
                 });
      }));
  routes.post(
      "/orgs/:name/members/remove",
      admitted(hub, org_form_needs(hub), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        org_form(hub, page, req, res, RefusedOrgForm::Form::kOther,
                 [&](Store& store, const User& user, const std::string& name) {
                   return remove_org_member(store, user, name, req.get_param_value("handle"));
                 });
      }));
  routes.post(
      "/orgs/:name/about",
      admitted(hub, org_form_needs(hub), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        org_form(hub, page, req, res, RefusedOrgForm::Form::kAbout,
                 [&](Store& store, const User& user, const std::string& name) {
                   return edit_org_about(store, user, name, req.get_param_value("fullname"),
                                         req.get_param_value("about"));
                 });
      }));
  routes.post("/papers/:id/organization",
              admitted(hub, reader_form("org", &hub.options.limits.organize, sign_in_then_paper()),
                       link_org_form));
  routes.get("/api/organizations/:name", admitted(hub, api_read(), org_api));
  routes.post("/api/papers/:id/organization",
              admitted(hub, api_write("org", &hub.options.limits.organize), link_org_api));
}

}  // namespace paperboy
