#include "server/hf_json.h"

namespace paperboy {
namespace {

using nlohmann::json;

json timestamp_or_null(const Date& day) { return day.empty() ? json(nullptr) : json(hf_timestamp(day)); }

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
  return {{"name", paper.organization}, {"fullname", paper.organization}};
}

// The hub's user object: the client reads the user name under `user` (the hub's list bodies
// also carry it as `name`).
json submitter_of(const Paper& paper) {
  if (paper.submitter.empty()) return nullptr;
  std::string fullname = paper.submitter_fullname.empty() ? paper.submitter : paper.submitter_fullname;
  return {{"user", paper.submitter}, {"name", paper.submitter}, {"fullname", fullname}, {"type", "user"}};
}

}  // namespace

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
  return {
      {"paper", inner},
      {"id", paper.id},
      {"title", paper.title},
      {"summary", paper.abstract},
      {"authors", inner["authors"]},
      {"upvotes", paper.total_upvotes()},
      {"discussionId", paper.id},
      {"publishedAt", timestamp_or_null(paper.hub_day.empty() ? paper.published : paper.hub_day)},
      {"numComments", facts.num_comments},
      {"thumbnail", nullptr},
      {"submittedBy", submitter_of(paper)},
      {"organization", organization_of(paper)}};
}

json hf_flat_paper(const Paper& paper, const PaperCommunityFacts& facts) {
  return {{"id", paper.id},
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
          {"linkedModels", json::array()},
          {"linkedDatasets", json::array()},
          {"linkedSpaces", json::array()},
          {"numTotalModels", 0},
          {"numTotalDatasets", 0},
          {"version", paper.version},
          {"categories", paper.categories},
          {"updatedAt", timestamp_or_null(paper.updated)},
          {"doi", paper.doi},
          {"journalRef", paper.journal_ref},
          {"comments", paper.comments},
          {"license", paper.license}};
}

}  // namespace paperboy
