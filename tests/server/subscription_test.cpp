// Subscribing from the web: the front page's form, double opt-in through a signed link, the
// preferences page, one-click unsubscribe (RFC 8058), and what is refused — bad addresses,
// header injection, forged, expired or misused tokens, floods — with nothing stored.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "hub_client.h"
#include "mail/link_signer.h"
#include "server/paper_server.h"
#include "test_support.h"

namespace paperboy {
namespace {

constexpr int64_t kNow = 1'790'000'000;  // the server's clock, fixed

class SubscriptionTest : public ::testing::Test {
 protected:
  void start(HubOptions hub = {}) {
    auto store = open_sqlite_store((dir_ / "store.sqlite").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ServerOptions options;
    options.port = 0;
    options.data_dir = dir_.path();
    options.log_requests = false;
    options.clock = [] { return kNow; };
    options.hub = std::move(hub);
    options.hub.links = &signer_;
    options.hub.subscriptions = true;
    options.hub.mail_identity.base_url = "http://paperboy.test";
    server_ = std::make_unique<PaperServer>(options);
    ASSERT_TRUE(server_->bind().ok());
    thread_ = std::thread([this] { (void)server_->serve(); });
    client_ = std::make_unique<testing::HubClient>(server_->port());
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Result subscribe(const std::string& email) {
    return client_->post_form("/", "/subscribe", {{"email", email}});
  }
  std::optional<Subscription> stored(const std::string& email) {
    auto s = store_->mailing().subscription_by_email(email);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : std::nullopt;
  }
  int64_t outbox_queued() { return store_->mailing().outbox_counts()->queued; }
  std::string token(LinkPurpose purpose, int64_t id, int64_t expires = kNow + 3600) {
    return signer_.sign(purpose, id, expires);
  }
  // A POST the way a mail client makes it: no cookies, no CSRF token.
  httplib::Result bare_post(const std::string& path, const std::string& body) {
    httplib::Client client("127.0.0.1", server_->port());
    return client.Post(path, body, "application/x-www-form-urlencoded");
  }

  testing::TempDir dir_;
  LinkSigner signer_{std::string(32, 'k')};
  std::unique_ptr<Store> store_;
  std::unique_ptr<PaperServer> server_;
  std::thread thread_;
  std::unique_ptr<testing::HubClient> client_;
};

// Saved-search alerts travel in the digest: a reader whose address gets no digest is offered
// the subscription in place, not an alert that never comes (issue 36, item 9).
TEST_F(SubscriptionTest, AlertsAreOfferedOnlyToAReaderWhoGetsTheDigest) {
  start();
  testing::HubClient reader(server_->port());
  ASSERT_EQ(reader.sign_up("alerts@example.org", "Alert Reader", "correct horse battery")->status,
            303);
  std::string page = reader.get("/searches")->body;
  EXPECT_NE(page.find("Subscribe alerts@example.org"), std::string::npos) << page;
  EXPECT_EQ(page.find("Searches with “alert me”"), std::string::npos) << page;

  auto user = store_->community().user_by_email("alerts@example.org");
  ASSERT_TRUE(user.ok() && user->has_value());
  auto subscription = store_->mailing().subscribe("alerts@example.org", (**user).id, kNow);
  ASSERT_TRUE(subscription.ok());
  Subscription active = *subscription;
  active.status = Subscription::Status::kActive;
  ASSERT_TRUE(store_->mailing().update_subscription(active).ok());
  page = reader.get("/searches")->body;
  EXPECT_NE(page.find("Searches with “alert me”"), std::string::npos) << page;
  EXPECT_EQ(page.find("Subscribe alerts@example.org"), std::string::npos) << page;
}

TEST_F(SubscriptionTest, FrontPageOffersTheForm) {
  start();
  auto page = client_->get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find(R"(action="/subscribe")"), std::string::npos);
}

TEST_F(SubscriptionTest, DoubleOptInThroughTheSignedLink) {
  start();
  auto res = subscribe("Reader@Example.org");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("Check your inbox"), std::string::npos);
  auto s = stored("reader@example.org");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, Subscription::Status::kPending);
  EXPECT_EQ(outbox_queued(), 1);  // the confirmation
  auto queued = store_->mailing().due_messages(kNow, 10);
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].kind, "confirm");
  EXPECT_NE((*queued)[0].message.find("http://paperboy.test/subscribe/confirm?token="),
            std::string::npos);

  const std::string confirm = "/subscribe/confirm?token=" + token(LinkPurpose::kConfirm, s->id);
  // Opening the link (as a mail scanner would) only shows a button.
  auto shown = client_->get(confirm);
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_NE(shown->body.find("Yes, subscribe"), std::string::npos);
  EXPECT_EQ(stored("reader@example.org")->status, Subscription::Status::kPending);

  auto confirmed = bare_post(confirm, "");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, 303);
  EXPECT_TRUE(confirmed->get_header_value("Location").starts_with("/subscription?token=manage."));
  auto active = stored("reader@example.org");
  EXPECT_EQ(active->status, Subscription::Status::kActive);
  EXPECT_EQ(active->confirmed, kNow);
}

