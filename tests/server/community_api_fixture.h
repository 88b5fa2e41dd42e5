// The fixture of the community API tests (community_api_test, settings_pages_test): a server
// on loopback, fresh signed-in users, API tokens, and raw requests as curl sends them.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <string>

#include "server/hub_client.h"
#include "server/server_fixture.h"

namespace paperboy::testing {

class CommunityApiTest : public ServerFixture {
 protected:
  // A new signed-in user (each test its own, so tests do not share votes).
  HubClient signed_in_user() {
    HubClient user(server_->port());
    std::string email = "user" + std::to_string(++users_) + "@example.org";
    auto res = user.sign_up(email, "User " + std::to_string(users_), "correct horse battery");
    EXPECT_TRUE(res && res->status == 303) << (res ? res->body : "no response");
    return user;
  }
  std::string new_token(HubClient& user) {
    auto res = user.api("POST", "/api/tokens", R"({"label": "test script"})");
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "");
    return res ? json::parse(res->body)["token"].get<std::string>() : "";
  }
  static httplib::Result with_token(const std::string& method, const std::string& path,
                                    const std::string& token, const std::string& body = "") {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    if (method == "POST") return client.Post(path, h, body, "application/json");
    if (method == "PUT") return client.Put(path, h, body, "application/json");
    if (method == "DELETE") return client.Delete(path, h);
    return client.Get(path, h);
  }
  // Sends `request` as written, as curl does for `curl -X POST URL` (no Content-Length), and
  // returns the status code of the answer.
  static int raw_status(const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server_->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
    timeval timeout{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    (void)::send(fd, request.data(), request.size(), 0);
    std::array<char, 256> buffer{};
    ssize_t n = ::recv(fd, buffer.data(), buffer.size() - 1, 0);
    ::close(fd);
    std::string head(buffer.data(), n > 0 ? static_cast<size_t>(n) : 0);
    return head.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(head.substr(9, 3)) : -1;
  }
  static int upvotes(const std::string& id) {
    return get_json("/api/papers/" + id, 200)["upvotes"].get<int>();
  }
  // The first paper of the newest day with no hub upvotes: absent from trending until voted for.
  static std::string unvoted_paper() {
    for (const auto& item : get_json("/api/daily_papers?date=2026-08-18&limit=100", 200)) {
      if (item["paper"]["upvotes"] == 0) return item["paper"]["id"];
    }
    return "";
  }
  static int64_t stored_users() {
    auto store = std::move(test_store_->open()).value();
    int64_t n = 0;
    for (int i = 1; i < 1000; ++i) n += store->community().user_by_id(i)->has_value();
    return n;
  }

  inline static int users_ = 0;
};

}  // namespace paperboy::testing
