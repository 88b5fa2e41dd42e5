#include "server/api/community_api.h"

#include <nlohmann/json.hpp>

#include "server/formats/atom_feed.h"
#include "server/formats/citation_formats.h"
#include "server/formats/hf_json.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"
#include "server/request/visitor.h"
#include "server/rules/community_actions.h"
#include "server/rules/credentials.h"

namespace paperboy {
namespace {

using nlohmann::json;

void vote(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res,
          bool up) {
  ActionOutcome outcome =
      vote_for_paper(api.store(), api.visitor.user->id, req.path_params[0], up, hub.now());
  if (send_failure(res, outcome)) return;
  send_json(res, {{"id", outcome.paper.paper.id},
                  {"upvotes", outcome.paper.paper.total_upvotes()},
                  {"voted", up}});
}

void submit(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  json body;
  if (!json_body(req, res, body)) return;
  if (!body.contains("id") || !body["id"].is_string()) {
    return send_error(res, 400, "missing field", "id: the arXiv id of the paper, as a string");
  }
  ActionOutcome outcome =
      submit_paper(api.store(), api.visitor.user->id, body["id"].get<std::string>(), hub.now(),
                   hub.options.paper_lookup, hub.options.submission_rules);
  if (send_failure(res, outcome)) return;
  res.status = 201;
  send_json(res, hf_daily_item(outcome.paper.paper));
}

void library_list(ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  auto library = library_items(api.store(), api.visitor.user->id, req.get_param_value("tag"));
  if (!library.ok()) return send_store_error(res, library.error());
  json items = json::array();
  for (const auto& [entry, stored] : *library) {
    json item = hf_daily_item(stored.paper);
    item["tags"] = entry.tags;
    item["savedAt"] = entry.saved;
    items.push_back(std::move(item));
  }
  send_json(res, items);
}

void library_save(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  json body;
  if (!json_body(req, res, body)) return;
  std::vector<std::string> tags;
  if (body.contains("tags")) {
    if (!body["tags"].is_array())
      return send_error(res, 400, "bad field", "tags must be an array of strings");
    for (const auto& tag : body["tags"]) {
      if (!tag.is_string())
        return send_error(res, 400, "bad field", "tags must be an array of strings");
      tags.push_back(tag.get<std::string>());
    }
  }
  ActionOutcome outcome =
      save_paper(api.store(), api.visitor.user->id, req.path_params[0], tags, hub.now());
  if (send_failure(res, outcome)) return;
  send_json(res, {{"id", outcome.paper.paper.id}, {"tags", tags}});
}

void library_remove(ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  ActionOutcome outcome = unsave_paper(api.store(), api.visitor.user->id, req.path_params[0]);
  if (send_failure(res, outcome)) return;
  res.status = 204;
}

void library_export(ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  auto library = library_items(api.store(), api.visitor.user->id, req.get_param_value("tag"));
  if (!library.ok()) return send_store_error(res, library.error());
  std::vector<Paper> papers;
  for (auto& item : *library) papers.push_back(std::move(item.stored.paper));
  bool bib = req.path_params[0] == "bib";
  res.add_header("Content-Disposition",
                 std::string("inline; filename=\"library.") + (bib ? "bib" : "ris") + "\"");
  res.set_content(bib ? bibtex(papers) : ris(papers),
                  bib ? "application/x-bibtex; charset=utf-8"
                      : "application/x-research-info-systems; charset=utf-8");
}

bool read_trending(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                   size_t default_limit, std::vector<TrendingEntry>& entries) {
  size_t limit = default_limit, page = 0;
  if (!read_count(req, res, "limit", kMaxLimit, limit) || !read_count(req, res, "p", 10'000, page))
    return false;
  std::optional<ReaderPool::Lease> readers;
  if (!lease(hub.readers, res, readers)) return false;
  auto found =
      trending_papers(readers->store(), hub.options.trending, hub.now(), page * limit, limit);
  if (!found.ok()) {
    send_store_error(res, found.error());
    return false;
  }
  entries = std::move(found).value();
  return true;
}

void create_token(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  // A token is a script's key, not the reader: were it able to make tokens, one leaked token
  // would outlive its own revocation.
  if (api.visitor.by_api_token) {
    return send_error(
        res, 403, "not with a token",
        "API tokens are made by a signed-in reader (a session cookie), not by another token");
  }
  json body;
  if (!json_body(req, res, body)) return;
  std::string label;
  if (!read_field(body, "label", res, label)) return;
  if (label.empty() || label.size() > 100)
    return send_error(res, 400, "bad field", "label: 1 to 100 characters");
  std::string token = random_token();
  if (auto s = api.store().community().add_api_token(token_hash(token), api.visitor.user->id, label,
                                                     hub.now());
      !s.ok()) {
    return send_store_error(res, s.error());
  }
  res.status = 201;
  send_json(res, {{"token", token}, {"label", label}});
}

}  // namespace

void add_community_api(const Routes& routes, HubContext& hub) {
  routes.post("/api/papers/:id/vote",
              admitted(hub, api_write("vote", &hub.options.limits.vote),
                       [&hub](ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
                         vote(hub, api, req, res, true);
                       }));
  routes.del("/api/papers/:id/vote",
             admitted(hub, api_write("vote", &hub.options.limits.vote),
                      [&hub](ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
                        vote(hub, api, req, res, false);
                      }));
  routes.post("/api/submit", admitted(hub, api_write("submit", &hub.options.limits.submit),
                                      [&hub](ApiRequest& api, const ServerRequest& req,
                                             ServerResponse& res) { submit(hub, api, req, res); }));
  routes.get("/api/library", admitted(hub, api_signed_in(), library_list));
  routes.put("/api/library/:id",
             admitted(hub, api_write("preference", &hub.options.limits.preference),
                      [&hub](ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
                        library_save(hub, api, req, res);
                      }));
  routes.del(
      "/api/library/:id",
      admitted(hub, api_write("preference", &hub.options.limits.preference), library_remove));
  routes.post("/api/tokens",
              admitted(hub, api_write("token", &hub.options.limits.token),
                       [&hub](ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
                         create_token(hub, api, req, res);
                       }));
  routes.get(
      "/api/me",
      admitted(
          hub, api_signed_in(), [](ApiRequest& api, const ServerRequest&, ServerResponse& res) {
            send_json(res, {{"name", api.visitor.user->name}, {"email", api.visitor.user->email}});
          }));
  routes.get("/api/trending", [&hub](const ServerRequest& req, ServerResponse& res) {
    std::vector<TrendingEntry> entries;
    if (!read_trending(hub, req, res, 20, entries)) return;
    json items = json::array();
    for (const auto& e : entries) {
      json item = hf_daily_item(e.stored.paper);
      item["trendingScore"] = e.rank.score;
      items.push_back(std::move(item));
    }
    send_json(res, items);
  });
  routes.get("/feeds/trending.atom", [&hub](const ServerRequest& req, ServerResponse& res) {
    std::vector<TrendingEntry> entries;
    if (!read_trending(hub, req, res, 50, entries)) return;
    std::vector<Paper> papers;
    Date newest;
    for (const auto& e : entries) {
      papers.push_back(e.stored.paper);
      newest = std::max({newest, e.stored.paper.hub_day, e.stored.paper.updated});
    }
    std::string base = base_url(req);
    res.set_content(
        atom_feed({"paperboy: trending papers", base + "/feeds/trending.atom", base, newest},
                  papers),
        "application/atom+xml; charset=utf-8");
  });
  routes.get("/export/library.:format(bib|ris)", admitted(hub, api_signed_in(), library_export));
}

}  // namespace paperboy
