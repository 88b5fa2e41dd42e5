// What a long-running process (`serve`) keeps between for-you rankings: the recent corpus,
// rebuilt only when the store changed, the day moved on or the vector index was replaced, and
// each reader's last model, the warm start of their next training.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "rank/for_you.h"

namespace paperboy {

class ForYouCache {
 public:
  explicit ForYouCache(int window_days = 7, size_t max_models = 2'000)
      : window_days_(window_days), max_models_(max_models) {}

  // The corpus for `now`: the cached one while it is current, else a new one (built by one
  // caller at a time; the others wait for it rather than building their own).
  Result<std::shared_ptr<const RecentCorpus>> corpus(Store& store,
                                                     std::shared_ptr<const VectorIndex> vectors,
                                                     int64_t now);

  // papers_for_you, warm-started from and remembering the reader's model for this tag.
  Result<ForYouList> papers_for(Store& store, const RecentCorpus& corpus, ForYouRequest request,
                                const TrendingParams& trending);

  int window_days() const { return window_days_; }

 private:
  std::shared_ptr<const UserModel> model_of(const std::string& key);
  void remember(const std::string& key, std::shared_ptr<const UserModel> model);

  static constexpr int64_t kCorpusMaxAge = 3600;
  const int window_days_;
  const size_t max_models_;
  std::mutex build_mutex_;  // held while a corpus is built
  std::mutex mutex_;        // guards the members below
  std::shared_ptr<const RecentCorpus> corpus_;
  const VectorIndex* corpus_vectors_ = nullptr;
  int64_t corpus_built_ = 0;  // vote counts in it age; rebuilt after kCorpusMaxAge seconds
  // Least recently used first.
  std::list<std::pair<std::string, std::shared_ptr<const UserModel>>> models_;
  std::unordered_map<std::string, decltype(models_)::iterator> model_index_;
};

}  // namespace paperboy