TEST_F(SubscriptionTest, BadAddressesAndHeaderInjectionStoreNothing) {
  HubOptions hub;
  hub.limits.subscribe = {1000, 1};  // failed attempts count against the client too
  start(hub);
  for (const std::string& bad : std::vector<std::string>{
           "", "not-an-address", "a@b", "reader@example.org\r\nBcc: victim@example.org",
           "Reader <reader@example.org>", "réader@example.org", std::string(300, 'a') + "@x.org"}) {
    auto res = subscribe(bad);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_NE(res->body.find("Could not subscribe"), std::string::npos) << bad;
  }
  EXPECT_EQ(store_->mailing().active_subscriptions()->size(), 0u);
  EXPECT_EQ(store_->mailing().subscriptions_created_since(0).value(), 0);
  EXPECT_EQ(outbox_queued(), 0);
}

TEST_F(SubscriptionTest, ForgedExpiredAndMisusedTokensAreRefused) {
  start();
  ASSERT_TRUE(subscribe("reader@example.org"));
  const int64_t id = stored("reader@example.org")->id;
  std::string forged = token(LinkPurpose::kConfirm, id);
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  LinkSigner other(std::string(32, 'x'));
  const std::vector<std::string> refused = {
      forged,
      token(LinkPurpose::kConfirm, id, kNow - 1),          // expired
      token(LinkPurpose::kManage, id),                     // another purpose
      other.sign(LinkPurpose::kConfirm, id, kNow + 3600),  // another server's key
      "confirm." + std::to_string(id) + ".99999999999.",   // no signature
      "garbage"};
  for (const auto& t : refused) {
    auto res = bare_post("/subscribe/confirm?token=" + t, "");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << t;
    EXPECT_NE(res->body.find("This link does not work"), std::string::npos);
  }
  EXPECT_EQ(stored("reader@example.org")->status, Subscription::Status::kPending);
  // A valid token of a subscription that does not exist.
  auto missing =
      bare_post("/subscribe/confirm?token=" + token(LinkPurpose::kConfirm, id + 100), "");
  EXPECT_EQ(missing->status, 404);
}

TEST_F(SubscriptionTest, OneClickUnsubscribeNeedsNoSession) {
  start();
  ASSERT_TRUE(subscribe("reader@example.org"));
  const int64_t id = stored("reader@example.org")->id;
  ASSERT_EQ(bare_post("/subscribe/confirm?token=" + token(LinkPurpose::kConfirm, id), "")->status,
            303);
  const std::string unsubscribe = "/unsubscribe?token=" + token(LinkPurpose::kManage, id);
  auto page = client_->get(unsubscribe);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(stored("reader@example.org")->status,
            Subscription::Status::kActive);  // a GET changes nothing
  auto res = bare_post(unsubscribe, "List-Unsubscribe=One-Click");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(stored("reader@example.org")->status, Subscription::Status::kUnsubscribed);
  EXPECT_TRUE(store_->mailing().active_subscriptions()->empty());
  // An old confirmation link does not bring it back.
  EXPECT_EQ(bare_post("/subscribe/confirm?token=" + token(LinkPurpose::kConfirm, id), "")->status,
            410);
  EXPECT_EQ(stored("reader@example.org")->status, Subscription::Status::kUnsubscribed);
}

