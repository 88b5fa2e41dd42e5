#include "server/pages/replies_feed.h"

#include <ctime>
#include <unordered_map>

#include "core/date.h"
#include "core/markup_escape.h"
#include "server/formats/post_html.h"
#include "server/formats/post_markdown.h"
#include "server/pages/page_helpers.h"
#include "server/request/feed_link.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

constexpr int64_t kFeedLinkSeconds = int64_t{365} * 86400;
constexpr size_t kEntries = 50;

void replies_feed(HubContext& hub, const ServerRequest& req, ServerResponse& res) {
  std::optional<ReaderPool::Lease> readers;
  if (!lease(hub.readers, res, readers)) return;
  auto user_id = feed_owner(hub, req, res, *readers);
  if (!user_id) return;
  auto posts = readers->store().discussions().replies_for(*user_id, 0, kEntries);
  if (!posts.ok()) return send_store_error(res, posts.error());
  std::vector<int64_t> docs;
  docs.reserve(posts->size());
  for (const auto& p : *posts) docs.push_back(p.doc_id);
  auto papers = readers->store().get_many(docs);
  if (!papers.ok()) return send_store_error(res, papers.error());
  std::unordered_map<int64_t, const Paper*> paper_of;
  for (const auto& stored : *papers) paper_of[stored.doc_id] = &stored.paper;

  const std::string base = base_url(req);
  const std::string self =
      base + "/feeds/replies.atom?token=" + url_query(req.get_param_value("token"));
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>paperboy: new comments for you</title>\n";
  out +=
      "  <id>" + xml_escape(base + "/feeds/replies.atom/" + std::to_string(*user_id)) + "</id>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(self) + "\"/>\n";
  out += "  <updated>" +
         utc_text(posts->empty() ? hub.now() : posts->front().created, "%Y-%m-%dT%H:%M:%SZ") +
         "</updated>\n";
  out += "  <generator>paperboy</generator>\n";
  for (const auto& post : *posts) {
    auto paper = paper_of.find(post.doc_id);
    if (paper == paper_of.end()) continue;
    const std::string link =
        base + "/papers/" + url_path(paper->second->id) + "#comment-" + std::to_string(post.id);
    out += "  <entry>\n";
    out += "    <id>" + xml_escape(link) + "</id>\n";
    out += "    <title>" + xml_escape("@" + post.handle + " on " + paper->second->title) +
           "</title>\n";
    out += "    <link rel=\"alternate\" href=\"" + xml_escape(link) + "\"/>\n";
    out += "    <updated>" +
           utc_text(post.edited ? post.edited : post.created, "%Y-%m-%dT%H:%M:%SZ") +
           "</updated>\n";
    out += "    <author><name>" +
           xml_escape(post.user_name.empty() ? post.handle : post.user_name) + "</name></author>\n";
    out += "    <content type=\"html\">" + xml_escape(post_html(post)) + "</content>\n";
    out += "  </entry>\n";
  }
  res.set_content(out + "</feed>\n", "application/atom+xml; charset=utf-8");
}

}  // namespace

std::string replies_feed_path(const HubContext& hub, int64_t user_id) {
  if (hub.options.links == nullptr) return "";
  return "/feeds/replies.atom?token=" +
         url_query(
             hub.options.links->sign(LinkPurpose::kFeed, user_id, hub.now() + kFeedLinkSeconds));
}

void add_replies_feed(const Routes& routes, HubContext& hub) {
  routes.get("/feeds/replies.atom", [&hub](const ServerRequest& req, ServerResponse& res) {
    replies_feed(hub, req, res);
  });
}

}  // namespace paperboy
