// Several stateless servers over one PostgreSQL store behind Debian's nginx (issue 17): two
// `paperboy serve` processes, each with its own data directory (the second starts empty and
// builds its indexes from the store), behind deploy/nginx-paperboy.conf, with a real SMTP sink
// and a stand-in for the Hugging Face hub on loopback. Through nginx a reader signs up, votes
// and subscribes, whichever server answers; a paper one server lists is listed on the other; a
// paper stored by a third writer becomes searchable on both; the harvest round and the digest
// happen once; and after `kill -9` of one server nginx goes on answering from the other.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <csignal>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "../mail/smtp_sink.h"
#include "../server/hub_client.h"
#include "process.h"
#include "test_postgres.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kBase = "https://papers.example.org";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// The Hugging Face hub's daily list (`daily_list`), held back until the test releases it: the
// first server's harvest round is still running (holding the round's lock) when the second
// server's starts, however slowly the machine brings the second one up. Counts what it is asked.
class HubStandIn {
 public:
  explicit HubStandIn(std::string daily_list = "[]") : daily_list_(std::move(daily_list)) {
    server_.Get("/api/daily_papers", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      for (int i = 0; i < 600 && !released_; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      res.set_content(daily_list_, "application/json");
    });
    // arXiv's API, for a paper submitted that no server has yet (a real answer, kept in
    // tests/fixtures/formats).
    server_.Get("/api/query", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          testing::read_file(testing::fixture_data("formats/arxiv-api-idlist-two-ids.atom.xml")),
          "application/atom+xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HubStandIn() {
    released_ = true;
    server_.stop();
    thread_.join();
  }
  void release() { released_ = true; }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  const std::string daily_list_;
  httplib::Server server_;
  std::atomic<int> requests_{0};
  std::atomic<bool> released_{false};
  int port_ = 0;
  std::thread thread_;
};

class MultiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    schema_ = testing::PostgresSchema::create(why);
    if (!schema_) {
      if (testing::postgres_required()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    if (!fs::exists("/usr/sbin/nginx")) {
      if (testing::postgres_required()) FAIL() << "no /usr/sbin/nginx (apt-get install nginx)";
      GTEST_SKIP() << "no /usr/sbin/nginx (apt-get install nginx)";
    }
    for (const char* name : {"a", "b", "writer", "nginx"}) fs::create_directories(dir_ / name);
  }
  void TearDown() override {
    for (pid_t pid : {nginx_, servers_[0], servers_[1]}) {
      if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
      }
    }
  }

  testing::ProcessResult paperboy(const std::string& who, std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--data", (dir_ / who / "data").string(), "--store", schema_->uri()});
    return testing::run_paperboy(args, dir_ / who);
  }

