#include "store/paper_merge.h"

#include <algorithm>

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
  bool incoming_is_current = incoming.version >= stored.version ||
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
    take_if_present(merged.organization, incoming.organization);
    take_if_present(merged.submitter, incoming.submitter);
    take_if_present(merged.submitter_fullname, incoming.submitter_fullname);
  }
  return merged;
}

}  // namespace paperboy
