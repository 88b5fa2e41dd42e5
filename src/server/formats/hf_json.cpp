#include "server/formats/hf_json.h"

#include "core/paper_links.h"

namespace paperboy {
namespace {

using nlohmann::json;

json timestamp_or_null(const Date& day) {
  return day.empty() ? json(nullptr) : json(hf_timestamp(day));
}

// A claimed author carries the account as the hub's do: `user` with the user name in it.
json authors_of(const Paper& paper, const PaperCommunityFacts& facts) {
  json authors = json::array();
  for (const auto& name : paper.authors) authors.push_back({{"name", name}, {"hidden", false}});
  for (const auto& [position, handle] : facts.claimed_authors) {
    if (position >= 0 && static_cast<size_t>(position) < authors.size()) {
      authors[static_cast<size_t>(position)]["user"] = {
          {"user", handle}, {"name", handle}, {"type", "user"}};
      authors[static_cast<size_t>(position)]["status"] = "claimed_verified";
    }
  }
  return authors;
}

json organization_of(const Paper& paper) {
  if (paper.organization.empty()) return nullptr;
  return {{"name", paper.organization},
          {"fullname",
           paper.organization_fullname.empty() ? paper.organization : paper.organization_fullname}};
}

// The hub's user object: the client reads the user name under `user` (the hub's list bodies
// also carry it as `name`).
json submitter_of(const Paper& paper) {
  if (paper.submitter.empty()) return nullptr;
  std::string fullname =
      paper.submitter_fullname.empty() ? paper.submitter : paper.submitter_fullname;
  return {{"user", paper.submitter},
          {"name", paper.submitter},
          {"fullname", fullname},
          {"type", "user"}};
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json keywords_of(const Paper& paper) {
  return paper.ai_summary.empty() ? json(nullptr) : json(paper.ai_keywords);
}

// The hub's linked artefacts of one kind, each `{id}` (the client requires the key).
json artifacts_of(const Paper& paper, std::string_view kind) {
  json list = json::array();
  for (const auto& artifact : paper.hub_artifacts) {
    auto [k, id] = split_hub_artifact(artifact);
    if (k == kind) list.push_back({{"id", id}});
  }
  return list;
}

// The links, summary and thumbnail, which the client reads at an item's top level and from a
// flat paper.
void add_extras(json& out, const Paper& paper) {
  out["githubRepo"] = text_or_null(paper.code_link);
  out["githubStars"] = paper.code_link.empty() ? json(nullptr) : json(paper.github_stars);
  out["projectPage"] = text_or_null(paper.project_page);
  out["ai_summary"] = text_or_null(paper.ai_summary);
  out["ai_keywords"] = keywords_of(paper);
  out["thumbnail"] = paper.thumbnail_version > 0 ? json(thumbnail_path(paper)) : json(nullptr);
}

}  // namespace

std::string thumbnail_path(const Paper& paper) {
  return "/papers/" + paper.id + "/thumbnail.png?v=" + std::to_string(paper.thumbnail_version);
}

std::string hf_timestamp(const Date& day) { return day.str() + "T00:00:00.000Z"; }

json hf_daily_item(const Paper& paper, const PaperCommunityFacts& facts) {
  json inner = {{"id", paper.id},
                {"title", paper.title},
                {"summary", paper.abstract},
                {"authors", authors_of(paper, facts)},
                {"publishedAt", timestamp_or_null(paper.published)},
                {"submittedOnDailyAt", timestamp_or_null(paper.hub_day)},
                {"upvotes", paper.total_upvotes()},
                {"discussionId", paper.id}};
  if (!paper.organization.empty()) inner["organization"] = organization_of(paper);
  if (!paper.submitter.empty()) inner["submittedOnDailyBy"] = submitter_of(paper);
  json item = {
      {"paper", inner},
      {"id", paper.id},
      {"title", paper.title},
      {"summary", paper.abstract},
      {"authors", inner["authors"]},
      {"upvotes", paper.total_upvotes()},
      {"discussionId", paper.id},
      {"publishedAt", timestamp_or_null(paper.hub_day.empty() ? paper.published : paper.hub_day)},
      {"numComments", facts.num_comments},
      {"submittedBy", submitter_of(paper)},
      {"organization", organization_of(paper)}};
  add_extras(item, paper);
  return item;
}

json hf_flat_paper(const Paper& paper, const PaperCommunityFacts& facts) {
  json models = artifacts_of(paper, "model"), datasets = artifacts_of(paper, "dataset"),
       spaces = artifacts_of(paper, "space");
  json flat = {{"id", paper.id},
               {"title", paper.title},
               {"summary", paper.abstract},
               {"authors", authors_of(paper, facts)},
               {"publishedAt", timestamp_or_null(paper.published)},
               {"submittedOnDailyAt", timestamp_or_null(paper.hub_day)},
               {"submittedOnDailyBy", submitter_of(paper)},
               {"upvotes", paper.total_upvotes()},
               {"discussionId", paper.id},
               {"numComments", facts.num_comments},
               {"organization", organization_of(paper)},
               {"numTotalModels", models.size()},
               {"numTotalDatasets", datasets.size()},
               {"numTotalSpaces", spaces.size()},
               {"linkedModels", std::move(models)},
               {"linkedDatasets", std::move(datasets)},
               {"linkedSpaces", std::move(spaces)},
               {"version", paper.version},
               {"categories", paper.categories},
               {"updatedAt", timestamp_or_null(paper.updated)},
               {"doi", paper.doi},
               {"journalRef", paper.journal_ref},
               {"comments", paper.comments},
               {"license", paper.license}};
  add_extras(flat, paper);
  return flat;
}

}  // namespace paperboy
