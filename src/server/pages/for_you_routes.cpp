#include "server/pages/for_you_routes.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "server/formats/atom_feed.h"
#include "server/formats/hf_json.h"
#include "server/http/same_site.h"
#include "server/pages/card_view.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/api_request.h"
#include "server/request/feed_link.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

using nlohmann::json;

constexpr size_t kForYouPage = 50;
constexpr int64_t kFeedLinkSeconds = int64_t{365} * 86400;
constexpr size_t kMaxSavedSearches = 100;

Result<ForYouList> rank_for(HubContext& hub, ReaderPool::Lease& readers, int64_t user_id,
                            const std::string& tag, size_t limit) {
  ForYouCache& cache = *hub.options.for_you;
  auto corpus = cache.corpus(readers.store(), readers.vectors(), hub.now());
  if (!corpus.ok()) return corpus.error();
  ForYouRequest request;
  request.user_id = user_id;
  request.tag = tag;
  request.limit = limit;
  return cache.papers_for(readers.store(), **corpus, request, hub.options.trending);
}

std::string feed_path(HubContext& hub, int64_t user_id, const std::string& tag) {
  if (hub.options.links == nullptr) return "";
  std::string token =
      hub.options.links->sign(LinkPurpose::kFeed, user_id, hub.now() + kFeedLinkSeconds);
  return "/feeds/for-you.atom?token=" + token + (tag.empty() ? "" : "&tag=" + url_query(tag));
}

void for_you_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                  ServerResponse& res) {
  const int64_t user_id = page.visitor.user->id;
  const std::string tag = req.get_param_value("tag");
  auto list = rank_for(hub, *page.readers, user_id, tag, kForYouPage);
  auto tags = page.community().library_tags(user_id);
  if (!list.ok() || !tags.ok()) {
    return send_store_error_page(hub, req, res, page.visitor,
                                 list.ok() ? tags.error() : list.error());
  }
  ctemplate::TemplateDictionary dict("list");
  dict.SetValue("HEADING", tag.empty() ? "For you" : "For you · " + tag);
  dict.SetValueAndShowSection(
      "NOTE_TEXT",
      list->positives == 0
          ? std::string("Save or upvote papers and this page learns what you like. Until then: new "
                        "papers in what you "
                        "follow, then trending.")
          : fmt::format("Recent papers ranked by a model of the {} papers you {}. “Not interested” "
                        "hides a paper and "
                        "teaches it what you skip.",
                        list->positives, tag.empty() ? "saved and upvoted" : "tagged " + tag),
      "NOTE");
  add_tag_nav(dict, "/for-you", *tags, tag);
  const std::string feed = feed_path(hub, user_id, tag);
  dict.ShowSection("LINKS");
  for (auto [label, url] : {std::pair<std::string, std::string>{"Atom feed (private link)", feed},
                            {"Saved searches", "/searches"}}) {
    if (url.empty()) continue;
    auto* link = dict.AddSectionDictionary("LINK");
    link->SetValue("LINK_LABEL", label);
    link->SetValue("LINK_URL", url);
  }
  if (list->items.empty())
    dict.SetValueAndShowSection("EMPTY_TEXT", "No recent papers to recommend yet.", "EMPTY");
  std::vector<StoredPaper> papers;
  for (const auto& item : list->items) papers.push_back(item.stored);
  auto voted = voted_set(page, papers);
  auto facts = card_facts(page, papers);
  for (const auto& item : list->items) {
    CardExtras extras{
        .voted = voted.count(item.stored.doc_id) > 0, .why = why_text(item), .facts = &facts};
    add_card(dict, item.stored, page.visitor, extras);
  }
  send_page(hub, req, res, page.visitor,
            {.title = "For you", .feed_url = feed, .feed_title = "Papers for you"}, "list.tpl",
            dict);
}

