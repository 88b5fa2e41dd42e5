// Search quality on the bundled sample's real papers, judged in tests/fixtures/relevance.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/name_keys.h"
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
