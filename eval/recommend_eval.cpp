// eval/recommend: offline evaluation of the for-you recommender on papers captured from five hub
// pages (../shared/data/sample/hub-pages-sample.jsonl). Each page's papers (`listed_on`) are one
// reader's library. Per split, 20 % of each library (at least one paper) is held out; the rest
// trains the ranking, which orders every paper of the sample outside the training part. Reported:
// Recall@10 (held-out papers in the top 10 / held-out papers) and MRR (1 / rank of the first
// held-out paper), averaged over the libraries and 20 seeded splits, for
//   popularity   the hub's upvotes, highest first (the same list for everyone);
//   tfidf-cosine cosine of each paper to the mean of the library's TF-IDF vectors;
//   recommender  the product's UserModel (rank/user_model.h), TF-IDF words + bigrams, with and
//                without LSA vectors (the built-in model trained on the sample) as extra columns.
// usage: recommend_eval [FILE] [--costs 0.1,1,10]
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "embed/lsa_training.h"
#include "rank/user_model.h"

using namespace paperboy;

namespace {

struct SamplePaper {
  std::string title, abstract;
  int64_t upvotes = 0;
  std::set<std::string> pages;
};

struct Scores {
  double recall_at_10 = 0, mrr = 0;
  int runs = 0;
  void add(const std::vector<size_t>& ranking, const std::set<size_t>& held_out) {
    size_t found = 0;
    for (size_t i = 0; i < std::min<size_t>(10, ranking.size()); ++i)
      found += held_out.count(ranking[i]);
    recall_at_10 += static_cast<double>(found) / static_cast<double>(held_out.size());
    for (size_t i = 0; i < ranking.size(); ++i) {
      if (held_out.count(ranking[i])) {
        mrr += 1.0 / static_cast<double>(i + 1);
        break;
      }
    }
    ++runs;
  }
};

std::vector<size_t> by_score(const std::vector<size_t>& candidates,
                             const std::vector<double>& score) {
  std::vector<size_t> ranking = candidates;
  std::stable_sort(ranking.begin(), ranking.end(),
                   [&](size_t a, size_t b) { return score[a] > score[b]; });
  return ranking;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file = PAPERBOY_SHARED_DATA "/sample/hub-pages-sample.jsonl";
  std::vector<double> costs = {RecommenderSettings{}.cost};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--costs" && i + 1 < argc) {
      costs.clear();
      std::stringstream in(argv[++i]);
      for (std::string c; std::getline(in, c, ',');) costs.push_back(std::stod(c));
    } else {
      file = arg;
    }
  }
  std::ifstream in(file);
  if (!in) {
    fmt::print(stderr, "cannot read {}\n", file);
    return 2;
  }
  std::vector<SamplePaper> papers;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    try {
      auto j = nlohmann::json::parse(line);
      SamplePaper p{j.at("title"), j.at("abstract"), j.value("upvotes", int64_t{0}), {}};
      for (const auto& listing : j.at("listed_on"))
        p.pages.insert(listing.at("page").get<std::string>());
      papers.push_back(std::move(p));
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}:{}: {}\n", file, number, e.what());
      return 2;
    }
  }
  std::map<std::string, std::vector<size_t>> libraries;
  for (size_t i = 0; i < papers.size(); ++i)
    for (const auto& page : papers[i].pages) libraries[page].push_back(i);

  TfidfFeatures tfidf;
  LsaTrainer lsa_trainer;
  for (const auto& p : papers) {
    tfidf.add_document(p.title, p.abstract);
    lsa_trainer.add_document(p.title, p.abstract);
  }
  LsaSettings lsa_settings;
  auto lsa = lsa_trainer.train(lsa_settings);
  if (!lsa) {
    fmt::print(stderr, "built-in model: {}\n", lsa.error().message);
    return 1;
  }
  std::vector<PaperExample> sparse(papers.size()), dense(papers.size());
  std::vector<DocumentText> texts;
  for (const auto& p : papers) texts.push_back({p.title, p.abstract});
  const std::vector<float> vectors = (*lsa)->embed_documents(texts).value();
  const size_t d = (*lsa)->info().dimension;
  for (size_t i = 0; i < papers.size(); ++i) {
    sparse[i] = {static_cast<int64_t>(i), tfidf.features(papers[i].title, papers[i].abstract), {}};
    dense[i] = sparse[i];
    dense[i].vector.assign(vectors.begin() + static_cast<std::ptrdiff_t>(i * d),
                           vectors.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
  }

  fmt::print("workload: {} papers, {} libraries (", papers.size(), libraries.size());
  for (const auto& [page, members] : libraries) fmt::print(" page {}: {}", page, members.size());
  fmt::print(" ), 20 % held out, 20 seeded splits; LSA {} dimensions\n", d);

  std::map<std::string, Scores> scores;
  std::vector<std::string> order = {"popularity", "tfidf-cosine"};
  for (double cost : costs) {
    order.push_back(fmt::format("recommender C={} (tfidf)", cost));
    order.push_back(fmt::format("recommender C={} (tfidf + lsa)", cost));
  }
  std::vector<double> upvotes(papers.size());
  for (size_t i = 0; i < papers.size(); ++i) upvotes[i] = static_cast<double>(papers[i].upvotes);

  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 random(seed);
    for (const auto& [page, members] : libraries) {
      std::vector<size_t> shuffled = members;
      std::shuffle(shuffled.begin(), shuffled.end(), random);
      const size_t hold = std::max<size_t>(1, (shuffled.size() + 2) / 5);
      std::set<size_t> held_out(shuffled.begin(),
                                shuffled.begin() + static_cast<std::ptrdiff_t>(hold));
      std::set<size_t> training(shuffled.begin() + static_cast<std::ptrdiff_t>(hold),
                                shuffled.end());
      std::vector<size_t> candidates;
      for (size_t i = 0; i < papers.size(); ++i)
        if (!training.count(i)) candidates.push_back(i);

      scores["popularity"].add(by_score(candidates, upvotes), held_out);

      SparseFeatures centroid;
      {
        std::map<uint32_t, double> sum;
        for (size_t t : training)
          for (const auto& [c, v] : sparse[t].tfidf) sum[c] += v;
        for (const auto& [c, v] : sum) centroid.emplace_back(c, static_cast<float>(v));
      }
      std::vector<double> cosine(papers.size());
      for (size_t c : candidates) cosine[c] = dot(sparse[c].tfidf, centroid);
      scores["tfidf-cosine"].add(by_score(candidates, cosine), held_out);

      for (double cost : costs) {
        RecommenderSettings settings;
        settings.cost = cost;
        for (bool with_vectors : {false, true}) {
          const auto& examples = with_vectors ? dense : sparse;
          std::vector<const PaperExample*> positives, negatives, pool;
          for (size_t t : training) positives.push_back(&examples[t]);
          for (size_t c : candidates) {
            negatives.push_back(&examples[c]);
            pool.push_back(&examples[c]);
          }
          auto model = UserModel::train(positives, negatives, settings);
          if (!model) {
            fmt::print(stderr, "training failed: {}\n", model.error().message);
            return 1;
          }
          std::vector<size_t> ranking;
          for (const auto& r : rank_candidates(*model, pool, positives, pool.size()))
            ranking.push_back(static_cast<size_t>(r.doc_id));
          scores[fmt::format("recommender C={} ({})", cost, with_vectors ? "tfidf + lsa" : "tfidf")]
              .add(ranking, held_out);
        }
      }
    }
  }
  fmt::print("{:<34} {:>10} {:>8}\n", "ranking", "Recall@10", "MRR");
  for (const auto& name : order) {
    const Scores& s = scores[name];
    fmt::print("{:<34} {:>10.4f} {:>8.4f}\n", name, s.recall_at_10 / s.runs, s.mrr / s.runs);
  }
  return 0;
}
