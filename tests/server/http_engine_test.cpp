// The HTTP engine on loopback, over raw sockets where a test needs a client that misbehaves:
// half-open and dripping connections, oversized requests, too many connections from one
// address, pipelined requests, and a stop with a request in hand.
#include "server/http/http_engine.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "raw_client.h"

namespace paperboy {
namespace {

using namespace std::chrono_literals;

// An engine on a free loopback port, serving on its own thread until the test ends.
class EngineTest : public ::testing::Test {
 protected:
  void start(HttpEngineOptions options, HttpHandler handler = echo_path) {
    engine_ = std::make_unique<HttpEngine>(options, std::move(handler));
    ASSERT_TRUE(engine_->bind("127.0.0.1", 0).ok());
    thread_ = std::thread([this] { (void)engine_->run(); });
  }
  void TearDown() override {
    if (!engine_) return;
    engine_->stop();
    thread_.join();
  }

  static void echo_path(ServerRequest& req, ServerResponse& res) {
    res.set_content("path=" + req.path + " body=" + req.body, "text/plain");
  }

  int port() const { return engine_->port(); }

  // Polls, as the engine forgets a closed connection on its own threads.
  bool wait_for_open_connections(size_t expected) {
    for (int i = 0; i < 500; ++i) {
      if (engine_->open_connections() == expected) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  std::unique_ptr<HttpEngine> engine_;
  std::thread thread_;
};

TEST_F(EngineTest, AnswersOthersWhileManyClientsHoldHalfSentRequests) {
  // Fewer workers than silent clients: a server that gave each connection a thread would
  // answer nobody until the header deadline (a minute here) freed them.
  start({.workers = 2, .header_deadline = 60s});
  std::vector<std::unique_ptr<RawClient>> silent;
  for (int i = 0; i < 500; ++i) {
    silent.push_back(std::make_unique<RawClient>(port()));
    ASSERT_TRUE(silent.back()->connected());
    ASSERT_TRUE(silent.back()->send("GET /slow HTTP/1.1\r\nHost: x\r\n"));
  }
  ASSERT_TRUE(wait_for_open_connections(500));
  for (int i = 0; i < 20; ++i) {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(5, 0);  // twelve times shorter than the deadline that frees the others
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res) << "request " << i << " was not answered: " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "path=/healthz body=");
  }
}

TEST_F(EngineTest, ClosesAClientThatDripsItsHeadersPastTheDeadline) {
  start({.header_deadline = 300ms});
  RawClient client(port());
  ASSERT_TRUE(client.send("GET / HTTP/1.1\r\n"));
  bool closed = false;
  std::string answer = client.read_until_closed(10s, &closed);
  EXPECT_TRUE(closed) << "the connection outlived its header deadline";
  EXPECT_EQ(answer, "");
  EXPECT_TRUE(wait_for_open_connections(0));
}

TEST_F(EngineTest, ClosesIdleKeepAliveConnections) {
  start({.idle_timeout = 300ms});
  RawClient client(port());
  ASSERT_TRUE(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  bool closed = false;
  std::string answer = client.read_until_closed(10s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_NE(answer.find("path=/a"), std::string::npos) << answer;
}

TEST_F(EngineTest, AnswersPipelinedRequestsInOrder) {
  start({});
  RawClient client(port());
  ASSERT_TRUE(client.send(
      "GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second?q=a%20b HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n"));
  std::string answers = client.read_until_closed(10s);
  auto first = answers.find("path=/first");
  auto second = answers.find("path=/second");
  ASSERT_NE(first, std::string::npos) << answers;
  ASSERT_NE(second, std::string::npos) << answers;
  EXPECT_LT(first, second);
}

TEST_F(EngineTest, RefusesTooManyConnectionsFromOneAddressWithAJsonAnswer) {
  start({.max_connections_per_address = 3});
  std::vector<std::unique_ptr<RawClient>> held;
  held.reserve(3);
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawClient>(port()));
  ASSERT_TRUE(wait_for_open_connections(3));

  RawClient refused(port());
  std::string answer = refused.read_until_closed(10s);
  ASSERT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  auto body = nlohmann::json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
  EXPECT_EQ(body["error"], "too many connections");
  EXPECT_NE(body["detail"].get<std::string>().find("127.0.0.1"), std::string::npos);

  held.pop_back();  // one closes: the address may open another
  ASSERT_TRUE(wait_for_open_connections(2));
  httplib::Client client("127.0.0.1", port());
  auto res = client.Get("/again");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(EngineTest, RefusesAnOversizedBodyWith413) {
  start({.max_body_bytes = 100});
  httplib::Client client("127.0.0.1", port());
  auto res = client.Post("/upload", std::string(1000, 'x'), "text/plain");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["error"], "request too large");
  EXPECT_NE(body["detail"].get<std::string>().find("100 bytes"), std::string::npos);

  auto small = client.Post("/upload", std::string(50, 'y'), "text/plain");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->body, "path=/upload body=" + std::string(50, 'y'));
}

TEST_F(EngineTest, RefusesOversizedHeadersWith431) {
  start({.max_header_bytes = 1024});
  RawClient client(port());
  ASSERT_TRUE(
      client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n"));
  std::string answer = client.read_until_closed(10s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("\"request too large\""), std::string::npos);
}

TEST_F(EngineTest, RefusesAMalformedRequestWith400) {
  start({});
  RawClient client(port());
  ASSERT_TRUE(client.send("GET / HTTP/1.1\r\nHost x\r\n\r\n"));  // a header without its colon
  std::string answer = client.read_until_closed(10s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"malformed request\""), std::string::npos) << answer;
}

TEST_F(EngineTest, AnswersHeadWithTheLengthAndNoBody) {
  start({});
  RawClient client(port());
  ASSERT_TRUE(client.send("HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string answer = client.read_until_closed(10s);
  EXPECT_NE(answer.find("Content-Length: 13"), std::string::npos) << answer;  // "path=/x body="
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "");
}

// Issue 36, item 6: during a database outage every 503 says when to come back, so clients and
// the balancer back off; a route's own Retry-After (an index being built) is kept.
TEST_F(EngineTest, A503AlwaysCarriesRetryAfter) {
  start({}, [](ServerRequest& req, ServerResponse& res) {
    res.status = 503;
    if (req.path == "/own") res.add_header("Retry-After", "10");
    res.set_content(R"({"error":"store unavailable"})", "application/json");
  });
  httplib::Client client("127.0.0.1", port());
  auto plain = client.Get("/store");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 503);
  EXPECT_EQ(plain->get_header_value("Retry-After"), "5");
  auto own = client.Get("/own");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->get_header_value("Retry-After"), "10");
  EXPECT_EQ(own->get_header_value_count("Retry-After"), 1u);
}

TEST_F(EngineTest, ReportsAHandlerExceptionAs500WithoutItsText) {
  start({}, [](ServerRequest&, ServerResponse&) {
    throw std::runtime_error(
        "no such table: users (SELECT * FROM users) in /srv/data/store.sqlite");
  });
  httplib::Client client("127.0.0.1", port());
  auto res = client.Get("/boom");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"], "internal error");
  for (const char* internal : {"no such table", "SELECT", "store.sqlite", "/srv"}) {
    EXPECT_EQ(res->body.find(internal), std::string::npos) << res->body;
  }
}

// Request smuggling: a request framed two ways is refused whole, and nothing after it runs.
TEST_F(EngineTest, RefusesAmbiguousFramingWith400AndCloses) {
  std::atomic<int> handled = 0;
  start({}, [&](ServerRequest& req, ServerResponse& res) {
    ++handled;
    res.set_content("path=" + req.path, "text/plain");
  });
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string& framing :
       {"Transfer-Encoding: xchunked\r\nContent-Length: " + std::to_string(smuggled.size()),
        "Transfer-Encoding: identity\r\nContent-Length: " + std::to_string(smuggled.size()),
        std::string("Transfer-Encoding: chunked, identity"),
        std::string("Transfer-Encoding: gzip, chunked"),
        std::string("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"),
        "Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(smuggled.size())}) {
    RawClient client(port());
    const std::string body =
        framing.find("Content-Length") != std::string::npos ? smuggled : "0\r\n\r\n" + smuggled;
    std::string request = "POST /upload HTTP/1.1\r\nHost: x\r\n";
    request += framing;
    request += "\r\n\r\n";
    request += body;
    ASSERT_TRUE(client.send(request));
    bool closed = false;
    std::string answer = client.read_until_closed(10s, &closed);
    EXPECT_EQ(status_of(answer), 400) << framing << "\n" << answer;
    EXPECT_NE(answer.find("malformed request"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("smuggled"), std::string::npos) << framing << "\n" << answer;
    EXPECT_TRUE(closed) << framing;
  }
  EXPECT_EQ(handled, 0);
  // Plain chunked is still read.
  std::string answer =
      raw_exchange(port(),
                   "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n"
                   "Connection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(answer), 200) << answer;
}

// Many clients holding idle connections cannot starve a new one (a health check): at the cap,
// the longest-idle connection is closed to make room.
TEST_F(EngineTest, ClosesTheLongestIdleConnectionToAdmitANewOneAtTheCap) {
  start({.max_connections = 4});
  std::vector<std::unique_ptr<RawClient>> idle;
  idle.reserve(4);
  for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<RawClient>(port()));
  ASSERT_TRUE(wait_for_open_connections(4));
  for (int round = 0; round < 3; ++round) {
    httplib::Client client("127.0.0.1", port());
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
  }
  bool closed = false;
  idle.front()->read_until_closed(2s, &closed);
  EXPECT_TRUE(closed) << "the oldest idle connection was kept";
}

TEST_F(EngineTest, RefusesANewConnectionWith503WhenNoneAtTheCapIsIdle) {
  start({.max_connections = 2});
  RawClient a(port()), b(port());
  ASSERT_TRUE(a.send("GET /slow HTTP/1.1\r\n"));  // requests under way: not idle
  ASSERT_TRUE(b.send("GET /slow HTTP/1.1\r\n"));
  ASSERT_TRUE(wait_for_open_connections(2));
  std::this_thread::sleep_for(100ms);  // both have been read from
  std::string answer = raw_exchange(port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(answer), 503) << answer;
  EXPECT_NE(answer.find("too many connections"), std::string::npos) << answer;
}

TEST_F(EngineTest, StopFinishesTheRequestInHandAndClosesTheOthers) {
  std::atomic<bool> entered = false;
  start({}, [&](ServerRequest&, ServerResponse& res) {
    entered = true;
    std::this_thread::sleep_for(300ms);
    res.set_content("finished", "text/plain");
  });
  RawClient idle(port());
  RawClient half_sent(port());  // its request would have ten seconds more to arrive
  ASSERT_TRUE(half_sent.send("GET /never HTTP/1.1\r\nHost: x\r\n"));
  ASSERT_TRUE(wait_for_open_connections(2));
  RawClient busy(port());
  ASSERT_TRUE(busy.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  while (!entered) std::this_thread::sleep_for(1ms);

  engine_->stop();
  bool idle_closed = false;
  idle.read_until_closed(10s, &idle_closed);
  EXPECT_TRUE(idle_closed);
  bool half_sent_closed = false;
  EXPECT_EQ(half_sent.read_until_closed(5s, &half_sent_closed), "");
  EXPECT_TRUE(half_sent_closed) << "stop() waited for a request that had not arrived";
  bool busy_closed = false;
  std::string answer = busy.read_until_closed(10s, &busy_closed);
  EXPECT_NE(answer.find("finished"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_TRUE(busy_closed);
  thread_.join();  // run() returns once both are gone
  engine_.reset();
}

}  // namespace
}  // namespace paperboy