TEST_F(SubscriptionTest, PreferencesAreCheckedBeforeTheyAreStored) {
  start();
  ASSERT_TRUE(subscribe("reader@example.org"));
  const int64_t id = stored("reader@example.org")->id;
  ASSERT_EQ(bare_post("/subscribe/confirm?token=" + token(LinkPurpose::kConfirm, id), "")->status,
            303);
  const std::string path = "/subscription?token=" + token(LinkPurpose::kManage, id);
  auto page = client_->get(path);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("reader@example.org"), std::string::npos);

  const std::string good =
      "frequency=weekly&hour=18&utc_offset=-300&section=trending&section=alerts&send_empty=1";
  for (const std::string& bad :
       std::vector<std::string>{"frequency=hourly&hour=18&utc_offset=0&section=trending",
                                "frequency=daily&hour=24&utc_offset=0&section=trending",
                                "frequency=daily&hour=7&utc_offset=900&section=trending",
                                "frequency=daily&hour=7&utc_offset=0&section=spam",
                                "frequency=daily&hour=7&utc_offset=0"}) {
    auto res = bare_post(path, bad);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_NE(res->body.find("Nothing was changed"), std::string::npos) << bad;
  }
  auto unchanged = stored("reader@example.org");
  EXPECT_FALSE(unchanged->weekly);
  EXPECT_EQ(unchanged->send_hour, 7);

  auto res = bare_post(path, good);
  ASSERT_EQ(res->status, 200);
  auto saved = stored("reader@example.org");
  EXPECT_TRUE(saved->weekly);
  EXPECT_EQ(saved->send_hour, 18);
  EXPECT_EQ(saved->utc_offset_minutes, -300);
  EXPECT_EQ(saved->sections, (std::vector<std::string>{"trending", "alerts"}));
  EXPECT_TRUE(saved->send_empty);
}

TEST_F(SubscriptionTest, FloodsAreCutOffSiteWideAndPerClient) {
  HubOptions hub;
  hub.limits.subscribe = {1000, 1};
  hub.new_subscriptions_per_hour = 3;
  start(hub);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(subscribe(fmt::format("reader{}@example.org", i))->status, 200);
  auto res = subscribe("reader3@example.org");
  EXPECT_EQ(res->status, 429);
  EXPECT_FALSE(stored("reader3@example.org"));
  EXPECT_EQ(outbox_queued(), 3);
}

TEST_F(SubscriptionTest, OneClientMayOnlySubscribeSoOften) {
  HubOptions hub;
  hub.limits.subscribe = {2, 0.0001};
  start(hub);
  EXPECT_EQ(subscribe("a@example.org")->status, 200);
  EXPECT_EQ(subscribe("b@example.org")->status, 200);
  EXPECT_EQ(subscribe("c@example.org")->status, 429);
  EXPECT_FALSE(stored("c@example.org"));
}

TEST_F(SubscriptionTest, WithoutMailTheFormIsNotOffered) {
  auto store = open_sqlite_store((dir_ / "store.sqlite").string());
  ASSERT_TRUE(store.ok());
  store_ = std::move(*store);
  ServerOptions options;  // no link signer, no mail
  options.port = 0;
  options.data_dir = dir_.path();
  options.log_requests = false;
  server_ = std::make_unique<PaperServer>(options);
  ASSERT_TRUE(server_->bind().ok());
  thread_ = std::thread([this] { (void)server_->serve(); });
  testing::HubClient client(server_->port());
  EXPECT_EQ(client.get("/")->body.find(R"(action="/subscribe")"), std::string::npos);
  auto res = client.post_form("/", "/subscribe", {{"email", "reader@example.org"}});
  EXPECT_EQ(res->status, 503);
  EXPECT_FALSE(stored("reader@example.org"));
}

}  // namespace
}  // namespace paperboy
