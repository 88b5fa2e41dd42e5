// "For you": the recent papers ranked for one reader. With saved or upvoted papers, a UserModel
// (user_model.h) is trained against the reader's "not interested" papers and a sample of the
// other recent papers, and ranks the rest, each explained by the saved paper nearest to it.
// Without any (the cold start): recent papers in the categories and by the authors the reader
// follows, most voted first, then trending. Papers marked "not interested" never appear.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "index/vector_index.h"
#include "rank/trending.h"
#include "rank/user_model.h"
#include "store/store.h"

namespace paperboy {

// The candidate papers with their features, built once and shared by every reader's ranking
// (the costly part is tokenising thousands of abstracts, not training).
class RecentCorpus {
 public:
  // Papers of the `window_days` days ending on the trending clock's day (the newest day the
  // store knows, on an old corpus), at most `limit`, with their vectors when `vectors` has them.
  static Result<std::shared_ptr<const RecentCorpus>> build(
      Store& store, std::shared_ptr<const VectorIndex> vectors, int64_t now, int window_days,
      size_t limit = 20'000);

  const std::vector<StoredPaper>& papers() const { return papers_; }
  const std::vector<PaperExample>& examples() const { return examples_; }
  // Features of a paper outside the window (a reader's older saved paper).
  PaperExample example_of(const StoredPaper& stored) const;
  const DateRange& days() const { return days_; }
  int64_t change_seq() const { return change_seq_; }
  int64_t clock() const { return clock_; }

 private:
  std::vector<StoredPaper> papers_;
  std::vector<PaperExample> examples_;
  TfidfFeatures tfidf_;
  std::shared_ptr<const VectorIndex> vectors_;  // null: TF-IDF alone
  DateRange days_;
  int64_t change_seq_ = 0;
  int64_t clock_ = 0;
};

struct ForYouRequest {
  int64_t user_id = 0;
  std::string tag;  // only the library entries with this tag are positives (no votes then)
  size_t limit = 50;
  std::vector<int64_t> exclude;  // never ranked (papers already mailed)
  RecommenderSettings settings;
  // The reader's previous model (ForYouList::model of an earlier call): the solver starts from
  // its weights, so after one more saved paper retraining takes a few steps, not a full fit.
  std::shared_ptr<const UserModel> warm_start;
};

struct ForYouItem {
  enum class Why { kLikeSaved, kFollowed, kTrending };
  StoredPaper stored;
  double score = 0;
  Why why = Why::kTrending;
  std::optional<StoredPaper> because;  // kLikeSaved: the nearest saved or upvoted paper
  Follow followed;                     // kFollowed: the category or author
  bool because_saved = true;           // `because` is in the reader's library (else upvoted)
};

struct ForYouList {
  std::vector<ForYouItem> items;
  size_t positives = 0;  // saved/upvoted papers the model learned from (0: cold start)
  std::shared_ptr<const UserModel> model;  // null on a cold start
};

Result<ForYouList> papers_for_you(Store& store, const RecentCorpus& corpus,
                                  const ForYouRequest& request,
                                  const TrendingParams& trending = {});

// A one-line explanation for people: "Because you saved “Title”" (or "upvoted", for a paper
// the reader voted for and did not save), "In cs.CL, which you follow",
// "Trending".
std::string why_text(const ForYouItem& item);

}  // namespace paperboy
