// Names written as names find authors; a lone surname beside topic words never does.
#include <gtest/gtest.h>

#include "index_fixture.h"

namespace paperboy {
namespace {

using V = std::vector<std::string>;

bool contains(const V& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class AuthorNameSearchTest : public testing::IndexFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    // Two papers by people whose surnames are topic words, neither about the topic.
    Paper lian = testing::make_paper("2504.16072", "Describe anything: localized image captioning");
    lian.abstract = "Detailed captions for regions of images and videos.";
    lian.authors = {"Long Lian", "Yifan Ding"};
    lian.categories = {"cs.CV"};
    Paper song =
        testing::make_paper("2605.06924", "Agentic autoregressive diffusion for video consistency");
    song.abstract = "A closed-loop process keeps characters consistent across shots.";
    song.authors = {"Do Xuan Long", "Yale Song"};
    song.categories = {"cs.CV"};
    // The papers the topic words are about.
    Paper context = testing::make_paper("2510.05862", "Revisiting long context modeling");
    context.abstract =
        "Models that read long inputs locate the critical information in their context.";
    context.authors = {"Zecheng Tang"};
    context.categories = {"cs.CL"};
    Paper music =
        testing::make_paper("2606.21670", "Song generation with human preference rewards");
    music.abstract = "Text-to-music models write a song from a prompt.";
    music.authors = {"Yonghyun Kim"};
    music.categories = {"cs.SD"};
    // A person whose name is a pair of common words in others' names.
    Paper qiao = testing::make_paper("2407.05975", "Scaling linguistic horizons of translation");
    qiao.abstract = "Translation across a hundred languages.";
    qiao.authors = {"Yinquan Lu", "Yu Qiao"};
    qiao.categories = {"cs.CL"};
    Paper other = testing::make_paper("2511.11007", "Latent vision memory");
    other.abstract = "Memory for vision-language models; code at github.com/YU-deep/VisMem.";
    other.authors = {"Xinlei Yu", "Qiao Zhang"};
    other.categories = {"cs.CV"};
    Paper accented = testing::make_paper("2401.00009", "Sheaf cohomology");
    accented.abstract = "A lemma.";
    accented.authors = {"\xc3\x89mile Borel"};
    accented.categories = {"math.AG"};
    for (const Paper& p : {lian, song, context, music, qiao, other, accented}) add(p);
    index();
  }
};

TEST_F(AuthorNameSearchTest, ASurnameBesideTopicWordsDoesNotMatchTheAuthor) {
  EXPECT_EQ(ids("long context"), V{"2510.05862"});
  EXPECT_EQ(ids("song generation"), V{"2606.21670"});
  EXPECT_TRUE(contains(ids("long captioning"), "2504.16072"))
      << "the words of the text still count";
}

TEST_F(AuthorNameSearchTest, ANameWrittenAsANameFindsThePersonsPapersFirst) {
  EXPECT_EQ(ids("Yu Qiao"), (V{"2407.05975", "2511.11007"}))
      << "the person first; the text's rare 'yu' (a link) after";
  EXPECT_EQ(ids("Y. Qiao").front(), "2407.05975");
  EXPECT_EQ(ids("Qiao Yu").front(), "2407.05975") << "either order";
  EXPECT_EQ(ids("Long Lian").front(), "2504.16072");
  EXPECT_TRUE(contains(ids("Lian Long"), "2504.16072")) << "the reversed reading, weighed less";
  EXPECT_EQ(ids("emile borel"), V{"2401.00009"}) << "accents folded";
  EXPECT_EQ(ids("translation Yu Qiao").front(), "2407.05975");
  EXPECT_EQ(ids("Lian"), V{"2504.16072"}) << "a one-word query may be a surname";
}

TEST_F(AuthorNameSearchTest, NamesKeepTheQuerysFiltersAndExclusions) {
  EXPECT_EQ(ids("Yu Qiao cat:cs.CV"), V{"2511.11007"});
  EXPECT_EQ(ids("Yu Qiao -translation"), V{"2511.11007"});
  EXPECT_FALSE(contains(ids("Long Lian -lian"), "2504.16072"))
      << "an excluded word excludes its authors too";
  EXPECT_EQ(ids("+memory Yu Qiao"), V{"2511.11007"}) << "required words stay required";
  EXPECT_EQ(sorted_ids("author:long"), (V{"2504.16072", "2605.06924"})) << "author: as before";
  EXPECT_EQ(ids("author:\"yale song\""), V{"2605.06924"});
}

TEST_F(AuthorNameSearchTest, TheResultsSayWhichAuthorsTheQueryNamed) {
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok());
  auto found = index->search({"reasoning Y. Qiao", false, 0, 10});
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->authors.matches("Yu Qiao"));
  EXPECT_FALSE(found->authors.matches("Qiao Zhang"));
  auto topic = index->search({"long context", false, 0, 10});
  ASSERT_TRUE(topic.ok());
  EXPECT_FALSE(topic->authors.matches("Long Lian"));
  auto field = index->search({"author:lian memory", false, 0, 10});
  ASSERT_TRUE(field.ok());
  EXPECT_TRUE(field->authors.matches("Long Lian")) << "an author: clause names its author too";
}

}  // namespace
}  // namespace paperboy
