#include "server/community/link_routes.h"

#include "server/formats/hf_json.h"
#include "server/http/error_answer.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/pages/page_routes.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"
#include "server/rules/link_actions.h"

namespace paperboy {
namespace {

using nlohmann::json;
using Req = const ServerRequest&;
using Res = ServerResponse&;

// A text field of the body: absent → unchanged, null or "" → removed.
bool optional_text(const json& body, const char* name, std::optional<std::string>& out,
                   std::string& error) {
  auto it = body.find(name);
  if (it == body.end()) return true;
  if (it->is_null()) {
    out = std::string();
  } else if (it->is_string()) {
    out = it->get<std::string>();
  } else {
    error = std::string(name) + " must be a string or null";
    return false;
  }
  return true;
}

// A list of hub ids: strings ("org/name"), or objects with an `id`, as the hub returns them.
bool optional_ids(const json& body, const char* name, std::optional<std::vector<std::string>>& out,
                  std::string& error) {
  auto it = body.find(name);
  if (it == body.end()) return true;
  if (it->is_null()) {
    out.emplace();
    return true;
  }
  if (!it->is_array()) {
    error = std::string(name) + " must be a list of ids";
    return false;
  }
  out.emplace();
  for (const auto& entry : *it) {
    if (entry.is_string()) {
      out->push_back(entry.get<std::string>());
    } else if (entry.is_object() && entry.contains("id") && entry["id"].is_string()) {
      out->push_back(entry["id"].get<std::string>());
    } else {
      error = std::string(name) + R"(: each entry is an id ("org/name") or {"id": "org/name"})";
      return false;
    }
  }
  return true;
}

void edit_links_api(ApiRequest& api, Req req, Res res) {
  json body;
  if (!json_body(req, res, body)) return;
  LinkEdit edit;
  std::string error;
  if (!optional_text(body, "githubRepo", edit.code, error) ||
      !optional_text(body, "projectPage", edit.project_page, error) ||
      !optional_ids(body, "linkedModels", edit.models, error) ||
      !optional_ids(body, "linkedDatasets", edit.datasets, error) ||
      !optional_ids(body, "linkedSpaces", edit.spaces, error)) {
    return send_error(res, 400, "bad field", error);
  }
  ActionOutcome outcome =
      edit_paper_links(api.store(), *api.visitor.user, req.path_params[0], edit);
  if (send_failure(res, outcome)) return;
  send_json(res, hf_flat_paper(outcome.paper.paper));
}

// The form's fields: the two links, and each kind of artefact as ids one a line or
// comma-separated.
std::vector<std::string> ids_in(const std::string& text) {
  std::vector<std::string> ids;
  std::string current;
  for (char c : text + "\n") {
    if (c == '\n' || c == ',' || c == '\r' || c == ' ') {
      if (!current.empty()) ids.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return ids;
}

void edit_links_form(HubContext& hub, PageRequest& page, Req req, Res res) {
  const std::string id = req.path_params[0];
  const std::string back = "/papers/" + url_path(id);
  LinkEdit edit{.code = req.get_param_value("github_repo"),
                .project_page = req.get_param_value("project_page"),
                .models = ids_in(req.get_param_value("models")),
                .datasets = ids_in(req.get_param_value("datasets")),
                .spaces = ids_in(req.get_param_value("spaces"))};
  ActionOutcome outcome = edit_paper_links(page.store(), *page.visitor.user, id, edit);
  if (!outcome.ok()) {
    return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                             outcome.error, outcome.detail, back + "#links", "Back to the paper");
  }
  redirect_local(res, back + "#links");
}

}  // namespace

void add_link_routes(const Routes& routes, HubContext& hub) {
  routes.post("/api/papers/:id/links",
              admitted(hub, api_write("post", &hub.options.limits.post), edit_links_api));
  routes.post("/papers/:id/links",
              admitted(hub, reader_form("post", &hub.options.limits.post, sign_in_then_paper()),
                       edit_links_form));
}

}  // namespace paperboy
