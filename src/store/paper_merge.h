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
//    since only a hub listing knows them.
Paper merge_papers(const Paper& stored, const Paper& incoming);

}  // namespace paperboy
