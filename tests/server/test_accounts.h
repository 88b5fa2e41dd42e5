// A signed-up reader with a browser-like client, for the server tests: the account's number
// and handle read back from the store, and its role set (the store makes whoever signs up
// first in a process an admin, so every account here gets its role explicitly).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "server/hub_client.h"
#include "test_postgres.h"

namespace paperboy::testing {

struct TestAccount {
  HubClient client;
  std::string email;
  int64_t id = 0;
  std::string handle{};
};

inline TestAccount sign_up_account(int port, TestStore& test_store, const std::string& email,
                                   const std::string& name, Role role = Role::kReader) {
  TestAccount a{HubClient(port), email};
  auto res = a.client.sign_up(a.email, name, "correct horse battery");
  EXPECT_TRUE(res && res->status == 303) << email;
  auto store = std::move(test_store.open()).value();
  auto user = store->community().user_by_email(a.email);
  EXPECT_TRUE(user.ok() && user->has_value()) << email;
  if (!user.ok() || !user->has_value()) return a;
  a.id = (**user).id;
  a.handle = (**user).handle;
  EXPECT_TRUE(store->profiles().set_role(a.id, role, 0, 1).ok());
  return a;
}

}  // namespace paperboy::testing
