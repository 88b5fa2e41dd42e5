#include "server/rules/credentials.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(CredentialsTest, PasswordHashVerifiesOnlyTheSamePassword) {
  auto hash = hash_password("correct horse");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*hash, "correct horse"));
  EXPECT_FALSE(verify_password(*hash, "correct horse "));
  EXPECT_NE(*hash_password("correct horse"), *hash);  // salted
}

TEST(CredentialsTest, TokensAreRandomUrlSafeAndStoredByAStableHash) {
  std::string a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_TRUE(same_secret(a, a));
  EXPECT_FALSE(same_secret(a, b));
  EXPECT_FALSE(same_secret(a, a.substr(1)));
}

}  // namespace
}  // namespace paperboy
