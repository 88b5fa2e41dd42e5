#include "server/community/profile_routes.h"

#include <fmt/format.h>

#include "core/bidi_controls.h"
#include "core/handle.h"
#include "server/http/error_answer.h"
#include "server/pages/card_view.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"

namespace paperboy {
namespace {

using Req = const ServerRequest&;
using Res = ServerResponse&;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    line.erase(0, line.find_first_not_of(" \r"));
    line.erase(line.find_last_not_of(" \r") + 1);
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void profile_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string handle = req.path_params[0];
  auto found = check_handle(handle).ok()
                   ? page.store().profiles().user_by_handle(handle)
                   : Result<std::optional<HandleMatch>>(std::optional<HandleMatch>());
  if (!found.ok()) return send_store_error_page(hub, req, res, page.visitor, found.error());
  if (!found->has_value()) {
    return send_message_page(hub, req, res, page.visitor, 404, "No such reader",
                             "No account has the handle " + handle + ".");
  }
  const User& user = (**found).user;
  if ((**found).former) {
    // The account changed its handle; links to the old one keep working.
    res.status = 301;
    res.add_header("Location", "/u/" + url_path(user.handle));
    return;
  }
  ctemplate::TemplateDictionary dict("profile");
  dict.SetValue("HANDLE", user.handle);
  dict.SetValue("USER_NAME", without_bidi_controls(user.name));
  if (user.role != Role::kReader)
    dict.SetValueAndShowSection("ROLE_NAME", std::string(role_name(user.role)), "ROLE");
  if (user.suspended != 0) dict.ShowSection("SUSPENDED");
  // After the settings' "public profile" form (Post/Redirect/Get): said to its owner only.
  if (req.get_param_value("saved") == "1" && page.visitor.user && page.visitor.user->id == user.id)
    dict.ShowSection("SAVED");
  if (!user.affiliation.empty())
    dict.SetValueAndShowSection("AFFILIATION_TEXT", user.affiliation, "AFFILIATION");
  for (const auto& link : lines_of(user.links)) {
    if (link.rfind("https://", 0) != 0 && link.rfind("http://", 0) != 0) continue;
    dict.ShowSection("LINKS");
    dict.AddSectionDictionary("LINK")->SetValue("LINK_URL", link);
  }
  auto memberships = page.store().organizations().memberships(user.id);
  if (!memberships.ok())
    return send_store_error_page(hub, req, res, page.visitor, memberships.error());
  if (!memberships->empty()) dict.ShowSection("ORGS");
  for (const auto& m : *memberships) {
    auto* org = dict.AddSectionDictionary("ORG");
    org->SetValue("ORG_PATH", url_path(m.name));
    org->SetValue("ORG_FULLNAME", m.fullname);
    if (m.role == OrgRole::kAdmin) org->ShowSection("ORG_ADMIN");
  }
  const bool own = page.visitor.user && page.visitor.user->id == user.id;
  if (!add_collection_list(dict, page, {.user_id = user.id}, own)) {
    return send_store_error_page(hub, req, res, page.visitor,
                                 Error{"the collections could not be read"});
  }
  if (own) dict.ShowSection("OWN");
  auto claims = page.store().profiles().claims_of(user.id);
  if (!claims.ok()) return send_store_error_page(hub, req, res, page.visitor, claims.error());
  std::vector<int64_t> approved;
  for (const auto& c : *claims) {
    if (c.state == ClaimState::kApproved) approved.push_back(c.doc_id);
    if (c.state == ClaimState::kPending && own) {
      dict.ShowSection("PENDING");
      auto* item = dict.AddSectionDictionary("CLAIM");
      item->SetIntValue("POSITION", c.position + 1);
      item->SetValue("AUTHOR_NAME", c.author_name);
      item->SetValue("PAPER_ID", c.paper_id);
      item->SetValue("PAPER_PATH", url_path(c.paper_id));
    }
  }
  auto papers = page.store().get_many(approved);
  if (!papers.ok()) return send_store_error_page(hub, req, res, page.visitor, papers.error());
  if (papers->empty()) {
    dict.SetValueAndShowSection(
        "EMPTY_TEXT",
        own ? "No papers yet: on a paper's page, use “Are you an author?” to claim yours."
            : "No claimed papers yet.",
        "EMPTY");
  }
  auto voted = voted_set(page, *papers);
  auto facts = card_facts(page, *papers);
  for (const auto& stored : *papers) {
    add_card(dict, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0, .facts = &facts});
  }
  send_page(hub, req, res, page.visitor, {user.name + " (@" + user.handle + ")"}, "profile.tpl",
            dict);
}

void claim_post(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string id = req.path_params[0];
  const std::string back = "/papers/" + url_path(id);
  auto found = paper_for_form(hub, req, res, page, id);
  if (!found) return;
  const std::string position = req.get_param_value("position");
  const size_t authors = found->paper.authors.size();
  if (position.empty() || position.size() > 4 ||
      position.find_first_not_of("0123456789") != std::string::npos || std::stoul(position) < 1 ||
      std::stoul(position) > authors) {
    return send_message_page(hub, req, res, page.visitor, 400, "Which author?",
                             fmt::format("Choose one of the paper's {} authors.", authors), back,
                             "Back to the paper");
  }
  auto claim = page.store().profiles().claim_author(
      page.visitor.user->id, found->doc_id, static_cast<int>(std::stoul(position)) - 1, hub.now());
  if (!claim.ok() && claim.error().code != ErrorCode::kConflict &&
      claim.error().code != ErrorCode::kInvalid) {
    return send_store_error_page(hub, req, res, page.visitor, claim.error());
  }
  if (!claim.ok()) {
    return send_message_page(hub, req, res, page.visitor, 409, "Not claimed",
                             client_detail(claim.error()) + ".", back, "Back to the paper");
  }
  redirect_local(res, back + "?claimed=1#authors");
}

}  // namespace

void add_profile_routes(const Routes& routes, HubContext& hub) {
  routes.get("/u/:handle", admitted(hub, page_read(), profile_page));
  routes.post("/papers/:id/claim",
              admitted(hub, reader_form("claim", &hub.options.limits.submit, sign_in_then_paper()),
                       claim_post));
}

}  // namespace paperboy
