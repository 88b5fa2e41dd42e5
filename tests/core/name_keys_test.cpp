#include "core/name_keys.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace paperboy {
namespace {

using V = std::vector<std::string>;

V keys_of(std::string_view query) {
  V out;
  for (const auto& k : query_name_keys(query)) out.push_back(k.key);
  return out;
}

bool as_typed(std::string_view query, std::string_view key) {
  for (const auto& k : query_name_keys(query)) {
    if (k.key == key) return k.as_typed;
  }
  ADD_FAILURE() << "no key \"" << key << "\" for \"" << query << "\"";
  return false;
}

TEST(NameKeys, AuthorNamesAreFoundByNeighbouringWordsAndTheInitialWithTheSurname) {
  EXPECT_EQ(author_name_keys("Yu Qiao"), (V{"y qiao", "yu qiao"}));
  EXPECT_EQ(author_name_keys("Jun-Yan Zhū"), (V{"j zhu", "jun yan", "yan zhu"}));
  EXPECT_EQ(author_name_keys("Geoffrey E. Hinton"), (V{"e hinton", "g hinton", "geoffrey e"}));
  EXPECT_EQ(author_name_keys("\xC3\x89mile Borel"), (V{"e borel", "emile borel"}))
      << "accents folded";
  EXPECT_EQ(author_name_keys("Shaquille O'Neal"), (V{"s oneal", "shaquille oneal"}));
  EXPECT_EQ(author_name_keys("Shaquille O\xE2\x80\x99Neal"), (V{"s oneal", "shaquille oneal"}));
  EXPECT_TRUE(author_name_keys("MiniCPM").empty()) << "a one-word name has no pair";
  EXPECT_TRUE(author_name_keys("").empty());
}

TEST(NameKeys, AQueryPairIsReadInBothOrdersAndAnInitialOnlyAsTheGivenName) {
  EXPECT_EQ(keys_of("Yu Qiao"), (V{"qiao yu", "yu qiao"}));
  EXPECT_TRUE(as_typed("Yu Qiao", "yu qiao"));
  EXPECT_FALSE(as_typed("Yu Qiao", "qiao yu"));
  EXPECT_EQ(keys_of("Y. Qiao"), (V{"y qiao"}));
  EXPECT_EQ(keys_of("Qiao, Y."), (V{"y qiao"}));
  EXPECT_TRUE(as_typed("Qiao Y.", "y qiao")) << "surname-then-initial is a way of writing a name";
  EXPECT_EQ(keys_of("long context"), (V{"context long", "long context"}));
  EXPECT_TRUE(keys_of("transformers").empty());
  EXPECT_TRUE(keys_of("gpt 4").empty()) << "a number is no name";
  EXPECT_EQ(keys_of("Bal\xC3\xA1zs Szegedy"), (V{"balazs szegedy", "szegedy balazs"}))
      << "accents folded";
}

TEST(NameKeys, AnAuthorMatchesWhenTheQueryNamesThem) {
  AuthorMatch match(query_name_keys("reasoning Yu Qiao"), {});
  EXPECT_TRUE(match.matches("Yu Qiao"));
  EXPECT_TRUE(match.matches("Qiao Yu")) << "the reversed reading is kept, ranked lower";
  EXPECT_FALSE(match.matches("Xinlei Yu"));
  EXPECT_FALSE(match.matches("Qiao Zhang"));
  AuthorMatch initial(query_name_keys("Y Qiao"), {});
  EXPECT_TRUE(initial.matches("Yu Qiao"));
  EXPECT_TRUE(initial.matches("Yan Qiao"));
  EXPECT_FALSE(initial.matches("Xu Qiao"));
  AuthorMatch surname({}, {"hinton"});
  EXPECT_TRUE(surname.matches("Geoffrey E. Hinton"));
  EXPECT_FALSE(surname.matches("Geoffrey Hintonson"));
  EXPECT_TRUE(AuthorMatch().empty());
}

}  // namespace
}  // namespace paperboy