void for_you_json(HubContext& hub, ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
  size_t limit = kForYouPage;
  if (!read_count(req, res, "limit", kMaxLimit, limit)) return;
  auto list = rank_for(hub, *api.readers, api.visitor.user->id, req.get_param_value("tag"), limit);
  if (!list.ok()) return send_store_error(res, list.error());
  json items = json::array();
  for (const auto& item : list->items) {
    json entry = hf_daily_item(item.stored.paper);
    entry["reason"] = why_text(item);
    entry["score"] = item.score;
    if (item.because) entry["because"] = item.because->paper.id;
    items.push_back(std::move(entry));
  }
  send_json(res, {{"learned_from", list->positives}, {"papers", items}});
}

// The feed is read by feed readers, which have no session: the signed link names the user.
void for_you_feed(HubContext& hub, const ServerRequest& req, ServerResponse& res) {
  std::optional<ReaderPool::Lease> readers;
  if (!lease(hub.readers, res, readers)) return;
  auto user_id = feed_owner(hub, req, res, *readers);
  if (!user_id) return;
  auto list = rank_for(hub, *readers, *user_id, req.get_param_value("tag"), kForYouPage);
  if (!list.ok()) return send_store_error(res, list.error());
  std::vector<Paper> papers;
  Date newest;
  for (const auto& item : list->items) {
    papers.push_back(item.stored.paper);
    newest = std::max({newest, item.stored.paper.hub_day, item.stored.paper.updated});
  }
  const std::string base = base_url(req);
  const std::string self = base + req.path + "?" + query_text(req.params);
  res.set_content(atom_feed({"paperboy: papers for you", self, base, newest}, papers),
                  "application/atom+xml; charset=utf-8");
}

// Where a form sends the reader back: `next` when it is a local path, else the page the form
// was on (Referer, when it is this site), else `fallback`.
std::string back_to(const ServerRequest& req, const std::string& fallback) {
  if (auto next = same_site_target(req.get_param_value("next"))) return *next;
  return referring_page(req).value_or(fallback);
}

void not_interested(HubContext& hub, PageRequest& page, const ServerRequest& req,
                    ServerResponse& res) {
  auto stored = page.store().get(req.path_params[0]);
  if (!stored.ok()) return send_store_error_page(hub, req, res, page.visitor, stored.error());
  if (!stored->has_value()) {
    return send_message_page(hub, req, res, page.visitor, 404, "No such paper",
                             req.path_params[0] + " is not stored.");
  }
  const bool undo = req.get_param_value("undo") == "1";
  auto changed = page.store().preferences().set_not_interested(page.visitor.user->id,
                                                               (**stored).doc_id, !undo, hub.now());
  if (!changed.ok()) return send_store_error_page(hub, req, res, page.visitor, changed.error());
  // Back to the same page, which says what was hidden and offers to undo it (?hidden=ID).
  redirect_local(res,
                 with_hidden_notice(back_to(req, "/for-you"), undo ? "" : (**stored).paper.id));
}

void follow(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  const std::string kind = req.get_param_value("kind");
  const std::string value = req.get_param_value("value");
  const auto follow_kind = parse_follow_kind(kind);
  if (!follow_kind || value.empty() || value.size() > 200) {
    return send_message_page(
        hub, req, res, page.visitor, 400, "Could not follow",
        "A follow needs kind=category, kind=author or kind=organization and a value of 1 to "
        "200 characters.");
  }
  Follow f{*follow_kind, value};
  auto changed = page.store().preferences().set_follow(page.visitor.user->id, f,
                                                       req.get_param_value("on") != "0");
  if (!changed.ok()) return send_store_error_page(hub, req, res, page.visitor, changed.error());
  redirect_local(res, back_to(req, "/for-you"));
}

