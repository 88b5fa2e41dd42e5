#include "server/api/discussion_api.h"

#include "server/formats/post_markdown.h"
#include "server/http/error_answer.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"
#include "server/rules/discussion_actions.h"

namespace paperboy {
namespace {

using nlohmann::json;

constexpr size_t kMaxReasonBytes = 1000;

bool send_post_failure(ServerResponse& res, const PostOutcome& outcome) {
  if (outcome.ok()) return false;
  send_error(res, http_status(*outcome.refused), outcome.error, outcome.detail);
  return true;
}

// The paper a route names, answered as JSON when the id is bad or unknown.
bool paper_of(ApiRequest& api, const ServerRequest& req, ServerResponse& res, StoredPaper& paper) {
  auto key = parse_paper_key(req.path_params[0]);
  if (!key.ok()) {
    const bool shaped = shaped_like_arxiv_id(req.path_params[0]);
    send_error(res, shaped ? 404 : 400, shaped ? "paper not found" : "bad paper id",
               key.error().message);
    return false;
  }
  auto found = api.store().get(key->id);
  if (!found.ok()) {
    send_store_error(res, found.error());
    return false;
  }
  if (!found->has_value()) {
    send_error(res, 404, "paper not found", key->id);
    return false;
  }
  paper = std::move(**found);
  return true;
}

// The comment number in the path.
int64_t post_id_of(const ServerRequest& req) {
  const std::string text = req.path_params[0];
  return text.size() > 18 ? 0 : std::stoll(text);
}

bool string_field(const json& body, const char* name, ServerResponse& res, std::string& out,
                  bool required) {
  if (!body.contains(name)) {
    if (required) send_error(res, 400, "missing field", std::string(name) + ": a string");
    return !required;
  }
  if (!body[name].is_string()) {
    send_error(res, 400, "bad field", std::string(name) + " must be a string");
    return false;
  }
  out = body[name].get<std::string>();
  return true;
}

// Both limits at once: the account's own, then everyone's together.
bool within_post_limits(HubContext& hub, ApiRequest& api, ServerResponse& res) {
  const auto now = static_cast<double>(hub.now());
  const RateLimits& limits = hub.options.limits;
  auto allowed = [&](const char* key, const RateLimit& limit) {
    return allow_rate(api.store().community(), "post", key, limit, now);
  };
  const std::string user = std::to_string(api.visitor.user->id);
  const bool own = allowed(user.c_str(), limits.post);
  if (!own || !allowed("site", limits.post_site)) {
    const int64_t wait = retry_after_seconds(own ? limits.post_site : limits.post);
    res.add_header("Retry-After", std::to_string(wait));
    send_error(res, 429, "rate limited",
               "too many comments; wait " + wait_text(wait) + " and post again");
    return false;
  }
  return true;
}

void list_comments(ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  size_t limit = 20, page = 0;
  if (!read_count(req, res, "limit", kMaxLimit, limit) || !read_count(req, res, "p", 100'000, page))
    return;
  const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "newest";
  Discussions::Order order = Discussions::Order::kNewest;
  if (sort == "oldest") {
    order = Discussions::Order::kOldest;
  } else if (sort == "top") {
    order = Discussions::Order::kTop;
  } else if (sort != "newest") {
    return send_error(res, 400, "bad parameter", "sort: newest, oldest or top");
  }
  StoredPaper paper;
  if (!paper_of(api, req, res, paper)) return;
  auto thread = api.store().discussions().thread(paper.doc_id, order, page * limit, limit);
  if (!thread.ok()) return send_store_error(res, thread.error());
  auto total = api.store().discussions().top_level_posts(paper.doc_id);
  if (!total.ok()) return send_store_error(res, total.error());
  res.add_header("X-Total-Count", std::to_string(*total));
  send_json(res, discussion_json(*thread, api.visitor.user));
}

void create_comment(HubContext& hub, ApiRequest& api, const ServerRequest& req,
                    ServerResponse& res) {
  json body;
  if (!json_body(req, res, body)) return;
  std::string text;
  if (!string_field(body, "text", res, text, true)) return;
  int64_t parent = 0;
  if (body.contains("parent") && !body["parent"].is_null()) {
    const json& p = body["parent"];
    if (p.is_number_integer()) {
      parent = p.get<int64_t>();
    } else if (p.is_string() && !p.get<std::string>().empty() && p.get<std::string>().size() < 19 &&
               p.get<std::string>().find_first_not_of("0123456789") == std::string::npos) {
      parent = std::stoll(p.get<std::string>());
    } else {
      return send_error(res, 400, "bad field", "parent: the id of the comment this one answers");
    }
  }
  StoredPaper paper;
  if (!paper_of(api, req, res, paper)) return;
  if (!within_post_limits(hub, api, res)) return;
  PostOutcome outcome = add_discussion_post(api.store(), hub.options.hold_first_posts,
                                            *api.visitor.user, paper, text, parent, hub.now());
  if (send_post_failure(res, outcome)) return;
  res.status = 201;
  send_json(res, post_json(outcome.post, api.visitor.user));
}

void edit_comment(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  json body;
  if (!json_body(req, res, body)) return;
  std::string text;
  if (!string_field(body, "text", res, text, true)) return;
  PostOutcome outcome =
      edit_discussion_post(api.store(), *api.visitor.user, post_id_of(req), text, hub.now());
  if (send_post_failure(res, outcome)) return;
  send_json(res, post_json(outcome.post, api.visitor.user));
}

void delete_comment(HubContext& hub, ApiRequest& api, const ServerRequest& req,
                    ServerResponse& res) {
  PostOutcome outcome =
      delete_discussion_post(api.store(), *api.visitor.user, post_id_of(req), hub.now());
  if (send_post_failure(res, outcome)) return;
  send_json(res, post_json(outcome.post, api.visitor.user));
}

void like_comment(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res,
                  bool on) {
  PostOutcome outcome =
      like_discussion_post(api.store(), *api.visitor.user, post_id_of(req), on, hub.now());
  if (send_post_failure(res, outcome)) return;
  send_json(
      res, {{"id", std::to_string(outcome.post.id)}, {"likes", outcome.post.likes}, {"liked", on}});
}

void report_comment(HubContext& hub, ApiRequest& api, const ServerRequest& req,
                    ServerResponse& res) {
  json body;
  if (!json_body(req, res, body)) return;
  std::string reason;
  if (!string_field(body, "reason", res, reason, true)) return;
  auto accepted = accept_post_text(reason);
  if (!accepted.ok() || accepted->size() > kMaxReasonBytes) {
    return send_error(res, 400, "bad field",
                      "reason: why the comment should go, 1 to 1,000 bytes of text");
  }
  auto report =
      api.store().discussions().report(post_id_of(req), api.visitor.user->id, *accepted, hub.now());
  if (!report.ok()) return send_store_error(res, report.error());
  res.status = 201;
  send_json(res, json{{"report", std::to_string(*report)}});
}

void follow_discussion(HubContext& hub, ApiRequest& api, const ServerRequest& req,
                       ServerResponse& res, bool on) {
  StoredPaper paper;
  if (!paper_of(api, req, res, paper)) return;
  auto changed =
      api.store().discussions().set_following(api.visitor.user->id, paper.doc_id, on, hub.now());
  if (!changed.ok()) return send_store_error(res, changed.error());
  send_json(res, {{"id", paper.paper.id}, {"following", on}});
}

}  // namespace

void add_discussion_api(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  routes.get("/api/papers/:id/comments", admitted(hub, api_read(), list_comments));
  routes.post("/api/papers/:id/comments",
              admitted(hub, api_write("post", nullptr), [&hub](ApiRequest& api, Req req, Res res) {
                create_comment(hub, api, req, res);
              }));
  routes.patch("/api/comments/:n", admitted(hub, api_write("edit", &hub.options.limits.edit),
                                            [&hub](ApiRequest& api, Req req, Res res) {
                                              edit_comment(hub, api, req, res);
                                            }));
  routes.del("/api/comments/:n", admitted(hub, api_write("edit", &hub.options.limits.edit),
                                          [&hub](ApiRequest& api, Req req, Res res) {
                                            delete_comment(hub, api, req, res);
                                          }));
  routes.post("/api/comments/:n/like", admitted(hub, api_write("vote", &hub.options.limits.vote),
                                                [&hub](ApiRequest& api, Req req, Res res) {
                                                  like_comment(hub, api, req, res, true);
                                                }));
  routes.del("/api/comments/:n/like", admitted(hub, api_write("vote", &hub.options.limits.vote),
                                               [&hub](ApiRequest& api, Req req, Res res) {
                                                 like_comment(hub, api, req, res, false);
                                               }));
  routes.post(
      "/api/comments/:n/report",
      admitted(hub, api_write("report", &hub.options.limits.submit),
               [&hub](ApiRequest& api, Req req, Res res) { report_comment(hub, api, req, res); }));
  routes.post("/api/papers/:id/follow-discussion",
              admitted(hub, api_write("preference", &hub.options.limits.preference),
                       [&hub](ApiRequest& api, Req req, Res res) {
                         follow_discussion(hub, api, req, res, true);
                       }));
  routes.del("/api/papers/:id/follow-discussion",
             admitted(hub, api_write("preference", &hub.options.limits.preference),
                      [&hub](ApiRequest& api, Req req, Res res) {
                        follow_discussion(hub, api, req, res, false);
                      }));
}

}  // namespace paperboy
