#include "rank/for_you_cache.h"

namespace paperboy {
namespace {

std::string model_key(int64_t user_id, const std::string& tag) {
  return std::to_string(user_id) + "\n" + tag;
}

}  // namespace

Result<std::shared_ptr<const RecentCorpus>> ForYouCache::corpus(
    Store& store, std::shared_ptr<const VectorIndex> vectors, int64_t now) {
  auto seq = store.change_seq();
  if (!seq.ok()) return seq.error();
  auto newest = store.latest_hub_day();
  if (!newest.ok()) return newest.error();
  TrendingParams window;
  window.window_days = window_days_;
  const DateRange days = trending_window(trending_clock(now, *newest), window);
  auto current = [&](const std::shared_ptr<const RecentCorpus>& c) {
    return c != nullptr && c->change_seq() == *seq && c->days().first == days.first &&
           c->days().last == days.last && corpus_vectors_ == vectors.get() &&
           now - corpus_built_ < kCorpusMaxAge;
  };
  {
    std::lock_guard lock(mutex_);
    if (current(corpus_)) return corpus_;
  }
  std::lock_guard building(build_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (current(corpus_)) return corpus_;  // built while this caller waited
  }
  auto built = RecentCorpus::build(store, vectors, now, window_days_);
  if (!built.ok()) return built.error();
  std::lock_guard lock(mutex_);
  corpus_ = *built;
  corpus_vectors_ = vectors.get();
  corpus_built_ = now;
  return corpus_;
}

Result<ForYouList> ForYouCache::papers_for(Store& store, const RecentCorpus& corpus,
                                           ForYouRequest request, const TrendingParams& trending) {
  const std::string key = model_key(request.user_id, request.tag);
  if (request.warm_start == nullptr) request.warm_start = model_of(key);
  auto list = papers_for_you(store, corpus, request, trending);
  if (list.ok() && list->model != nullptr) remember(key, list->model);
  return list;
}

std::shared_ptr<const UserModel> ForYouCache::model_of(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = model_index_.find(key);
  if (it == model_index_.end()) return nullptr;
  models_.splice(models_.end(), models_, it->second);
  return it->second->second;
}

void ForYouCache::remember(const std::string& key, std::shared_ptr<const UserModel> model) {
  std::lock_guard lock(mutex_);
  if (auto it = model_index_.find(key); it != model_index_.end()) {
    it->second->second = std::move(model);
    models_.splice(models_.end(), models_, it->second);
    return;
  }
  models_.emplace_back(key, std::move(model));
  model_index_[key] = std::prev(models_.end());
  while (models_.size() > max_models_) {
    model_index_.erase(models_.front().first);
    models_.pop_front();
  }
}

}  // namespace paperboy
