// The mail and reader-preference tables: subscriptions, the outbox's once-per-period rule and
// the record of papers sent, not-interested marks, follows, saved searches, recent papers.
#include <gtest/gtest.h>

#include <vector>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class MailingTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    Paper listed = make_paper("2410.00001", "Listed on the hub");
    listed.hub_day = Date{2024, 10, 21};
    Paper unlisted = make_paper("2410.00002", "Only on arXiv");
    unlisted.published = Date{2024, 10, 20};
    Paper old = make_paper("2301.00003", "An old paper");
    old.published = Date{2023, 1, 5};
    Paper listed_late = make_paper("2301.00004", "Old, listed recently");
    listed_late.published = Date{2023, 1, 6};
    listed_late.hub_day = Date{2024, 10, 19};
    ASSERT_TRUE(store_->upsert(std::vector<Paper>{listed, unlisted, old, listed_late}).ok());
    auto ada = store_->community().create_user("ada@example.org", "Ada", "$argon2id$fake", 100);
    ASSERT_TRUE(ada.ok());
    ada_ = *ada;
  }
  int64_t doc_id(const std::string& id) { return (**store_->get(id)).doc_id; }
  Mailing& mailing() { return store_->mailing(); }

  OutboxMessage digest(int64_t subscription_id, const std::string& period) {
    OutboxMessage m;
    m.subscription_id = subscription_id;
    m.kind = "digest";
    m.period = period;
    m.recipient = "reader@example.org";
    m.message = "Subject: digest " + period + "\r\n\r\nbody\r\n";
    m.next_attempt = 1000;
    m.created = 1000;
    return m;
  }

  int64_t ada_ = 0;
};
PAPERBOY_ON_EVERY_STORE(MailingTest);

TEST_P(MailingTest, SubscribingTwiceKeepsOneSubscriptionAndAnUnsubscribedOneMustConfirmAgain) {
  auto first = mailing().subscribe("reader@example.org", 0, 100);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->status, Subscription::Status::kPending);
  Subscription active = *first;
  active.status = Subscription::Status::kActive;
  active.confirmed = 150;
  active.weekly = true;
  active.sections = {"trending"};
  ASSERT_TRUE(mailing().update_subscription(active).ok());

  auto again = mailing().subscribe("reader@example.org", ada_, 200);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->status, Subscription::Status::kActive);
  EXPECT_EQ(again->user_id, ada_);  // linked to the account that asked
  EXPECT_TRUE(again->weekly);
  EXPECT_EQ(again->sections, std::vector<std::string>{"trending"});

  active = *again;
  active.status = Subscription::Status::kUnsubscribed;
  ASSERT_TRUE(mailing().update_subscription(active).ok());
  EXPECT_TRUE(mailing().active_subscriptions()->empty());
  EXPECT_EQ(mailing().subscribe("reader@example.org", 0, 300)->status,
            Subscription::Status::kPending);
  EXPECT_EQ(*mailing().subscriptions_created_since(100), 1);
  EXPECT_EQ(*mailing().subscriptions_created_since(101), 0);
  EXPECT_EQ((*mailing().subscription_of_user(ada_))->id, first->id);
}

TEST_P(MailingTest, ADigestIsQueuedOncePerPeriodWithThePapersItCarries) {
  const int64_t sub = mailing().subscribe("reader@example.org", 0, 100)->id;
  const std::vector<int64_t> papers = {doc_id("2410.00001"), doc_id("2410.00002")};
  ASSERT_TRUE(*mailing().enqueue(digest(sub, "2024-10-21"), papers));
  // A second composition for the same period (a restart) writes nothing.
  EXPECT_FALSE(
      *mailing().enqueue(digest(sub, "2024-10-21"), std::vector<int64_t>{doc_id("2301.00003")}));
  const std::vector<int64_t> all = {doc_id("2410.00001"), doc_id("2410.00002"),
                                    doc_id("2301.00003")};
  EXPECT_EQ(*mailing().sent_among(sub, all), papers);
  EXPECT_EQ((*mailing().subscription(sub))->last_period, "2024-10-21");
  ASSERT_TRUE(*mailing().enqueue(digest(sub, "2024-10-22"), {}));
  EXPECT_EQ((*mailing().subscription(sub))->last_period, "2024-10-22");
}

