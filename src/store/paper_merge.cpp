#include "store/paper_merge.h"

#include <algorithm>

#include "core/paper_links.h"

namespace paperboy {
namespace {

template <typename T>
void take_if_present(T& field, const T& incoming) {
  if (!incoming.empty()) field = incoming;
}

Date earliest(const Date& a, const Date& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return std::min(a, b);
}

}  // namespace

Paper merge_papers(const Paper& stored, const Paper& incoming) {
  Paper merged = stored;
  // A source without versions (OAI-PMH's arXiv format) is current when its record was updated
  // after the stored one; with versions, the version decides.
  bool incoming_is_current =
      incoming.version >= stored.version ||
      (incoming.version == 0 && !incoming.updated.empty() && incoming.updated > stored.updated);
  if (incoming_is_current) {
    take_if_present(merged.title, incoming.title);
    take_if_present(merged.abstract, incoming.abstract);
    take_if_present(merged.authors, incoming.authors);
    take_if_present(merged.categories, incoming.categories);
    take_if_present(merged.doi, incoming.doi);
    take_if_present(merged.comments, incoming.comments);
    take_if_present(merged.journal_ref, incoming.journal_ref);
    take_if_present(merged.license, incoming.license);
  }
  merged.version = std::max(stored.version, incoming.version);
  merged.published = earliest(stored.published, incoming.published);
  merged.updated = std::max(stored.updated, incoming.updated);
  if (!incoming.hub_day.empty()) {
    merged.hub_day = incoming.hub_day;
    merged.upvotes = incoming.upvotes;
    // The hub's organisation replaces the hub's, never one a reader linked or unlinked.
    if (!links_set_by_reader(stored.organization_set_by) && !incoming.organization.empty()) {
      merged.organization = incoming.organization;
      merged.organization_fullname = incoming.organization_fullname;
      merged.organization_set_by.clear();
    }
    take_if_present(merged.submitter, incoming.submitter);
    take_if_present(merged.submitter_fullname, incoming.submitter_fullname);
    // The hub's links replace found or earlier hub ones, never a reader's.
    if (incoming.links_set_by == kLinksFromHub && !links_set_by_reader(stored.links_set_by)) {
      merged.links_set_by = std::string(kLinksFromHub);
      take_if_present(merged.code_link, incoming.code_link);
      take_if_present(merged.project_page, incoming.project_page);
      take_if_present(merged.hub_artifacts, incoming.hub_artifacts);
      if (incoming.github_stars > 0) merged.github_stars = incoming.github_stars;
    }
  }
  // A reader's edit (the links API) carries their handle: their links, as they are.
  if (links_set_by_reader(incoming.links_set_by)) {
    merged.links_set_by = incoming.links_set_by;
    merged.code_link = incoming.code_link;
    merged.project_page = incoming.project_page;
    merged.hub_artifacts = incoming.hub_artifacts;
    merged.github_stars = incoming.github_stars;
  }
  if (links_set_by_reader(incoming.organization_set_by)) {
    merged.organization = incoming.organization;
    merged.organization_fullname = incoming.organization_fullname;
    merged.organization_set_by = incoming.organization_set_by;
  }
  // A summary (the hub's, or the summariser's) replaces one of an older or the same version.
  if (!incoming.ai_summary.empty() && incoming.ai_version >= stored.ai_version) {
    merged.ai_summary = incoming.ai_summary;
    merged.ai_keywords = incoming.ai_keywords;
    merged.ai_model = incoming.ai_model;
    merged.ai_version = incoming.ai_version;
  }
  merged.thumbnail_version = std::max(stored.thumbnail_version, incoming.thumbnail_version);
  // Links found in the text follow the text merged above.
  resolve_paper_links(merged);
  return merged;
}

}  // namespace paperboy
