// How a paper arriving from a source combines with the one already stored. Sources disagree in
// what they know: the arXiv snapshot has versions and categories but no hub facts, the hub's
// daily list has upvotes and the listing day but no version. Neither may erase the other.
#pragma once

#include "core/paper.h"

namespace paperboy {

// Rules:
//  - metadata (title, abstract, authors, categories, doi, comments, journal-ref, license) comes
//    from `incoming` when it is at least as new (a higher version, or both unversioned, or the
//    same version, or an unversioned record updated later than the stored one) and from
//    `stored` otherwise; an empty incoming field never erases a value;
//  - the version is the higher of the two; `published` the earliest known, `updated` the latest;
//  - hub facts (hub_day, upvotes, organization) come from `incoming` when it carries a hub_day,
//    since only a hub listing knows them; so do the hub's links (unless a reader set them);
//  - a reader's links (incoming.links_set_by a handle) replace any; a summary replaces one of an
//    older or the same paper version; the thumbnail's version is the higher;
//  - links found in the text are found again in the merged text (core/paper_links.h).
Paper merge_papers(const Paper& stored, const Paper& incoming);

}  // namespace paperboy