TEST_P(MailingTest, OnlyTheDigestRoundMovesTheLastPeriodAndOnlyForward) {
  const int64_t sub = mailing().subscribe("reader@example.org", 0, 100)->id;
  Subscription loaded =
      **mailing().subscription(sub);  // a preferences page opened before the round
  ASSERT_TRUE(mailing().mark_period_done(sub, "2024-10-21").ok());
  ASSERT_TRUE(mailing().mark_period_done(sub, "2024-10-20").ok());  // never back
  EXPECT_EQ((*mailing().subscription(sub))->last_period, "2024-10-21");
  loaded.send_hour = 18;
  ASSERT_TRUE(mailing().update_subscription(loaded).ok());  // saved after the round
  auto now = **mailing().subscription(sub);
  EXPECT_EQ(now.send_hour, 18);
  EXPECT_EQ(now.last_period, "2024-10-21") << "saving preferences must not undo a round";
}

TEST_P(MailingTest, OutboxMessagesMoveFromQueuedToSentOrFailed) {
  const int64_t sub = mailing().subscribe("reader@example.org", 0, 100)->id;
  for (const char* period : {"2024-10-20", "2024-10-21", "2024-10-22"})
    ASSERT_TRUE(*mailing().enqueue(digest(sub, period), {}));
  auto due = mailing().due_messages(1000, 10);
  ASSERT_EQ(due->size(), 3u);
  EXPECT_TRUE(mailing().due_messages(999, 10)->empty());
  EXPECT_NE((*due)[0].message.find("digest 2024-10-20"), std::string::npos);
  EXPECT_EQ(*mailing().due_count(1000), 3);
  EXPECT_EQ(*mailing().due_count(999), 0);

  ASSERT_TRUE(mailing().mark_sent((*due)[0].id, 1001).ok());
  ASSERT_TRUE(mailing().mark_retry((*due)[1].id, "451 try later", 2000).ok());
  ASSERT_TRUE(mailing().mark_failed((*due)[2].id, "550 no such user").ok());
  EXPECT_TRUE(mailing().due_messages(1500, 10)->empty());
  auto retried = mailing().due_messages(2000, 10);
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ((*retried)[0].attempts, 1);
  EXPECT_EQ((*retried)[0].last_error, "451 try later");
  auto counts = mailing().outbox_counts();
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->queued, 1);
  EXPECT_EQ(counts->failed, 1);
  auto failed = mailing().recent_messages(OutboxMessage::Status::kFailed, 5);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].last_error, "550 no such user");
}

TEST_P(MailingTest, ReaderPreferences) {
  ReaderPreferences& prefs = store_->preferences();
  const int64_t paper = doc_id("2410.00001");
  EXPECT_TRUE(*prefs.set_not_interested(ada_, paper, true, 100));
  EXPECT_FALSE(*prefs.set_not_interested(ada_, paper, true, 101));
  EXPECT_EQ(*prefs.not_interested(ada_), std::vector<int64_t>{paper});
  EXPECT_TRUE(*prefs.set_not_interested(ada_, paper, false, 102));
  EXPECT_TRUE(prefs.not_interested(ada_)->empty());

  EXPECT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kCategory, "cs.CL"}, true));
  EXPECT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kAuthor, "Alan Turing"}, true));
  auto follows = prefs.follows(ada_);
  ASSERT_EQ(follows->size(), 2u);
  EXPECT_EQ((*follows)[0].value, "cs.CL");
  EXPECT_EQ((*follows)[1].kind, Follow::Kind::kAuthor);

  auto id = prefs.save_search(ada_, "quantization cat:cs.LG", false, 100);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*prefs.save_search(ada_, "quantization cat:cs.LG", true, 200),
            *id);  // the alert flag moves
  auto searches = prefs.saved_searches(ada_);
  ASSERT_EQ(searches->size(), 1u);
  EXPECT_TRUE((*searches)[0].alert);
  EXPECT_FALSE(*prefs.delete_search(ada_ + 1, *id));  // not another user's
  EXPECT_TRUE(*prefs.delete_search(ada_, *id));
  EXPECT_FALSE(prefs.saved_search(*id)->has_value());

  ASSERT_TRUE(store_->community().vote(ada_, paper, 100).ok());
  EXPECT_EQ(*prefs.voted_by(ada_), std::vector<int64_t>{paper});
}

TEST_P(MailingTest, RecentPapersAreThoseListedOrFirstPublishedInTheDays) {
  auto recent = store_->list_recent(DateRange{Date{2024, 10, 19}, Date{2024, 10, 21}}, 10);
  ASSERT_TRUE(recent.ok());
  std::vector<std::string> ids;
  for (const auto& p : *recent) ids.push_back(p.paper.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"2410.00001", "2410.00002", "2301.00004"}));
}

}  // namespace
}  // namespace paperboy