  // Starts server `n` (0: a, 1: b), asking for a harvest round at start unless `harvest_now` is
  // false; its port, or 0.
  int start_server(int n, int smtp_port, int hub_port, bool harvest_now = true) {
    const fs::path home = dir_ / (n == 0 ? "a" : "b");
    std::vector<std::string> args = {"--data",
                                     (home / "data").string(),
                                     "--store",
                                     schema_->uri(),
                                     "serve",
                                     "--listen",
                                     "127.0.0.1:0",
                                     "-q",
                                     "--index-catch-up",
                                     "1",
                                     "--submission-max-age-days",  // the test submits 2007's papers
                                     "0",
                                     "--mail",
                                     "--smtp-url",
                                     fmt::format("smtp://127.0.0.1:{}", smtp_port),
                                     "--smtp-tls",
                                     "none",
                                     "--mail-from",
                                     "digest@paperboy.test",
                                     "--base-url",
                                     kBase,
                                     "--digest-check",
                                     "1",
                                     "--send-check",
                                     "1",
                                     "--trusted-proxy",
                                     "127.0.0.1",
                                     "--harvest",
                                     "--harvest-hf",
                                     "--contact",
                                     "ops@paperboy.test",
                                     "--hf-url",
                                     fmt::format("http://127.0.0.1:{}", hub_port),
                                     "--arxiv-api-url",
                                     fmt::format("http://127.0.0.1:{}/api/query", hub_port)};
    if (harvest_now) args.emplace_back("--harvest-now");
    servers_[n] = testing::spawn_paperboy(args, home);
    std::smatch m;
    for (int i = 0; i < 600; ++i) {
      const std::string err = testing::read_file(home / "stderr");
      if (std::regex_search(err, m, std::regex(R"(on http://127\.0\.0\.1:(\d+)/)")))
        return std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  // nginx with deploy/nginx-paperboy.conf, its ports replaced; the port it listens on, or 0.
  // Waits until each server has finished `rounds` more outbox rounds than when asked (read from
  // its /metrics), so a check that nothing was sent twice follows rounds that could have sent it.
  // False when some server did not get there within 30 seconds.
  static bool more_send_rounds(const std::vector<int>& ports, int rounds) {
    auto rounds_of = [](int port) -> int64_t {
      httplib::Client client("127.0.0.1", port);
      auto res = client.Get("/metrics");
      std::smatch m;
      static const std::regex line(R"(paperboy_mail_send_rounds_total (\d+))");
      if (!res || res->status != 200 || !std::regex_search(res->body, m, line)) return -1;
      return std::stoll(m[1]);
    };
    for (int port : ports) {
      const int64_t start = rounds_of(port);
      if (start < 0) return false;
      bool done = false;
      for (int i = 0; i < 300 && !done; ++i) {
        done = rounds_of(port) >= start + rounds;
        if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (!done) return false;
    }
    return true;
  }

  int start_nginx(int port_a, int port_b) {
    std::string site =
        testing::read_file(fs::path(PAPERBOY_SOURCE_DIR) / "deploy/nginx-paperboy.conf");
    const int port = free_port();
    site = std::regex_replace(site, std::regex(R"(127\.0\.0\.1:8081)"),
                              fmt::format("127.0.0.1:{}", port_a));
    site = std::regex_replace(site, std::regex(R"(127\.0\.0\.1:8082)"),
                              fmt::format("127.0.0.1:{}", port_b));
    site = std::regex_replace(site, std::regex(R"(127\.0\.0\.1:8080)"),
                              fmt::format("127.0.0.1:{}", port));
    const fs::path home = dir_ / "nginx";
    fs::create_directories(home / "tmp");
    fs::permissions(home / "tmp", fs::perms::all);  // nginx's workers run as nobody under root
    testing::write_file(home / "site.conf", site);
    testing::write_file(
        home / "nginx.conf",
        fmt::format(
            "daemon off;\nworker_processes 1;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\n"
            "events {{ worker_connections 256; }}\nhttp {{\n  access_log {0}/access.log;\n"
            "  client_body_temp_path {0}/tmp/body;\n  proxy_temp_path {0}/tmp/proxy;\n"
            "  fastcgi_temp_path {0}/tmp/fastcgi;\n  uwsgi_temp_path {0}/tmp/uwsgi;\n"
            "  scgi_temp_path {0}/tmp/scgi;\n  include {0}/site.conf;\n}}\n",
            home.string()));
    std::vector<std::string> args = {"/usr/sbin/nginx", "-p", home.string(), "-c",
                                     (home / "nginx.conf").string()};
    std::vector<char*> argv;
    argv.reserve(args.size());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn(&nginx_, argv[0], nullptr, nullptr, argv.data(), environ);
    httplib::Client probe("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto res = probe.Get("/healthz"); res && res->status == 200) return port;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  std::string log_of(int n) { return testing::read_file(dir_ / (n == 0 ? "a" : "b") / "stderr"); }

  testing::TempDir dir_;
  std::unique_ptr<testing::PostgresSchema> schema_;
  std::array<pid_t, 2> servers_ = {-1, -1};
  pid_t nginx_ = -1;
};

json get_json(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path);
  if (!res || res->status != 200) return {};
  return json::parse(res->body, nullptr, false);
}

// Whether a lexical search for the paper's title, on the server at `port`, lists the paper.
bool search_finds(int port, const std::string& title, const std::string& id) {
  std::string query;
  for (unsigned char c : title)
    query += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  httplib::Client client("127.0.0.1", port);
  json items = get_json(client, "/api/papers/search?mode=lexical&limit=50&q=" + query);
  for (const auto& item : items) {
    if (item.value("id", "") == id) return true;
  }
  return false;
}

TEST_F(MultiServerTest, TwoServersBehindNginxShareOneStore) {
  // One store, filled by a command-line ingest that also indexes into server a's directory.
  auto ingested =
      paperboy("a", {"ingest", "-q", testing::sample_data("hf-daily/2025-10-21.json").string(),
                     testing::fixture_data("formats/arxiv-snapshot-200.jsonl").string()});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  // More papers after a's model was trained: a model b trained itself would differ from a's.
  auto more = paperboy("writer", {"ingest", "-q", "--no-index",
                                  testing::sample_data("hf-daily/2024-05-27.json").string()});
  ASSERT_EQ(more.exit_code, 0) << more.err;

  testing::SmtpSink sink(dir_.path());
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start";
  HubStandIn hub;
  const int port_a = start_server(0, sink.port(), hub.port());
  const int port_b = start_server(1, sink.port(), hub.port());
  ASSERT_GT(port_a, 0) << log_of(0);
  ASSERT_GT(port_b, 0) << log_of(1);
  // Both servers asked for a harvest round at start; the one that took the lock is waiting on
  // the hub, so the other must have found the round taken and waits for it.
  bool one_waits = false;
  for (int i = 0; i < 600 && !one_waits; ++i) {
    one_waits = (log_of(0) + log_of(1)).find("this round waits for it") != std::string::npos;
    if (!one_waits) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(one_waits) << "a:\n" << log_of(0) << "\nb:\n" << log_of(1);
  hub.release();
  const int port = start_nginx(port_a, port_b);
  ASSERT_GT(port, 0) << testing::read_file(dir_ / "nginx" / "error.log");

  // Server b started with an empty data directory: it builds its indexes from the store.
  std::string listed_id, listed_title;
  {
    httplib::Client a("127.0.0.1", port_a);
    json day = get_json(a, "/api/daily_papers?date=2025-10-21&limit=1");
    ASSERT_EQ(day.size(), 1u);
    listed_id = day[0]["paper"]["id"];
    listed_title = day[0]["paper"]["title"];
  }
  bool b_indexed = false;
  for (int i = 0; i < 600 && !b_indexed; ++i) {
    b_indexed = log_of(1).find("papers written in") != std::string::npos;
    if (!b_indexed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(b_indexed) << log_of(1);
  EXPECT_NE(log_of(1).find("index: catching up with the store"), std::string::npos) << log_of(1);
  // The catch-up's lines are the index's own, harvest or not (issue 36, item 8).
  EXPECT_EQ(log_of(1).find("harvest: index:"), std::string::npos) << log_of(1);
  EXPECT_TRUE(search_finds(port_b, listed_title, listed_id))
      << "server b's own index finds " << listed_id;

  // b took the built-in model a published to the store, so both rank a semantic query alike.
  EXPECT_NE(log_of(1).find("paperboy: semantic search with built-in"), std::string::npos)
      << log_of(1);
  const std::string model_a =
      testing::read_file(dir_ / "a" / "data" / "models" / "builtin-lsa.bin");
  EXPECT_FALSE(model_a.empty());
  EXPECT_TRUE(model_a == testing::read_file(dir_ / "b" / "data" / "models" / "builtin-lsa.bin"))
      << "b trained a model of its own";
  {
    httplib::Client a("127.0.0.1", port_a), b("127.0.0.1", port_b);
    const std::string query =
        "/api/papers/search?mode=semantic&limit=10&q=language%20model%20reasoning";
    // Each server's readers load the vectors its catch-up wrote within a couple of seconds.
    std::vector<std::string> ids_a, ids_b;
    for (int i = 0; i < 100 && (ids_a.empty() || ids_a != ids_b); ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ids_a.clear();
      ids_b.clear();
      for (const auto& item : get_json(a, query)) ids_a.push_back(item.value("id", ""));
      for (const auto& item : get_json(b, query)) ids_b.push_back(item.value("id", ""));
    }
    EXPECT_FALSE(ids_a.empty()) << log_of(0);
    EXPECT_EQ(ids_a, ids_b) << "the two servers rank one semantic query differently";
  }

  // A reader signs up and signs in through nginx; each request may meet either server.
  testing::HubClient reader(port);
  auto signed_up = reader.sign_up("ada@example.org", "Ada", "analytical engine");
  ASSERT_TRUE(signed_up);
  ASSERT_EQ(signed_up->status, 303) << signed_up->body;
  for (int i = 0; i < 6; ++i) {
    json me = json::parse(reader.api("GET", "/api/me")->body, nullptr, false);
    EXPECT_EQ(me.value("email", ""), "ada@example.org") << "request " << i << ": " << me.dump();
  }

  // The vote counts once, and both servers say so.
  httplib::Client a("127.0.0.1", port_a), b("127.0.0.1", port_b);
  const int before = get_json(a, "/api/papers/" + listed_id)["upvotes"].get<int>();
  auto voted = reader.api("POST", "/api/papers/" + listed_id + "/vote");
  ASSERT_TRUE(voted);
  ASSERT_LT(voted->status, 300) << voted->body;
  EXPECT_EQ(reader.api("POST", "/api/papers/" + listed_id + "/vote")->status / 100, 2)
      << "a second vote is a no-op";
  EXPECT_EQ(get_json(a, "/api/papers/" + listed_id)["upvotes"].get<int>(), before + 1);
  EXPECT_EQ(get_json(b, "/api/papers/" + listed_id)["upvotes"].get<int>(), before + 1);

  // A paper listed through server a (0704.0001: stored from the snapshot, never listed) cannot
  // be listed again through server b.
  testing::HubClient on_a(port_a);
  ASSERT_EQ(on_a.sign_in("ada@example.org", "analytical engine")->status, 303);
  auto submitted = on_a.api("POST", "/api/submit", R"({"id": "0704.0001"})");
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  testing::HubClient on_b(port_b);
  ASSERT_EQ(on_b.sign_in("ada@example.org", "analytical engine")->status, 303);
  EXPECT_EQ(on_b.api("POST", "/api/submit", R"({"id": "0704.0001"})")->status, 409);

  // A paper submitted through server a that no server had (a fetches it from arXiv's API)
  // becomes searchable through server b within the catch-up interval.
  auto fetched = on_a.api("POST", "/api/submit", R"({"id": "1707.08567"})");
  ASSERT_EQ(fetched->status, 201) << fetched->body;
  bool submitted_found = false;
  for (int i = 0; i < 100 && !submitted_found; ++i) {
    submitted_found =
        search_finds(port_b, "Workshop AEW10 Concepts in Information Theory", "1707.08567");
    if (!submitted_found) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(submitted_found) << log_of(1);

  // A paper a third process stores becomes searchable on both servers within the catch-up.
  auto added = paperboy("writer", {"ingest", "-q", "--no-index",
                                   testing::sample_data("hf-daily/2026-08-18.json").string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::ifstream added_file(testing::sample_data("hf-daily/2026-08-18.json"));
  const json added_paper = json::parse(added_file)[0]["paper"];
  const std::string new_id = added_paper["id"], new_title = added_paper["title"];
  bool found_a = false, found_b = false;
  for (int i = 0; i < 100 && !(found_a && found_b); ++i) {
    found_a = found_a || search_finds(port_a, new_title, new_id);
    found_b = found_b || search_finds(port_b, new_title, new_id);
    if (!(found_a && found_b)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(found_a) << log_of(0);
  EXPECT_TRUE(found_b) << log_of(1);

  // The harvest round ran on one server; the other waited for it and, once it finished, dropped
  // its own.
  const bool a_harvested = log_of(0).find("done:") != std::string::npos;
  const bool b_harvested = log_of(1).find("done:") != std::string::npos;
  EXPECT_NE(a_harvested, b_harvested) << "a:\n" << log_of(0) << "\nb:\n" << log_of(1);
  EXPECT_NE(
      (a_harvested ? log_of(1) : log_of(0)).find("harvested since this round was due; skipped"),
      std::string::npos);

  // Subscribe through nginx, confirm, and the digest goes out once while both run mail rounds.
  auto subscribed = reader.post_form("/", "/subscribe", {{"email", "reader@example.org"}});
  ASSERT_TRUE(subscribed);
  ASSERT_EQ(subscribed->status, 200) << subscribed->body;
  ASSERT_TRUE(sink.wait_for(1, 20));
  auto messages = sink.parsed(dir_.path());
  ASSERT_EQ(messages.size(), 1u);
  std::smatch m;
  const std::string text = messages[0]["parts"]["text/plain"];
  ASSERT_TRUE(std::regex_search(
      text, m, std::regex(R"(https://papers\.example\.org(/subscribe/confirm\?token=[^\s">]+))")))
      << text;
  httplib::Client through("127.0.0.1", port);
  auto confirmed = through.Post(m[1].str(), "", "application/x-www-form-urlencoded");
  ASSERT_EQ(confirmed->status, 303);
  auto saved = through.Post(confirmed->get_header_value("Location"),
                            "frequency=daily&hour=0&utc_offset=0&section=trending&send_empty=1",
                            "application/x-www-form-urlencoded");
  ASSERT_EQ(saved->status, 200) << saved->body;
  ASSERT_TRUE(sink.wait_for(2, 30)) << log_of(0) << log_of(1);
  ASSERT_TRUE(more_send_rounds({port_a, port_b}, 3)) << log_of(0) << log_of(1);
  EXPECT_EQ(sink.received(), 2u) << "the digest went out more than once";

  // kill -9 of server a: nginx answers every request from b, and a vote still counts once.
  kill(servers_[0], SIGKILL);
  waitpid(servers_[0], nullptr, 0);
  servers_[0] = -1;
  for (int i = 0; i < 10; ++i) {
    auto res = through.Get("/api/papers/" + listed_id);
    ASSERT_TRUE(res) << "request " << i;
    EXPECT_EQ(res->status, 200) << "request " << i;
  }
  EXPECT_EQ(reader.api("DELETE", "/api/papers/" + listed_id + "/vote")->status / 100, 2);
  EXPECT_EQ(get_json(b, "/api/papers/" + listed_id)["upvotes"].get<int>(), before);
  EXPECT_EQ(hub.requests() > 0, true) << "the harvest asked the hub";

  // With no server left, nginx answers in the API's shape with Retry-After, not an HTML 502
  // (issue 36, item 6).
  kill(servers_[1], SIGKILL);
  waitpid(servers_[1], nullptr, 0);
  servers_[1] = -1;
  auto none = through.Get("/api/papers/" + listed_id);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 503);
  EXPECT_EQ(none->get_header_value("Retry-After"), "5");
  EXPECT_EQ(json::parse(none->body, nullptr, false).value("error", ""), "unavailable")
      << none->body;
}

// Waits up to `seconds` for `pattern` in what `log` returns; whether it appeared.
template <typename Log>
bool wait_for_log(Log log, const std::string& pattern, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    if (log().find(pattern) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST_F(MultiServerTest, AServerKilledMidRoundHandsItsHarvestAndItsOutboxToTheOther) {
  auto ingested =
      paperboy("a", {"ingest", "-q", testing::sample_data("hf-daily/2025-10-21.json").string()});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  const std::string daily_list =
      testing::read_file(testing::sample_data("hf-daily/2026-08-18.json"));
  std::vector<std::string> listed;
  for (const auto& entry : json::parse(daily_list)) listed.push_back(entry["paper"]["id"]);
  ASSERT_GE(listed.size(), 2u);

  // Each message waits a second in RCPT, so a kill lands mid-conversation, before the message
  // exists on the SMTP server.
  testing::SmtpSink sink(dir_.path(), 1.0);
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start";
  HubStandIn hub(daily_list);

  // Server a starts a harvest round and is held by the hub; b's round waits for a's.
  const int port_a = start_server(0, sink.port(), hub.port());
  ASSERT_GT(port_a, 0) << log_of(0);
  for (int i = 0; i < 600 && hub.requests() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(hub.requests(), 1) << log_of(0);
  const int port_b = start_server(1, sink.port(), hub.port());
  ASSERT_GT(port_b, 0) << log_of(1);
  ASSERT_TRUE(wait_for_log([&] { return log_of(1); }, "this round waits for it", 30)) << log_of(1);

  // kill -9 of a mid-round: its lock goes with its connection, and b runs the round.
  kill(servers_[0], SIGKILL);
  waitpid(servers_[0], nullptr, 0);
  servers_[0] = -1;
  hub.release();
  ASSERT_TRUE(wait_for_log([&] { return log_of(1); }, "hf: done:", 30)) << log_of(1);
  EXPECT_NE(log_of(1).find("none is running now; it runs"), std::string::npos) << log_of(1);
  EXPECT_NE(log_of(1).find(fmt::format("{} new", listed.size())), std::string::npos) << log_of(1);
  EXPECT_EQ(hub.requests(), 2) << "a's round, then b's";
  httplib::Client b("127.0.0.1", port_b);
  for (const auto& id : listed) {
    auto res = b.Get("/api/papers/" + id);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << id << " was not stored by b's round";
  }

  // a comes back (no harvest this time). Four readers subscribe through it; whichever server
  // sends their confirmations is killed between two messages, and the other sends the rest:
  // each reader gets exactly one.
  const int port_a2 = start_server(0, sink.port(), hub.port(), /*harvest_now=*/false);
  ASSERT_GT(port_a2, 0) << log_of(0);
  const std::vector<std::string> readers = {"r1@example.org", "r2@example.org", "r3@example.org",
                                            "r4@example.org"};
  for (const auto& address : readers) {
    testing::HubClient reader(port_a2);
    auto subscribed = reader.post_form("/", "/subscribe", {{"email", address}});
    ASSERT_TRUE(subscribed);
    ASSERT_EQ(subscribed->status, 200) << subscribed->body;
  }
  pid_t killed = 0;
  for (int i = 0; i < 300 && killed == 0; ++i) {
    const size_t before = sink.received();
    if (before >= 1 && before < readers.size()) {
      // Between two messages of a round: the sender is in the next one's RCPT.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const pid_t sender = schema_->job_lock_holder("outbox");
      if (sink.received() == before && (sender == servers_[0] || sender == servers_[1])) {
        kill(sender, SIGKILL);
        waitpid(sender, nullptr, 0);
        killed = sender;
        (sender == servers_[0] ? servers_[0] : servers_[1]) = -1;
      }
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ASSERT_NE(killed, 0) << "never caught a server between two messages; sink has " << sink.received()
                       << "\na:\n"
                       << log_of(0) << "\nb:\n"
                       << log_of(1);
  ASSERT_TRUE(sink.wait_for(readers.size(), 30)) << log_of(0) << log_of(1);
  const int survivor_port = servers_[0] == -1 ? port_b : port_a2;
  ASSERT_TRUE(more_send_rounds({survivor_port}, 2)) << log_of(0) << log_of(1);
  std::multiset<std::string> recipients;
  for (const auto& message : sink.parsed(dir_.path())) recipients.insert(message["X-Envelope-To"]);
  EXPECT_EQ(recipients, std::multiset<std::string>(readers.begin(), readers.end()))
      << "a confirmation was lost or sent twice";
}

}  // namespace
}  // namespace paperboy
