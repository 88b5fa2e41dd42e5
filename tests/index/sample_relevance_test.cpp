// Search quality on the bundled sample's real papers, judged in tests/fixtures/relevance.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/name_keys.h"
#include "index/hybrid_search.h"
#include "index/model_catalog.h"
#include "index/vector_writer.h"
#include "sample_index.h"

namespace paperboy {
namespace {

std::map<std::string, std::set<std::string>> judged_topics() {
  std::map<std::string, std::set<std::string>> topics;
  std::ifstream in(testing::fixture_data("relevance/sample_topics.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    std::stringstream ids(line.substr(tab + 1));
    std::string id;
    while (std::getline(ids, id, ',')) topics[line.substr(0, tab)].insert(id);
  }
  return topics;
}

class SampleRelevanceTest : public testing::SampleIndex {
 protected:
  std::vector<SearchHit> top(const std::string& query, size_t n) {
    LexicalIndex index = open_index();
    auto found = index.search({query, false, 0, n});
    EXPECT_TRUE(found.ok()) << query;
    return found.ok() ? found->hits : std::vector<SearchHit>{};
  }
};

TEST_F(SampleRelevanceTest, TopicWordsThatAreAlsoSurnamesFindTheTopic) {
  auto topics = judged_topics();
  ASSERT_EQ(topics.size(), 3u) << "tests/fixtures/relevance/sample_topics.tsv";
  for (const char* query : {"long context", "long video generation"}) {
    int on_topic = 0;
    for (const auto& hit : top(query, 5)) on_topic += topics[query].count(hit.id) ? 1 : 0;
    EXPECT_GE(on_topic, 4) << query << ": on topic among the top 5";
  }
}

// The default mode, with the built-in model trained on the sample as `paperboy index` trains it:
// 'song generation' needs the model (only one paper says "song"; the others say "music").
TEST_F(SampleRelevanceTest, TheDefaultModeFindsTheTopicWithTheBuiltInModel) {
  auto topics = judged_topics();
  LsaSettings settings;
  auto model = train_builtin_model(*store_, dir_->path() / "models" / "builtin.bin", settings);
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_NE((*model)->info().id.find("builtin-contrastive@"), std::string::npos)
      << "the default built-in model";
  ASSERT_TRUE(update_vector_index(*store_, dir_->path() / "index", **model, {}).ok());
  auto vectors = VectorIndex::open(dir_->path() / "index");
  ASSERT_TRUE(vectors.ok()) << vectors.error().message;
  LexicalIndex index = open_index();
  SemanticSide semantic{vectors->get(), model->get()};
  ASSERT_EQ(default_search_mode(semantic), SearchMode::hybrid);
  for (const char* query : {"long context", "long video generation", "song generation"}) {
    auto found = search_papers(index, semantic, {query, false, 0, 5}, SearchMode::hybrid);
    ASSERT_TRUE(found.ok()) << query;
    std::vector<int64_t> numbers;
    for (const auto& hit : found->hits) numbers.push_back(hit.doc_id);
    auto papers = store_->get_many(numbers);
    ASSERT_TRUE(papers.ok());
    int on_topic = 0;
    for (const auto& stored : *papers) on_topic += topics[query].count(stored.paper.id) ? 1 : 0;
    EXPECT_GE(on_topic, 4) << query << ": on topic among the default mode's top 5";
  }
}

TEST_F(SampleRelevanceTest, NoPaperIsFoundOnlyBecauseAnAuthorHasATopicWordAsSurname) {
  // A paper in the top 20 with an author named Long (or Song) must use the word in its text.
  for (std::string query : {"long context", "long video generation", "song generation"}) {
    const std::string word = query.substr(0, query.find(' '));
    for (const auto& hit : top(query, 20)) {
      auto paper = store_->get(hit.id);
      ASSERT_TRUE(paper.ok() && paper->has_value());
      bool named = false;
      for (const auto& author : (*paper)->paper.authors) {
        for (const auto& part : name_words(author)) named = named || part == word;
      }
      if (!named) continue;
      std::string text = (*paper)->paper.title + " " + (*paper)->paper.abstract;
      for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_NE(text.find(word), std::string::npos)
          << query << ": " << hit.id << " is there by its author";
    }
  }
}

TEST_F(SampleRelevanceTest, ANameListsThatPersonsPapersFirst) {
  auto hits = top("Yu Qiao", 8);
  ASSERT_EQ(hits.size(), 8u);
  for (const auto& hit : hits) {
    auto paper = store_->get(hit.id);
    ASSERT_TRUE(paper.ok() && paper->has_value());
    const auto& authors = (*paper)->paper.authors;
    EXPECT_NE(std::find(authors.begin(), authors.end(), "Yu Qiao"), authors.end()) << hit.id;
  }
}

}  // namespace
}  // namespace paperboy
