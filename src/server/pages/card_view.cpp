#include "server/pages/card_view.h"

#include <algorithm>

#include "server/formats/tex_html.h"
#include "server/http/url_text.h"
#include "server/pages/paper_extras_view.h"
#include "server/rules/paper_facts.h"

namespace paperboy {
namespace {

constexpr size_t kPreviewChars = 300;
constexpr size_t kCardAuthors = 6;
// How many named authors past the first few a card shows (a name may match several).
constexpr size_t kNamedAuthorsPast = 2;

// The first `limit` bytes of `text` cut at a word boundary (never inside a UTF-8 sequence).
std::string preview(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = text.rfind(' ', limit);
  if (cut == std::string::npos || cut < limit / 2) {
    cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut) + " …";
}

}  // namespace

CardFacts card_facts(PageRequest& page, std::span<const StoredPaper> papers) {
  CardFacts by_doc;
  auto facts = community_facts(page.store(), papers);
  if (!facts.ok()) return by_doc;
  for (size_t i = 0; i < papers.size(); ++i)
    by_doc.emplace(papers[i].doc_id, std::move((*facts)[i]));
  return by_doc;
}

void add_author_link(ctemplate::TemplateDictionary& author, const std::string& name,
                     const PaperCommunityFacts* facts, int position) {
  author.SetValue("AUTHOR_NAME", name);
  author.SetValue("AUTHOR_HREF", "/authors/" + url_path(name));
  if (!facts) return;
  for (const auto& [claimed, handle] : facts->claimed_authors) {
    if (claimed != position) continue;
    author.SetValue("AUTHOR_HREF", "/u/" + url_path(handle));
    author.SetValueAndShowSection("AUTHOR_HANDLE", handle, "CLAIMED");
  }
}

void add_submitter(ctemplate::TemplateDictionary& card, const Paper& paper,
                   const PaperCommunityFacts* facts) {
  const bool local = facts && !facts->local_submitter.empty();
  if (!local && paper.submitter.empty()) return;
  auto* submitted = card.AddSectionDictionary("SUBMITTED");
  std::string name = paper.submitter_fullname.empty() ? paper.submitter : paper.submitter_fullname;
  if (local) {
    auto* link = submitted->AddSectionDictionary("SUBMITTER_LINK");
    link->SetValue("SUBMITTER_HANDLE", facts->local_submitter);
    link->SetValue("SUBMITTER_NAME", name.empty() ? facts->local_submitter : name);
  } else {
    // Imported from the Hugging Face hub: the name, without a profile here to link to.
    submitted->SetValueAndShowSection("SUBMITTER_NAME", name, "SUBMITTER_TEXT");
  }
}

void add_card(ctemplate::TemplateDictionary& dict, const StoredPaper& stored,
              const Visitor& visitor, const CardExtras& extras) {
  const Paper& p = stored.paper;
  auto* section = dict.AddSectionDictionary("PAPER");
  auto* card = section->AddIncludeDictionary("CARD");
  card->SetFilename("card.tpl");
  card->SetValue("ID", p.id);
  card->SetValue("ID_PATH", url_path(p.id));
  card->SetValue("TITLE", p.title);
  card->SetValue("TITLE_HTML", tex_to_html(p.title, false));
  card->SetValue("CSRF", visitor.csrf);
  if (extras.library) {
    auto* kept = card->AddSectionDictionary("LIBRARY");
    kept->SetValue("SAVED_DAY", utc_day(extras.library->saved).str());
    kept->SetValue("ID_PATH", url_path(p.id));
    kept->SetValue("CSRF", visitor.csrf);
    kept->SetValue("TITLE", p.title);
    for (const auto& tag : extras.library->tags) {
      auto* t = kept->AddSectionDictionary("TAG");
      t->SetValue("TAG_NAME", tag);
      t->SetValue("TAG_PARAM", url_query(tag));
    }
  } else if (visitor.user && !extras.kept_by_reader) {
    card->ShowSection("HIDE");
  }
  if (!extras.why.empty()) card->SetValueAndShowSection("WHY_TEXT", extras.why, "WHY");
  card->SetValue("VOTED", extras.voted ? "true" : "false");
  card->SetValue("VOTE_ACTION", extras.voted ? "down" : "up");
  card->SetIntValue("UPVOTES", p.total_upvotes());
  if (extras.is_new) card->ShowSection("NEW");
  const PaperCommunityFacts* facts = nullptr;
  if (extras.facts) {
    if (auto found = extras.facts->find(stored.doc_id); found != extras.facts->end())
      facts = &found->second;
  }
  // The first few authors, and any the search named further down the list.
  size_t shown = 0;
  for (size_t i = 0; i < p.authors.size(); ++i) {
    const bool named = extras.named_authors && extras.named_authors->matches(p.authors[i]);
    if (i >= kCardAuthors && (!named || shown >= kCardAuthors + kNamedAuthorsPast)) continue;
    auto* author = card->AddSectionDictionary("AUTHOR");
    add_author_link(*author, p.authors[i], facts, static_cast<int>(i));
    if (named) author->ShowSection("NAMED");
    if (i >= kCardAuthors) author->ShowSection("SKIPPED");  // "…" marks the authors left out
    ++shown;
  }
  if (facts && facts->num_comments > 0) {
    auto* comments = card->AddSectionDictionary("COMMENTS");
    comments->SetValue("ID_PATH", url_path(p.id));
    comments->SetValue("COMMENTS_LABEL", std::to_string(facts->num_comments) +
                                             (facts->num_comments == 1 ? " comment" : " comments"));
  }
  add_submitter(*card, p, facts);
  add_card_extras(*card, p);
  if (p.authors.size() > shown) {
    card->SetIntValue("MORE_AUTHORS_COUNT", static_cast<long>(p.authors.size() - shown));
    card->ShowSection("MORE_AUTHORS");
  }
  Date day = !p.hub_day.empty() ? p.hub_day : p.published;
  if (extras.by_published && !p.published.empty()) {
    day = p.published;
    card->ShowSection("PUBLISHED_DAY");
  }
  card->SetValue("DAY", day.str());
  if (!p.categories.empty())
    card->SetValueAndShowSection("CATEGORY_NAME", p.categories.front(), "CATEGORY");
  if (!extras.score.empty()) card->SetValueAndShowSection("SCORE_VALUE", extras.score, "SCORE");
  if (!extras.snippet_html.empty()) {
    card->SetValueAndShowSection("SNIPPET_HTML", extras.snippet_html, "SNIPPET");
  } else if (!p.abstract.empty()) {
    card->SetValueAndShowSection("PREVIEW_HTML",
                                 tex_to_html(preview(p.abstract, kPreviewChars), true), "PREVIEW");
  }
}

std::unordered_set<int64_t> voted_set(PageRequest& page, std::span<const StoredPaper> papers) {
  std::unordered_set<int64_t> voted;
  if (!page.visitor.user) return voted;
  std::vector<int64_t> ids;
  for (const auto& p : papers) ids.push_back(p.doc_id);
  auto found = page.community().voted_among(page.visitor.user->id, ids);
  if (found.ok()) voted.insert(found->begin(), found->end());
  return voted;
}

}  // namespace paperboy
