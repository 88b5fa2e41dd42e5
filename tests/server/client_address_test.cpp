// Rate limits behind a load balancer (issue 17): a request from a trusted proxy counts against
// the client address the proxy appended to X-Forwarded-For; anyone else's header is ignored.
#include <gtest/gtest.h>

#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

ServerRequest request_from(const std::string& peer, const std::string& forwarded_for) {
  ServerRequest req;
  req.remote_addr = peer;
  if (!forwarded_for.empty()) req.headers.emplace("X-Forwarded-For", forwarded_for);
  return req;
}

TEST(ClientAddress, ATrustedProxyIsSeenThroughToTheAddressItAppended) {
  const std::vector<std::string> trusted = {"127.0.0.1"};
  EXPECT_EQ(client_address(trusted, request_from("127.0.0.1", "203.0.113.7")), "203.0.113.7");
  // The client may send its own X-Forwarded-For; only the proxy's last entry is believed.
  EXPECT_EQ(client_address(trusted, request_from("127.0.0.1", "10.9.9.9, 198.51.100.4 ")),
            "198.51.100.4");
  EXPECT_EQ(client_address(trusted, request_from("127.0.0.1", "")), "127.0.0.1");
}

TEST(ClientAddress, AnyoneElsesForwardedForIsIgnored) {
  EXPECT_EQ(client_address({}, request_from("127.0.0.1", "203.0.113.7")), "127.0.0.1");
  EXPECT_EQ(client_address({"127.0.0.1"}, request_from("192.0.2.1", "203.0.113.7")), "192.0.2.1");
}

}  // namespace
}  // namespace paperboy
