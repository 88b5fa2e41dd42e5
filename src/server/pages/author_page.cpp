#include "server/pages/author_page.h"

#include <fmt/format.h>

#include <map>

#include "core/name_keys.h"
#include "server/http/url_text.h"
#include "server/pages/card_view.h"
#include "server/pages/page_helpers.h"

namespace paperboy {
namespace {

constexpr size_t kAuthorPapers = 200;
// How many papers of a folded name are read to find the spelling they use.
constexpr size_t kSpellingSample = 200;
// No author's name has more words; a longer address is not looked up (bounded work for a
// hostile one: the router lets paths of thousands of words through).
constexpr size_t kMaxNameWords = 12;

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The spelling papers use for the name `typed` folds to (case, accents and anything that is
// not a letter or digit ignored: "yu+qiao" → "Yu Qiao"): the most common among the authors
// the index finds for it, or none. The index's author field holds names folded the same way.
std::optional<std::string> stored_spelling(PageRequest& page, std::string_view typed) {
  const std::vector<std::string> wanted = name_words(typed);
  LexicalIndex* index = page.readers->index();
  if (wanted.empty() || wanted.size() > kMaxNameWords || index == nullptr) return std::nullopt;
  std::string phrase;
  for (const auto& word : wanted) phrase += (phrase.empty() ? "" : " ") + word;
  SearchRequest request;
  request.query = "author:\"" + phrase + "\"";  // name_words are letters and digits only
  request.limit = kSpellingSample;
  request.correct_spelling = false;
  auto found = index->search(request);
  if (!found.ok() || found->hits.empty()) return std::nullopt;
  std::vector<int64_t> doc_ids;
  for (const auto& hit : found->hits) doc_ids.push_back(hit.doc_id);
  auto papers = page.store().get_many(doc_ids);
  if (!papers.ok()) return std::nullopt;
  std::map<std::string, int> uses;
  std::string best;
  for (const auto& stored : *papers) {
    for (const auto& author : stored.paper.authors) {
      if (name_words(author) != wanted) continue;
      const int count = ++uses[author];
      if (best.empty() || count > uses[best]) best = author;
    }
  }
  if (best.empty()) return std::nullopt;
  return best;
}

}  // namespace

void author_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                 ServerResponse& res) {
  std::string name = req.path_params[0];
  auto papers = page.store().list_by_author(name, kAuthorPapers);
  if (!papers.ok()) return send_store_error_page(hub, req, res, page.visitor, papers.error());
  if (papers->empty()) {
    if (auto spelling = stored_spelling(page, name); spelling && *spelling != name) {
      res.status = 301;  // the same person's page, for good: links and bookmarks may follow
      res.add_header("Location", "/authors/" + url_path(*spelling));
      return;
    }
    return send_message_page(hub, req, res, page.visitor, 404, "Author not found",
                             "No papers by " + name + ".");
  }
  ctemplate::TemplateDictionary dict("list");
  dict.SetValue("HEADING", name);
  dict.SetValueAndShowSection("NOTE_TEXT",
                              papers->size() == kAuthorPapers
                                  ? fmt::format("The newest {} papers.", kAuthorPapers)
                                  : plural(papers->size(), "paper") + ", newest first.",
                              "NOTE");
  add_follow_button(dict, page.visitor, visitor_follows(page), Follow::Kind::kAuthor, name);
  // A name several people share: those who claimed papers under it are named first, with a
  // link to their profiles; every paper of the name is listed below, claimed or not, and each
  // card names whoever claimed it.
  if (auto slots = page.store().profiles().claimed_slots_named(name);
      slots.ok() && !slots->empty()) {
    std::map<std::string, std::pair<std::string, size_t>> people;  // handle -> name, papers
    for (const auto& slot : *slots) {
      auto& [person, count] = people[slot.handle];
      person = slot.user_name;
      ++count;
    }
    auto* profiles = dict.AddSectionDictionary("PROFILES");
    for (const auto& [handle, person] : people) {
      auto* item = profiles->AddSectionDictionary("PROFILE");
      item->SetValue("PROFILE_HANDLE", handle);
      item->SetValue("PROFILE_NAME", person.first);
      item->SetValue("PROFILE_PAPERS", plural(person.second, "claimed paper"));
    }
    profiles->SetValue("PAPERS_HEADING", "Papers under this name");
  }
  auto voted = voted_set(page, *papers);
  auto facts = card_facts(page, *papers);
  for (const auto& stored : *papers) {
    add_card(dict, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0, .facts = &facts});
  }
  std::string feed = "/feeds/authors/" + url_path(name) + ".atom";
  send_page(hub, req, res, page.visitor, {name, "", feed, "Papers by " + name}, "list.tpl", dict);
}

}  // namespace paperboy
