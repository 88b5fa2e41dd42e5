#include "ingest/hf_daily.h"

#include "core/arxiv_id.h"
#include "core/paper_links.h"
#include "core/text_normalise.h"

namespace paperboy {
namespace {

using nlohmann::json;

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<Date> date_at(const json& object, const char* key) {
  std::string text = string_at(object, key);
  if (text.empty()) return Date{};
  auto date = parse_date(text);
  if (!date.ok()) return Error{std::string(key) + ": " + date.error().message};
  return *date;
}

// The organisation's name (its page's key on the hub) and display name; false when none.
bool organization_of(const json& object, Paper& p) {
  auto it = object.find("organization");
  if (it == object.end() || !it->is_object()) return false;
  std::string name = collapse_whitespace(string_at(*it, "name"));
  std::string fullname = collapse_whitespace(string_at(*it, "fullname"));
  if (name.empty()) name = fullname;
  if (name.empty()) return false;
  p.organization = name;
  p.organization_fullname = fullname.empty() ? name : fullname;
  return true;
}

// The hub user who put the paper on the daily list: the item's submittedBy (name, fullname)
// or, in older lists, the paper's submittedOnDailyBy (user, fullname).
void submitter_of(const json& item, const json& paper, Paper& p) {
  for (const auto& [holder, key, name_key] : {std::tuple{&item, "submittedBy", "name"},
                                              std::tuple{&paper, "submittedOnDailyBy", "user"}}) {
    auto it = holder->find(key);
    if (it == holder->end() || !it->is_object()) continue;
    std::string name = collapse_whitespace(string_at(*it, name_key));
    if (name.empty()) name = collapse_whitespace(string_at(*it, "user"));
    if (name.empty()) continue;
    p.submitter = name;
    p.submitter_fullname = collapse_whitespace(string_at(*it, "fullname"));
    return;
  }
}

// The paper's links and summary as the hub gives them, at the paper's level or (newer lists)
// the item's. A link the hub holds that is not a repository or a web address is left out.
void hub_extras_of(const json& item, const json& paper, Paper& p) {
  auto text = [&](const char* key) {
    std::string value = string_at(paper, key);
    return value.empty() ? string_at(item, key) : value;
  };
  if (auto code = normalise_code_link(text("githubRepo")); code.ok()) p.code_link = *code;
  if (auto page = normalise_page_link(text("projectPage")); page.ok()) p.project_page = *page;
  for (const json* holder : {&paper, &item}) {
    auto stars = holder->find("githubStars");
    if (stars != holder->end() && stars->is_number_integer() && *stars > 0 &&
        *stars < 100'000'000) {
      p.github_stars = stars->get<int>();
    }
  }
  if (!p.code_link.empty() || !p.project_page.empty()) p.links_set_by = std::string(kLinksFromHub);
  p.ai_summary = collapse_whitespace(text("ai_summary"));
  if (p.ai_summary.empty()) return;
  for (const json* holder : {&paper, &item}) {
    auto keywords = holder->find("ai_keywords");
    if (keywords == holder->end() || !keywords->is_array() || !p.ai_keywords.empty()) continue;
    for (const auto& keyword : *keywords) {
      if (keyword.is_string() && !keyword.get<std::string>().empty()) {
        p.ai_keywords.push_back(collapse_whitespace(keyword.get<std::string>()));
      }
    }
  }
  p.ai_model = text("ai_summary_model");
  if (p.ai_model.empty()) p.ai_model = "hub";
  p.ai_version = p.version;
}

}  // namespace

Result<Paper> paper_from_hf_daily_item(const json& item) {
  if (!item.is_object()) return Error{"expected an object"};
  auto paper_it = item.find("paper");
  if (paper_it == item.end() || !paper_it->is_object()) return Error{"paper: missing"};
  const json& paper = *paper_it;

  auto id = parse_arxiv_id(string_at(paper, "id"));
  if (!id.ok()) return Error{"paper.id: " + id.error().message};
  Paper p;
  p.id = id->base;
  p.version = id->version;
  p.title = collapse_whitespace(string_at(paper, "title"));
  if (p.title.empty()) p.title = collapse_whitespace(string_at(item, "title"));
  p.abstract = collapse_whitespace(string_at(paper, "summary"));
  if (p.abstract.empty()) p.abstract = collapse_whitespace(string_at(item, "summary"));

  if (auto authors = paper.find("authors"); authors != paper.end() && authors->is_array()) {
    for (const auto& author : *authors) {
      if (!author.is_object()) continue;
      std::string name = collapse_whitespace(string_at(author, "name"));
      if (!name.empty()) p.authors.push_back(name);
    }
  }

  auto published = date_at(paper, "publishedAt");
  if (!published.ok()) return Error{"paper." + published.error().message};
  p.published = p.updated = *published;

  auto listed = date_at(paper, "submittedOnDailyAt");
  if (!listed.ok()) return Error{"paper." + listed.error().message};
  if (listed->empty()) listed = date_at(item, "publishedAt");
  if (!listed.ok()) return listed.error();
  p.hub_day = *listed;

  if (auto upvotes = paper.find("upvotes"); upvotes != paper.end()) {
    if (!upvotes->is_number_integer() || *upvotes < 0) {
      return Error{"paper.upvotes: expected a non-negative integer"};
    }
    p.upvotes = upvotes->get<int>();
  }
  if (!organization_of(item, p)) organization_of(paper, p);
  submitter_of(item, paper, p);
  hub_extras_of(item, paper, p);

  if (auto s = validate_paper(p); !s.ok()) return s.error();
  return p;
}

Result<std::vector<HfDailyItem>> papers_from_hf_daily(const json& document) {
  if (!document.is_array()) return Error{"expected a JSON array of daily-paper items"};
  std::vector<HfDailyItem> items;
  items.reserve(document.size());
  for (size_t i = 0; i < document.size(); ++i) {
    items.push_back({i, paper_from_hf_daily_item(document[i])});
  }
  return items;
}

}  // namespace paperboy
