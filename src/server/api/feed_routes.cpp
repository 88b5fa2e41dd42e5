#include "server/api/feed_routes.h"

#include "server/formats/atom_feed.h"
#include "server/formats/citation_formats.h"
#include "server/formats/paper_markdown.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

std::vector<Paper> papers_of(std::vector<StoredPaper>&& stored) {
  std::vector<Paper> papers;
  papers.reserve(stored.size());
  for (auto& s : stored) papers.push_back(std::move(s.paper));
  return papers;
}

Date newest_day(const std::vector<Paper>& papers) {
  Date newest;
  for (const auto& p : papers) newest = std::max({newest, p.hub_day, p.updated});
  return newest;
}

// The papers a search finds, in rank order; false when an error was sent.
bool search(const ServerRequest& req, ServerResponse& res, ReaderPool& pool,
            std::vector<Paper>& out) {
  size_t limit = 50;
  if (!read_count(req, res, "limit", kMaxLimit, limit)) return false;
  FoundPapers found;
  if (!search_request(req, res, pool, 0, limit, found)) return false;
  out = papers_of(std::move(found.papers));
  return true;
}

void send_feed(const ServerRequest& req, ServerResponse& res, const std::string& title,
               const std::vector<Paper>& papers) {
  std::string base = base_url(req);
  std::string self = base + req.path + (req.params.empty() ? "" : "?" + query_text(req.params));
  res.set_content(atom_feed({title, self, base, newest_day(papers)}, papers), kAtomType);
}

void send_citations(ServerResponse& res, const std::string& format,
                    const std::vector<Paper>& papers, const std::string& filename) {
  bool bib = format == "bib";
  res.set_content(bib ? bibtex(papers) : ris(papers),
                  bib ? "application/x-bibtex; charset=utf-8"
                      : "application/x-research-info-systems; charset=utf-8");
  res.add_header("Content-Disposition", "inline; filename=\"" + filename + "." + format + "\"");
}

}  // namespace

void add_feed_routes(const Routes& routes, ReaderPool& pool) {
  routes.get("/feeds/daily.atom", [&pool](const ServerRequest& req, ServerResponse& res) {
    std::optional<ReaderPool::Lease> readers;
    if (!lease(pool, res, readers)) return;
    HubListing listing;
    if (!listing_days(req, res, readers->store(), listing.days)) return;
    listing.limit = kMaxLimit;
    std::vector<Paper> papers;
    if (!listing.days.first.empty()) {
      auto stored = readers->store().list_hub_days(listing);
      if (!stored.ok()) return send_store_error(res, stored.error());
      papers = papers_of(std::move(stored).value());
    }
    std::string span = listing.days.first == listing.days.last
                           ? listing.days.first.str()
                           : listing.days.first.str() + " to " + listing.days.last.str();
    send_feed(req, res, "paperboy: daily papers " + span, papers);
  });
  routes.get("/feeds/search.atom", [&pool](const ServerRequest& req, ServerResponse& res) {
    std::vector<Paper> papers;
    if (search(req, res, pool, papers))
      send_feed(req, res, "paperboy: search for " + req.get_param_value("q"), papers);
  });
  routes.get(
      "/feeds/authors/:name(.+).atom", [&pool](const ServerRequest& req, ServerResponse& res) {
        std::string name = req.path_params[0];
        std::optional<ReaderPool::Lease> readers;
        if (!lease(pool, res, readers)) return;
        auto stored = readers->store().list_by_author(name, kMaxLimit);
        if (!stored.ok()) return send_store_error(res, stored.error());
        if (stored->empty()) return send_error(res, 404, "author not found", name);
        send_feed(req, res, "paperboy: papers by " + name, papers_of(std::move(stored).value()));
      });
  routes.get("/export/search.:format(bib|ris)",
             [&pool](const ServerRequest& req, ServerResponse& res) {
               std::vector<Paper> papers;
               if (search(req, res, pool, papers))
                 send_citations(res, req.path_params[0], papers, "search");
             });
  routes.get("/export/papers/:id.:format(bib|ris)",
             [&pool](const ServerRequest& req, ServerResponse& res) {
               Paper paper;
               if (!find_paper(req.path_params[0], res, pool, paper)) return;
               std::string filename = paper.id;
               for (char& c : filename) c = c == '/' ? '_' : c;
               send_citations(res, req.path_params[1], {paper}, filename);
             });
  // Registered before the paper page's /papers/(.+), which would take "2510.17681.md" for an id.
  routes.get("/papers/:id.md", [&pool](const ServerRequest& req, ServerResponse& res) {
    Paper paper;
    if (!find_paper(req.path_params[0], res, pool, paper)) return;
    res.set_content(paper_markdown(paper), "text/markdown; charset=utf-8");
  });
}

}  // namespace paperboy
