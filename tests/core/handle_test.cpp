#include "core/handle.h"

#include <gtest/gtest.h>

namespace paperboy {
namespace {

TEST(HandleTest, AValidHandleIsLettersDigitsDashesAndUnderscores) {
  EXPECT_TRUE(check_handle("akhaliq").ok());
  EXPECT_TRUE(check_handle("Ada_Lovelace-2").ok());
  EXPECT_TRUE(check_handle("42").ok());
}

TEST(HandleTest, AnInvalidHandleIsRefusedInWordsThatSayWhy) {
  EXPECT_NE(check_handle("a").message().find("at least 2"), std::string::npos);
  EXPECT_NE(check_handle(std::string(33, 'a')).message().find("at most 32"), std::string::npos);
  EXPECT_NE(check_handle("ada lovelace").message().find("only letters"), std::string::npos);
  EXPECT_NE(check_handle("-ada").message().find("starts with"), std::string::npos);
  EXPECT_FALSE(check_handle("ad\xc3\xa1").ok());  // not ASCII
  EXPECT_FALSE(check_handle("../admin").ok());
  EXPECT_EQ(check_handle("a").error().code, ErrorCode::kInvalid);
}

TEST(HandleTest, ANewAccountsHandleComesFromItsNameOrAddress) {
  EXPECT_EQ(handle_from("Ada Lovelace"), "ada-lovelace");
  EXPECT_EQ(handle_from("j.smith+papers@uni.edu"), "j-smith");
  EXPECT_EQ(handle_from("Zoë Müller"), "zo-m-ller");
  EXPECT_EQ(handle_from("李"), "reader");
  EXPECT_EQ(handle_from(""), "reader");
  EXPECT_TRUE(check_handle(handle_from(std::string(100, 'x'))).ok());
  EXPECT_EQ(handle_key("AdaL"), "adal");
}

}  // namespace
}  // namespace paperboy
