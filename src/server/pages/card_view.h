// The paper card every listing draws (card.tpl): title, authors, date, votes, the community's
// counts, and what the listing adds (a search excerpt, a reason, library tags).
#pragma once

#include <ctemplate/template.h>

#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/name_keys.h"
#include "server/formats/hf_json.h"
#include "server/pages/page_request.h"
#include "server/request/visitor.h"

namespace paperboy {

// What the community added to a listing's papers, by doc_id.
using CardFacts = std::unordered_map<int64_t, PaperCommunityFacts>;
// Empty when the store cannot say: the cards then show no counts rather than fail the page.
CardFacts card_facts(PageRequest& page, std::span<const StoredPaper> papers);

struct CardExtras {
  bool voted = false;
  bool is_new = false;
  std::string snippet_html{};  // search excerpt, already escaped with <b> highlights
  std::string score{};         // the card's place in trending ("trending #3")
  std::string why{};           // why it is recommended ("Because you saved …")
  // A card of the reader's library: its tags and day saved, with remove and edit instead of
  // "Not interested".
  const LibraryEntry* library = nullptr;
  // The listing's comment counts, claimed authors and submitters (card_facts); none: not shown.
  const CardFacts* facts = nullptr;
  // The authors a search named, marked on the card (and shown even past the first few).
  const AuthorMatch* named_authors = nullptr;
  // A card in a list the reader keeps (their own collection): no "Not interested" there.
  bool kept_by_reader = false;
  // A listing in order of publication ("Newest"): the card shows that date, said to be it,
  // rather than the day the paper was listed on the hub.
  bool by_published = false;
};
// An AUTHOR section's link: the claimed profile (/u/…) when `facts` has one for `position`,
// else the author page of the name.
void add_author_link(ctemplate::TemplateDictionary& author, const std::string& name,
                     const PaperCommunityFacts* facts, int position);
// The card's "submitted by": a local account links to its profile; a hub submitter is named.
void add_submitter(ctemplate::TemplateDictionary& card, const Paper& paper,
                   const PaperCommunityFacts* facts);
// Adds a PAPER section with its CARD include to `dict`. Signed-in visitors also get a
// "Not interested" button on it.
void add_card(ctemplate::TemplateDictionary& dict, const StoredPaper& stored,
              const Visitor& visitor, const CardExtras& extras);
// The doc_ids among `papers` the visitor has voted for (empty for anonymous visitors).
std::unordered_set<int64_t> voted_set(PageRequest& page, std::span<const StoredPaper> papers);

}  // namespace paperboy
