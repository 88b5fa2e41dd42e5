#include "mail/digest_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace paperboy {
namespace {

bool wants(const Subscription& s, std::string_view section) {
  return std::find(s.sections.begin(), s.sections.end(), section) != s.sections.end();
}

// Papers already mailed to this subscriber, or already in this digest, are left out.
class Picker {
 public:
  Picker(Mailing& mailing, int64_t subscription_id)
      : mailing_(mailing), subscription_id_(subscription_id) {}
  Result<std::vector<int64_t>> fresh(const std::vector<int64_t>& ids) {
    std::vector<int64_t> unseen;
    for (int64_t id : ids)
      if (!taken_.count(id)) unseen.push_back(id);
    auto sent = mailing_.sent_among(subscription_id_, unseen);
    if (!sent.ok()) return sent.error();
    std::unordered_set<int64_t> sent_set(sent->begin(), sent->end());
    std::vector<int64_t> out;
    for (int64_t id : unseen)
      if (!sent_set.count(id)) out.push_back(id);
    return out;
  }
  void take(int64_t id) { taken_.insert(id); }
  const std::unordered_set<int64_t>& taken() const { return taken_; }

 private:
  Mailing& mailing_;
  int64_t subscription_id_;
  std::unordered_set<int64_t> taken_;
};

// Papers whose discussion has comments by others since the last digest (the subscriber
// follows it or wrote there), each with how many and the newest, outside the picker: a paper
// mailed before is named again when it has new comments.
Result<DigestSection> replies_section(Store& store, const Subscription& s,
                                      const DigestRoundInputs& inputs) {
  const int64_t since = inputs.now - (s.weekly ? 7 : 1) * 86400;
  auto replies = store.discussions().replies_for(s.user_id, 0, 500);
  if (!replies.ok()) return replies.error();
  std::vector<int64_t> order;
  std::unordered_map<int64_t, std::vector<const DiscussionPost*>> by_paper;
  for (const auto& post : *replies) {  // newest first
    if (post.created < since || post.created >= inputs.now) continue;
    if (by_paper[post.doc_id].empty()) order.push_back(post.doc_id);
    by_paper[post.doc_id].push_back(&post);
  }
  if (order.size() > inputs.per_section) order.resize(inputs.per_section);
  auto papers = store.get_many(order);
  if (!papers.ok()) return papers.error();
  DigestSection section{"replies", "New in discussions you follow", {}};
  for (auto& stored : *papers) {
    const auto& posts = by_paper[stored.doc_id];
    const std::string& body = posts.front()->body;
    size_t cut = std::min<size_t>(body.size(), 120);
    while (cut > 0 && cut < body.size() && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80)
      --cut;
    std::string excerpt = body.substr(0, cut);
    for (char& c : excerpt)
      if (c == '\n' || c == '\r') c = ' ';
    std::string why = std::to_string(posts.size()) +
                      (posts.size() == 1 ? " new comment" : " new comments") + " · @" +
                      posts.front()->handle + ": " + excerpt + (cut < body.size() ? "…" : "");
    section.papers.push_back({std::move(stored), std::move(why)});
  }
  return section;
}

}  // namespace

Result<std::vector<DigestSection>> digest_sections(Store& store, LexicalIndex* lexical,
                                                   const Subscription& s,
                                                   const DigestRoundInputs& inputs) {
  const RecentCorpus& corpus = inputs.corpus;
  Picker picker(store.mailing(), s.id);
  std::vector<DigestSection> sections;

  auto add_section = [&](std::string key, std::string title,
                         std::vector<DigestPaper> candidates) -> Status {
    std::vector<int64_t> ids;
    for (const auto& c : candidates) ids.push_back(c.stored.doc_id);
    auto fresh = picker.fresh(ids);
    if (!fresh.ok()) return fresh.error();
    std::unordered_set<int64_t> keep(fresh->begin(), fresh->end());
    DigestSection section{std::move(key), std::move(title), {}};
    for (auto& c : candidates) {
      if (section.papers.size() >= inputs.per_section) break;
      if (!keep.count(c.stored.doc_id) || picker.taken().count(c.stored.doc_id)) continue;
      picker.take(c.stored.doc_id);
      section.papers.push_back(std::move(c));
    }
    sections.push_back(std::move(section));
    return Status::Ok();
  };

  if (s.user_id != 0 && wants(s, "for-you")) {
    ForYouRequest request;
    request.user_id = s.user_id;
    request.limit = inputs.per_section * 4;  // room for what was sent before
    auto list = papers_for_you(store, corpus, request, inputs.trending_params);
    if (!list.ok()) return list.error();
    std::vector<DigestPaper> candidates;
    // Only a personal ranking belongs here; the cold start's trending has its own section.
    for (const auto& item : list->items)
      if (item.why == ForYouItem::Why::kLikeSaved)
        candidates.push_back({item.stored, why_text(item)});
    if (auto st = add_section("for-you", "Papers for you", std::move(candidates)); !st.ok())
      return st.error();
  }
  if (s.user_id != 0 && wants(s, "alerts") && lexical != nullptr) {
    auto searches = store.preferences().saved_searches(s.user_id);
    if (!searches.ok()) return searches.error();
    std::unordered_map<int64_t, const StoredPaper*> recent;
    if (!searches->empty()) {
      for (const auto& p : corpus.papers()) recent.emplace(p.doc_id, &p);
    }
    std::vector<DigestPaper> candidates;
    for (const auto& search : *searches) {
      if (!search.alert) continue;
      SearchRequest request;
      request.query = search.query;
      request.limit = 200;
      auto results = lexical->search(request);
      if (!results.ok()) continue;  // a saved query that no longer parses matches nothing
      for (const auto& hit : results->hits) {
        if (auto it = recent.find(hit.doc_id); it != recent.end()) {
          candidates.push_back(
              {*it->second, fmt::format("Matches your search “{}”", search.query)});
        }
      }
    }
    if (auto st = add_section("alerts", "New for your saved searches", std::move(candidates));
        !st.ok()) {
      return st.error();
    }
  }
  if (s.user_id != 0 && wants(s, "follows")) {
    auto follows = store.preferences().follows(s.user_id);
    if (!follows.ok()) return follows.error();
    std::vector<DigestPaper> candidates;
    for (const auto& p : corpus.papers()) {
      for (const auto& f : *follows) {
        if (follow_matches(f, p.paper)) {
          ForYouItem item{p, 0, ForYouItem::Why::kFollowed, std::nullopt, f};
          candidates.push_back({p, why_text(item)});
          break;
        }
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const DigestPaper& a, const DigestPaper& b) {
                       return a.stored.paper.total_upvotes() > b.stored.paper.total_upvotes();
                     });
    if (auto st = add_section("follows", "From categories, authors and organisations you follow",
                              std::move(candidates));
        !st.ok()) {
      return st.error();
    }
  }
  if (s.user_id != 0 && wants(s, "replies") && inputs.now > 0) {
    auto section = replies_section(store, s, inputs);
    if (!section.ok()) return section.error();
    if (!section->papers.empty()) sections.push_back(std::move(section).value());
  }
  if (wants(s, "trending")) {
    std::vector<DigestPaper> candidates;
    for (const auto& entry : inputs.trending) candidates.push_back({entry.stored, ""});
    if (auto st = add_section("trending", "Trending", std::move(candidates)); !st.ok())
      return st.error();
  }
  return sections;
}

}  // namespace paperboy