void searches_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                   PageRequest& page, int status, const std::string& error) {
  auto saved = page.store().preferences().saved_searches(page.visitor.user->id);
  if (!saved.ok()) return send_store_error_page(hub, req, res, page.visitor, saved.error());
  ctemplate::TemplateDictionary dict("searches");
  // Alerts travel in the mail digest: without mail, or without a subscription that brings
  // them, there is nothing to promise.
  const bool alerts = alerts_reach_reader(hub, page, dict);
  dict.ShowSection(alerts ? "MAIL" : hub.options.mail_on() ? "MAIL_NEEDED" : "NO_MAIL");
  dict.SetValue("CSRF", page.visitor.csrf);
  if (!error.empty()) dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
  if (saved->empty()) dict.ShowSection("NONE");
  for (const auto& s : *saved) {
    auto* row = dict.AddSectionDictionary("SEARCH");
    row->SetIntValue("SEARCH_ID", static_cast<long>(s.id));
    row->SetValue("SEARCH_QUERY", s.query);
    row->SetValue("SEARCH_PARAM", url_query(s.query));
    row->SetValue("ALERT_NEXT", s.alert ? "0" : "1");
    row->SetValue("ALERT_LABEL", s.alert ? "Stop alerts" : "Alert me");
    if (s.alert) row->ShowSection("ALERTING");
    if (alerts) row->ShowSection("MAIL");  // a row's sections are its own
  }
  res.status = status;
  send_page(hub, req, res, page.visitor, {.title = "Saved searches"}, "searches.tpl", dict);
}

void save_search(HubContext& hub, PageRequest& page, const ServerRequest& req,
                 ServerResponse& res) {
  const std::string query = req.get_param_value("q");
  if (query.empty() || query.size() > 1000) {
    return searches_page(hub, req, res, page, 400,
                         "A saved search needs a query of 1 to 1000 characters.");
  }
  auto saved = page.store().preferences().saved_searches(page.visitor.user->id);
  if (!saved.ok()) return send_store_error_page(hub, req, res, page.visitor, saved.error());
  bool known = std::any_of(saved->begin(), saved->end(),
                           [&](const SavedSearch& s) { return s.query == query; });
  if (!known && saved->size() >= kMaxSavedSearches) {
    return searches_page(
        hub, req, res, page, 409,
        fmt::format("You have {} saved searches, the most one account keeps; delete one first.",
                    kMaxSavedSearches));
  }
  auto id = page.store().preferences().save_search(page.visitor.user->id, query,
                                                   req.get_param_value("alert") == "1", hub.now());
  if (!id.ok()) return send_store_error_page(hub, req, res, page.visitor, id.error());
  redirect_local(res, "/searches");
}

void delete_search(HubContext& hub, PageRequest& page, const ServerRequest& req,
                   ServerResponse& res) {
  int64_t id = 0;
  const std::string text = req.path_params[0];
  std::from_chars(text.data(), text.data() + text.size(), id);
  auto deleted = page.store().preferences().delete_search(page.visitor.user->id, id);
  if (!deleted.ok()) return send_store_error_page(hub, req, res, page.visitor, deleted.error());
  if (!*deleted) return searches_page(hub, req, res, page, 404, "No such saved search.");
  redirect_local(res, "/searches");
}

}  // namespace

void add_for_you_routes(const Routes& routes, HubContext& hub) {
  const PageNeeds preference = reader_form("preference", &hub.options.limits.preference);
  const PageNeeds search_preference =
      reader_form("preference", &hub.options.limits.preference, sign_in_then("/searches"));
  routes.get("/for-you", admitted(hub, page_for(Audience::kReader), for_you_page));
  routes.get("/api/for-you",
             admitted(hub, api_signed_in(),
                      [&hub](ApiRequest& api, const ServerRequest& req, ServerResponse& res) {
                        for_you_json(hub, api, req, res);
                      }));
  routes.get("/feeds/for-you.atom", [&hub](const ServerRequest& req, ServerResponse& res) {
    for_you_feed(hub, req, res);
  });
  routes.post("/papers/:id/not-interested", admitted(hub, preference, not_interested));
  routes.post("/follow", admitted(hub, preference, follow));
  routes.get("/searches",
             admitted(hub, page_for(Audience::kReader),
                      [](HubContext& hub, PageRequest& page, const ServerRequest& req,
                         ServerResponse& res) { searches_page(hub, req, res, page, 200, ""); }));
  routes.post("/searches", admitted(hub, search_preference, save_search));
  routes.post(R"(/searches/:id(\d+)/delete)", admitted(hub, search_preference, delete_search));
}

}  // namespace paperboy
