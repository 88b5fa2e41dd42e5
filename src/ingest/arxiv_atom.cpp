#include "ingest/arxiv_atom.h"

#include <algorithm>
#include <pugixml.hpp>

#include "core/arxiv_id.h"
#include "core/text_normalise.h"

namespace paperboy {
namespace {

// Atom elements are unprefixed (default namespace); the extensions use arxiv: and opensearch:.
std::string text_of(const pugi::xml_node& parent, const char* name) {
  return collapse_whitespace(parent.child(name).child_value());
}

Result<Date> timestamp(const pugi::xml_node& entry, const char* name) {
  std::string text = text_of(entry, name);  // "2021-04-20T16:07:14Z"
  if (text.empty()) return Date{};
  auto date = parse_date(text.substr(0, 10));
  if (!date.ok()) return Error{std::string(name) + ": " + date.error().message};
  return *date;
}

Result<Paper> paper_from_entry(const pugi::xml_node& entry) {
  auto id = parse_arxiv_id(text_of(entry, "id"));
  if (!id.ok()) return Error{"id: " + id.error().message};
  Paper p;
  p.id = id->base;
  p.version = id->version;
  p.title = text_of(entry, "title");
  p.abstract = text_of(entry, "summary");
  for (auto author : entry.children("author")) {
    std::string name = text_of(author, "name");
    if (!name.empty()) p.authors.push_back(name);
  }
  std::string primary = entry.child("arxiv:primary_category").attribute("term").value();
  if (!primary.empty()) p.categories.push_back(primary);
  for (auto category : entry.children("category")) {
    std::string term = category.attribute("term").value();
    if (!term.empty() &&
        std::find(p.categories.begin(), p.categories.end(), term) == p.categories.end()) {
      p.categories.push_back(term);
    }
  }
  auto published = timestamp(entry, "published");
  if (!published.ok()) return published.error();
  auto updated = timestamp(entry, "updated");
  if (!updated.ok()) return updated.error();
  p.published = *published;
  p.updated = updated->empty() ? *published : *updated;
  p.doi = text_of(entry, "arxiv:doi");
  p.comments = text_of(entry, "arxiv:comment");
  p.journal_ref = text_of(entry, "arxiv:journal_ref");
  if (auto s = validate_paper(p); !s.ok()) return s.error();
  return p;
}

}  // namespace

Result<ArxivFeed> parse_arxiv_atom(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed)
    return Error{"malformed XML at byte " + std::to_string(parsed.offset) + ": " +
                 parsed.description()};
  pugi::xml_node feed = doc.document_element();
  if (std::string_view(feed.name()) != "feed") {
    return Error{"not an Atom feed: the document is <" + std::string(feed.name()) + ">"};
  }
  ArxivFeed result;
  std::string total = text_of(feed, "opensearch:totalResults");
  result.total_results = total.empty() ? 0 : std::atoll(total.c_str());
  int n = 0;
  for (auto entry : feed.children("entry")) {
    ++n;
    std::string entry_id = text_of(entry, "id");
    if (entry_id.find("arxiv.org/api/errors") != std::string::npos) {
      return Error{"arXiv API error: " + text_of(entry, "summary")};
    }
    auto paper = paper_from_entry(entry);
    if (!paper.ok()) {
      result.problems.push_back("entry " + std::to_string(n) + " (" + entry_id +
                                "): " + paper.error().message);
      continue;
    }
    result.papers.push_back(std::move(paper).value());
  }
  return result;
}

}  // namespace paperboy
