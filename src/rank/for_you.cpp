#include "rank/for_you.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace paperboy {
namespace {

// Cold start: followed categories and authors, most voted first, then trending.
Result<ForYouList> cold_start(Store& store, const RecentCorpus& corpus,
                              const ForYouRequest& request, const std::unordered_set<int64_t>& skip,
                              const TrendingParams& trending) {
  ForYouList list;
  std::unordered_set<int64_t> taken = skip;
  auto follows = store.preferences().follows(request.user_id);
  if (!follows.ok()) return follows.error();
  if (!follows->empty()) {
    std::vector<ForYouItem> followed;
    for (const auto& stored : corpus.papers()) {
      if (taken.count(stored.doc_id)) continue;
      for (const auto& follow : *follows) {
        if (follow_matches(follow, stored.paper)) {
          followed.push_back({stored, static_cast<double>(stored.paper.total_upvotes()),
                              ForYouItem::Why::kFollowed, std::nullopt, follow});
          break;
        }
      }
    }
    std::stable_sort(followed.begin(), followed.end(),
                     [](const ForYouItem& a, const ForYouItem& b) { return a.score > b.score; });
    for (auto& item : followed) {
      if (list.items.size() >= request.limit) break;
      taken.insert(item.stored.doc_id);
      list.items.push_back(std::move(item));
    }
  }
  if (list.items.size() < request.limit) {
    auto hot = trending_papers(store, trending, corpus.clock(), 0, request.limit + taken.size());
    if (!hot.ok()) return hot.error();
    for (auto& entry : *hot) {
      if (list.items.size() >= request.limit) break;
      if (!taken.insert(entry.stored.doc_id).second) continue;
      list.items.push_back({std::move(entry.stored),
                            entry.rank.score,
                            ForYouItem::Why::kTrending,
                            std::nullopt,
                            {}});
    }
  }
  return list;
}

}  // namespace

Result<std::shared_ptr<const RecentCorpus>> RecentCorpus::build(
    Store& store, std::shared_ptr<const VectorIndex> vectors, int64_t now, int window_days,
    size_t limit) {
  auto corpus = std::make_shared<RecentCorpus>();
  auto seq = store.change_seq();
  if (!seq.ok()) return seq.error();
  auto newest = store.latest_hub_day();
  if (!newest.ok()) return newest.error();
  corpus->change_seq_ = *seq;
  corpus->clock_ = trending_clock(now, *newest);
  TrendingParams window;
  window.window_days = window_days;
  corpus->days_ = trending_window(corpus->clock_, window);
  auto papers = store.list_recent(corpus->days_, limit);
  if (!papers.ok()) return papers.error();
  corpus->papers_ = std::move(*papers);
  corpus->vectors_ = std::move(vectors);
  for (const auto& stored : corpus->papers_)
    corpus->tfidf_.add_document(stored.paper.title, stored.paper.abstract);
  corpus->examples_.reserve(corpus->papers_.size());
  for (const auto& stored : corpus->papers_)
    corpus->examples_.push_back(corpus->example_of(stored));
  return std::shared_ptr<const RecentCorpus>(std::move(corpus));
}

PaperExample RecentCorpus::example_of(const StoredPaper& stored) const {
  PaperExample example{
      stored.doc_id, tfidf_.features(stored.paper.title, stored.paper.abstract), {}};
  if (vectors_ != nullptr) {
    if (auto vector = vectors_->vector_of(stored.doc_id)) example.vector = std::move(*vector);
  }
  return example;
}

