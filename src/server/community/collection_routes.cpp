#include "server/community/collection_routes.h"

#include <fmt/format.h>

#include "core/bidi_controls.h"
#include "server/formats/atom_feed.h"
#include "server/formats/citation_formats.h"
#include "server/formats/hf_json.h"
#include "server/http/error_answer.h"
#include "server/http/same_site.h"
#include "server/pages/card_view.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"
#include "server/rules/collection_actions.h"

namespace paperboy {
namespace {

using nlohmann::json;
using Req = const ServerRequest&;
using Res = ServerResponse&;

std::string collection_path(int64_t id) { return "/collections/" + std::to_string(id); }

std::string owner_path(const Collection& c) {
  return (c.owner_org != 0 ? "/orgs/" : "/u/") + url_path(c.owner_handle);
}

// The collection's papers in its order, with their items (withdrawn papers left out).
struct CollectionPapers {
  std::vector<StoredPaper> papers;
  std::vector<CollectionItem> items;
};
Result<CollectionPapers> papers_of(Store& store, const Collection& collection) {
  auto items = store.collections().items(collection.id);
  if (!items.ok()) return items.error();
  std::vector<int64_t> ids;
  for (const auto& item : *items) ids.push_back(item.doc_id);
  auto papers = store.get_many(ids);
  if (!papers.ok()) return papers.error();
  CollectionPapers out;
  size_t at = 0;
  for (auto& item : *items) {
    if (at < papers->size() && (*papers)[at].doc_id == item.doc_id) {
      out.papers.push_back(std::move((*papers)[at++]));
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

void collections_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  ctemplate::TemplateDictionary dict("collections");
  dict.SetValue("CSRF", page.visitor.csrf);
  const auto collections = editable_collections(page.store(), *page.visitor.user);
  if (collections.empty()) dict.ShowSection("NONE");
  for (const auto& c : collections) {
    auto* item = dict.AddSectionDictionary("COLLECTION");
    item->SetValue("COLLECTION_PATH", collection_path(c.id));
    item->SetValue("COLLECTION_TITLE", c.title);
    item->SetValue("COLLECTION_OWNER", c.owner_name);
    item->SetValue("COLLECTION_COUNT", fmt::format("{} paper{}", c.items, c.items == 1 ? "" : "s"));
    if (c.is_private) item->ShowSection("PRIVATE");
  }
  auto memberships = page.store().organizations().memberships(page.visitor.user->id);
  if (memberships.ok()) {
    for (const auto& m : *memberships) {
      auto* owner = dict.AddSectionDictionary("ORG_OWNER");
      owner->SetValue("OWNER_NAME", without_bidi_controls(m.name));
      owner->SetValue("OWNER_FULLNAME", m.fullname);
    }
  }
  send_page(hub, req, res, page.visitor, {"Your collections"}, "collections.tpl", dict);
}

void collection_page(HubContext& hub, PageRequest& page, Req req, Res res) {
  const User* visitor = page.visitor.user ? &*page.visitor.user : nullptr;
  auto lookup = find_collection(page.store(), visitor, req.path_params[0], false);
  if (!lookup.collection) {
    return send_message_page(hub, req, res, page.visitor, http_status(*lookup.failure.refused),
                             "No such collection", lookup.failure.detail + ".");
  }
  const Collection& c = *lookup.collection;
  auto listed = papers_of(page.store(), c);
  if (!listed.ok()) return send_store_error_page(hub, req, res, page.visitor, listed.error());
  const bool edit = visitor && may_edit_collection(page.store(), *visitor, c);
  ctemplate::TemplateDictionary dict("collection");
  dict.SetValue("CSRF", page.visitor.csrf);
  dict.SetValue("COLLECTION_PATH", collection_path(c.id));
  dict.SetValue("COLLECTION_TITLE", c.title);
  dict.SetValue("OWNER_PATH", owner_path(c));
  dict.SetValue("OWNER_NAME", without_bidi_controls(c.owner_name));
  dict.SetValue("COUNT", fmt::format("{} paper{}", listed->papers.size(),
                                     listed->papers.size() == 1 ? "" : "s"));
  if (c.is_private) dict.ShowSection("PRIVATE");
  if (!c.is_private) dict.ShowSection("FEEDS");
  if (!c.description.empty())
    dict.SetValueAndShowSection("DESCRIPTION_TEXT", c.description, "DESCRIPTION");
  if (edit) {
    auto* form = dict.AddSectionDictionary("EDIT");
    form->SetValue("EDIT_TITLE", c.title);
    form->SetValue("EDIT_DESCRIPTION", c.description);
    if (c.is_private) form->ShowSection("EDIT_PRIVATE");
  }
  if (listed->papers.empty()) {
    dict.SetValueAndShowSection(
        "EMPTY_TEXT",
        edit ? "No papers yet: use “Add to collection” on a paper's page." : "No papers yet.",
        "EMPTY");
  }
  const std::string moved = req.get_param_value("moved");
  auto voted = voted_set(page, listed->papers);
  auto facts = card_facts(page, listed->papers);
  for (size_t i = 0; i < listed->papers.size(); ++i) {
    const StoredPaper& stored = listed->papers[i];
    auto* entry = dict.AddSectionDictionary("ENTRY");
    entry->SetValue("PAPER_ID", stored.paper.id);
    entry->SetIntValue("NUMBER", static_cast<long>(i + 1));
    if (!listed->items[i].note.empty())
      entry->SetValueAndShowSection("NOTE_TEXT", listed->items[i].note, "NOTE");
    add_card(*entry, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0, .facts = &facts, .kept_by_reader = edit});
    if (edit && stored.paper.id == moved) {
      entry->SetValueAndShowSection(
          "MOVED_TEXT", fmt::format("Moved to place {} of {}.", i + 1, listed->papers.size()),
          "MOVED");
    }
    if (edit) {
      auto* tools = entry->AddSectionDictionary("TOOLS");
      tools->SetValue("CSRF", page.visitor.csrf);
      tools->SetValue("COLLECTION_PATH", collection_path(c.id));
      tools->SetValue("PAPER_ID", stored.paper.id);
      tools->SetValue("TITLE", stored.paper.title);
      if (i > 0) tools->SetValueAndShowSection("UP_POSITION", std::to_string(i - 1), "UP");
      if (i + 1 < listed->papers.size())
        tools->SetValueAndShowSection("DOWN_POSITION", std::to_string(i + 1), "DOWN");
    }
  }
  PageFrame frame{c.title + " · a collection by " + c.owner_name};
  if (!c.is_private) {
    frame.feed_url = collection_path(c.id) + ".atom";
    frame.feed_title = c.title;
  }
  send_page(hub, req, res, page.visitor, frame, "collection.tpl", dict);
}

// The collection named by `id_text` with its papers, if the visitor may see it; otherwise the
// JSON refusal (404 for a private one of someone else's) is sent and false returned.
bool open_visible_collection(ApiRequest& api, Res res, const std::string& id_text,
                             Collection& collection, CollectionPapers& listed) {
  const User* visitor = api.visitor.user ? &*api.visitor.user : nullptr;
  auto lookup = find_collection(api.store(), visitor, id_text, false);
  if (send_failure(res, lookup.failure)) return false;
  auto papers = papers_of(api.store(), *lookup.collection);
  if (!papers.ok()) {
    send_store_error(res, papers.error());
    return false;
  }
  collection = std::move(*lookup.collection);
  listed = std::move(*papers);
  return true;
}

void collection_export(ApiRequest& api, Req req, Res res) {
  Collection collection;
  CollectionPapers listed;
  if (!open_visible_collection(api, res, req.path_params[0], collection, listed)) return;
  std::vector<Paper> papers;
  for (auto& stored : listed.papers) papers.push_back(std::move(stored.paper));
  const std::string format = req.path_params[1];
  if (format == "atom") {
    const std::string base = base_url(req);
    Date newest;
    for (const auto& p : papers) newest = std::max({newest, p.hub_day, p.updated, p.published});
    res.set_content(atom_feed({"paperboy: " + collection.title + " (a collection by " +
                                   collection.owner_name + ")",
                               base + req.path, base, newest},
                              papers),
                    "application/atom+xml; charset=utf-8");
    return;
  }
  const bool bib = format == "bib";
  res.add_header("Content-Disposition",
                 fmt::format("inline; filename=\"collection-{}.{}\"", collection.id, format));
  res.set_content(bib ? bibtex(papers) : ris(papers),
                  bib ? "application/x-bibtex; charset=utf-8"
                      : "application/x-research-info-systems; charset=utf-8");
}

CollectionFields fields_from_form(Req req) {
  return {req.get_param_value("title"), req.get_param_value("description"),
          req.get_param_value("private") == "1", req.get_param_value("owner")};
}

// Where a collection form leads when it names no `next`, and where sign-in comes back to.
using FormPlace = std::string (*)(Req);
std::string all_collections(Req /*req*/) { return "/collections"; }
std::string this_collection(Req req) { return "/collections/" + req.path_params[0]; }

// The route of a form about a collection: a signed-in reader within the organising rate limit,
// then `act`, then on to `after` (or the form's `next`, a local path). `act` is called as
// act(hub, req, store, user, next) and may change `next`.
template <typename Act>
RouteHandler collection_form(HubContext& hub, FormPlace after, Act act) {
  PageNeeds needs = reader_form("collection", &hub.options.limits.organize, [after](Req req) {
    return "/signin?next=" + url_query(after(req));
  });
  return admitted(
      hub, std::move(needs), [after, act](HubContext& hub, PageRequest& page, Req req, Res res) {
        const std::string back = after(req);
        std::string next = same_site_target(req.get_param_value("next")).value_or(back);
        ActionOutcome outcome = act(hub, req, page.store(), *page.visitor.user, next);
        if (!outcome.ok()) {
          return send_message_page(hub, req, res, page.visitor, http_status(*outcome.refused),
                                   "Not done", outcome.detail + ".", back, "Back");
        }
        redirect_local(res, next);
      });
}

json collection_json(const Collection& c, const CollectionPapers& listed) {
  json items = json::array();
  for (size_t i = 0; i < listed.papers.size(); ++i) {
    items.push_back({{"position", i},
                     {"note", listed.items[i].note},
                     {"paper", hf_flat_paper(listed.papers[i].paper)}});
  }
  return {{"id", c.id},
          {"title", c.title},
          {"description", c.description},
          {"private", c.is_private},
          {"owner",
           {{"type", c.owner_org != 0 ? "org" : "user"},
            {"name", c.owner_handle},
            {"fullname", c.owner_name}}},
          {"lastUpdated", c.updated},
          {"items", items}};
}

// A JSON write: signed in, within the collections' limit, a JSON object body; then `act`.
RouteHandler collection_api_write(HubContext& hub,
                                  std::function<void(ApiRequest&, Req, Res, const json&)> act) {
  return admitted(hub, api_write("collection", &hub.options.limits.organize),
                  [act = std::move(act)](ApiRequest& api, Req req, Res res) {
                    json body;
                    if (json_body(req, res, body)) act(api, req, res, body);
                  });
}

void answer_with_collection(ApiRequest& api, Res res, const std::string& id_text, int status) {
  Collection collection;
  CollectionPapers listed;
  if (!open_visible_collection(api, res, id_text, collection, listed)) return;
  send_json(res, collection_json(collection, listed));
  res.status = status;
}

}  // namespace

void add_collection_routes(const Routes& routes, HubContext& hub) {
  routes.get("/collections", admitted(hub, page_for(Audience::kReader), collections_page));
  routes.post("/collections",
              collection_form(
                  hub, all_collections,
                  [](HubContext& hub, Req req, Store& store, const User& user, std::string& next) {
                    int64_t created = 0;
                    ActionOutcome outcome = create_collection_for(
                        store, user, fields_from_form(req), hub.now(), created);
                    if (outcome.ok()) next = collection_path(created);
                    return outcome;
                  }));
  // The paper page's form: the collection is a field, since a form cannot put it in the path.
  routes.post("/collections/add",
              collection_form(
                  hub, all_collections,
                  [](HubContext& hub, Req req, Store& store, const User& user, std::string& next) {
                    const std::string collection = req.get_param_value("collection");
                    ActionOutcome outcome =
                        add_to_collection(store, user, collection, req.get_param_value("paper"),
                                          req.get_param_value("note"), hub.now());
                    // The paper page opens its box again and says where the paper went.
                    if (outcome.ok())
                      next = with_notice_param(next, "added", collection, "#collections");
                    return outcome;
                  }));
  routes.get("/collections/:n.:format(atom|bib|ris)", admitted(hub, api_read(), collection_export));
  routes.get("/collections/:n", admitted(hub, page_read(), collection_page));
  auto on_items = [&hub](const char* what) {
    return collection_form(
        hub, this_collection,
        [what](HubContext& hub, Req req, Store& store, const User& user, std::string& next) {
          const std::string id = req.path_params[0];
          const std::string paper = req.get_param_value("paper");
          if (std::string(what) == "add") {
            return add_to_collection(store, user, id, paper, req.get_param_value("note"),
                                     hub.now());
          }
          if (std::string(what) == "remove")
            return remove_from_collection(store, user, id, paper, hub.now());
          const std::string position = req.get_param_value("position");
          if (position.empty() || position.size() > 6 ||
              position.find_first_not_of("0123456789") != std::string::npos) {
            return action_failure(ErrorCode::kInvalid, "bad position",
                                  "a move needs a position: a number from 0");
          }
          ActionOutcome outcome =
              move_in_collection(store, user, id, paper, std::stoi(position), hub.now());
          // Back to the item moved, not to the top of the page: it says where it went and
          // keeps the reader's place.
          if (outcome.ok()) {
            const std::string& moved = outcome.paper.paper.id;
            next = with_notice_param(this_collection(req), "moved", moved, "#item-" + moved);
          }
          return outcome;
        });
  };
  routes.post("/collections/:n/items", on_items("add"));
  routes.post("/collections/:n/items/remove", on_items("remove"));
  routes.post("/collections/:n/items/move", on_items("move"));
  routes.post("/collections/:n/edit", collection_form(hub, this_collection,
                                                      [](HubContext& hub, Req req, Store& store,
                                                         const User& user, std::string& /*next*/) {
                                                        return edit_collection(
                                                            store, user, req.path_params[0],
                                                            fields_from_form(req), hub.now());
                                                      }));
  routes.post("/collections/:n/delete",
              collection_form(hub, all_collections,
                              [](HubContext& /*hub*/, Req req, Store& store, const User& user,
                                 std::string& /*next*/) {
                                return delete_collection_of(store, user, req.path_params[0]);
                              }));

  routes.get("/api/collections/:n",
             admitted(hub, api_read(), [](ApiRequest& api, Req req, Res res) {
               answer_with_collection(api, res, req.path_params[0], 200);
             }));
  routes.post("/api/collections",
              collection_api_write(hub, [&hub](ApiRequest& api, Req, Res res, const json& body) {
                CollectionFields fields;
                if (!read_field(body, "title", res, fields.title) ||
                    !read_field(body, "description", res, fields.description) ||
                    !read_field(body, "private", res, fields.is_private) ||
                    !read_field(body, "organization", res, fields.organization)) {
                  return;
                }
                int64_t created = 0;
                ActionOutcome outcome = create_collection_for(api.store(), *api.visitor.user,
                                                              fields, hub.now(), created);
                if (send_failure(res, outcome)) return;
                answer_with_collection(api, res, std::to_string(created), 201);
              }));
  // Adds a paper (or changes its note) and, given `position`, puts it there.
  routes.post(
      "/api/collections/:n/items",
      collection_api_write(hub, [&hub](ApiRequest& api, Req req, Res res, const json& body) {
        const std::string id = req.path_params[0];
        std::string paper, note;
        if (!read_field(body, "paper", res, paper) || !read_field(body, "note", res, note)) return;
        auto position = body.find("position");
        if (position != body.end() && !position->is_number_unsigned()) {
          return send_error(res, 400, "bad field", "position is a number from 0");
        }
        ActionOutcome outcome =
            add_to_collection(api.store(), *api.visitor.user, id, paper, note, hub.now());
        if (send_failure(res, outcome)) return;
        const int status = outcome.done == Done::kCreated ? 201 : 200;
        if (position != body.end()) {
          outcome = move_in_collection(
              api.store(), *api.visitor.user, id, paper,
              static_cast<int>(std::min<uint64_t>(position->get<uint64_t>(), 1'000'000)),
              hub.now());
          if (send_failure(res, outcome)) return;
        }
        answer_with_collection(api, res, id, status);
      }));
  routes.del("/api/collections/:n/items/:id",
             admitted(hub, api_write("collection", &hub.options.limits.organize),
                      [&hub](ApiRequest& api, Req req, Res res) {
                        const std::string id = req.path_params[0];
                        ActionOutcome outcome = remove_from_collection(
                            api.store(), *api.visitor.user, id, req.path_params[1], hub.now());
                        if (send_failure(res, outcome)) return;
                        answer_with_collection(api, res, id, 200);
                      }));
}

}  // namespace paperboy