Result<ForYouList> papers_for_you(Store& store, const RecentCorpus& corpus,
                                  const ForYouRequest& request, const TrendingParams& trending) {
  // Positives: the library (with the tag), and without a tag the upvotes too.
  auto library = store.community().library(request.user_id, request.tag);
  if (!library.ok()) return library.error();
  std::vector<int64_t> positive_ids;
  std::unordered_set<int64_t> seen;
  std::unordered_set<int64_t> saved;
  for (const auto& entry : *library) {
    saved.insert(entry.doc_id);
    if (seen.insert(entry.doc_id).second) positive_ids.push_back(entry.doc_id);
  }
  if (request.tag.empty()) {
    auto voted = store.preferences().voted_by(request.user_id);
    if (!voted.ok()) return voted.error();
    for (int64_t id : *voted)
      if (seen.insert(id).second) positive_ids.push_back(id);
  }
  auto hidden_ids = store.preferences().not_interested(request.user_id);
  if (!hidden_ids.ok()) return hidden_ids.error();

  const std::unordered_set<int64_t> hidden(hidden_ids->begin(), hidden_ids->end());
  std::unordered_set<int64_t> skip(seen.begin(), seen.end());
  skip.insert(hidden.begin(), hidden.end());
  skip.insert(request.exclude.begin(), request.exclude.end());
  if (positive_ids.empty()) return cold_start(store, corpus, request, skip, trending);

  // Examples: recent papers from the corpus, the rest (older saved papers) computed here.
  std::unordered_map<int64_t, size_t> in_corpus;
  for (size_t i = 0; i < corpus.papers().size(); ++i)
    in_corpus.emplace(corpus.papers()[i].doc_id, i);
  std::vector<PaperExample> outside;
  auto examples_for = [&](const std::vector<int64_t>& ids,
                          std::vector<const PaperExample*>& out) -> Status {
    std::vector<int64_t> missing;
    for (int64_t id : ids) {
      if (auto it = in_corpus.find(id); it != in_corpus.end()) {
        out.push_back(&corpus.examples()[it->second]);
      } else {
        missing.push_back(id);
      }
    }
    auto stored = store.get_many(missing);
    if (!stored.ok()) return stored.error();
    for (const auto& s : *stored) outside.push_back(corpus.example_of(s));
    return Status::Ok();
  };
  std::vector<const PaperExample*> positives, negatives;
  outside.reserve(positive_ids.size() + hidden_ids->size());  // pointers into it must stay valid
  const size_t outside_before_positives = outside.size();
  if (auto s = examples_for(positive_ids, positives); !s.ok()) return s.error();
  for (size_t i = outside_before_positives; i < outside.size(); ++i)
    positives.push_back(&outside[i]);
  const size_t outside_before_negatives = outside.size();
  if (auto s = examples_for(*hidden_ids, negatives); !s.ok()) return s.error();
  for (size_t i = outside_before_negatives; i < outside.size(); ++i)
    negatives.push_back(&outside[i]);

  // The contrast: a sample of the other recent papers, the same sample for the same reader.
  std::vector<const PaperExample*> others, candidates;
  for (size_t i = 0; i < corpus.papers().size(); ++i) {
    const int64_t id = corpus.papers()[i].doc_id;
    if (seen.count(id) || hidden.count(id)) continue;
    others.push_back(&corpus.examples()[i]);
    if (!skip.count(id)) candidates.push_back(&corpus.examples()[i]);
  }
  std::mt19937_64 random(request.settings.seed ^ static_cast<uint64_t>(request.user_id));
  if (others.size() > request.settings.max_negatives) {
    std::shuffle(others.begin(), others.end(), random);
    others.resize(request.settings.max_negatives);
  }
  negatives.insert(negatives.end(), others.begin(), others.end());

  ForYouList list;
  list.positives = positives.size();
  if (negatives.empty() || candidates.empty())
    return cold_start(store, corpus, request, skip, trending);
  auto model = UserModel::train(positives, negatives, request.settings, request.warm_start.get());
  if (!model.ok()) return model.error();
  const auto ranked = rank_candidates(*model, candidates, positives, request.limit);
  list.model = std::make_shared<const UserModel>(std::move(*model));

  std::vector<int64_t> ids;
  for (const auto& r : ranked) {
    ids.push_back(r.doc_id);
    ids.push_back(r.because);
  }
  auto stored = store.get_many(ids);
  if (!stored.ok()) return stored.error();
  std::unordered_map<int64_t, const StoredPaper*> by_id;
  for (const auto& s : *stored) by_id.emplace(s.doc_id, &s);
  for (const auto& r : ranked) {
    auto paper = by_id.find(r.doc_id);
    if (paper == by_id.end()) continue;
    ForYouItem item{*paper->second, r.score, ForYouItem::Why::kLikeSaved, std::nullopt, {}};
    if (auto because = by_id.find(r.because); because != by_id.end()) {
      item.because = *because->second;
      item.because_saved = saved.contains(r.because);
    }
    list.items.push_back(std::move(item));
  }
  return list;
}

std::string why_text(const ForYouItem& item) {
  switch (item.why) {
    case ForYouItem::Why::kLikeSaved:
      if (!item.because) return "Like papers you saved or upvoted";
      return fmt::format("Because you {} “{}”", item.because_saved ? "saved" : "upvoted",
                         item.because->paper.title);
    case ForYouItem::Why::kFollowed:
      switch (item.followed.kind) {
        case Follow::Kind::kCategory:
          return fmt::format("In {}, which you follow", item.followed.value);
        case Follow::Kind::kAuthor:
          return fmt::format("By {}, whom you follow", item.followed.value);
        case Follow::Kind::kOrganization:
          return fmt::format("From {}, which you follow",
                             item.stored.paper.organization_fullname.empty()
                                 ? item.followed.value
                                 : item.stored.paper.organization_fullname);
      }
      break;
    case ForYouItem::Why::kTrending:
      break;
  }
  return "Trending";
}

}  // namespace paperboy
