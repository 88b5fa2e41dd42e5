// paperboy store copy (issue 17): an instance moved from SQLite to PostgreSQL and back holds
// the same papers, accounts, votes, libraries, subscriptions and outbox, with the same numbers;
// a stopped copy resumes; a destination holding another instance is refused.
#include "store/store_copy.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/postgres/pg_store.h"
#include "test_postgres.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

// Everything a running instance has written, a little of each.
void fill(Store& store) {
  std::vector<Paper> papers;
  for (int i = 1; i <= 30; ++i) {
    Paper paper = make_paper(fmt::format("2410.{:05}", i),
                             fmt::format("Paper {} with \"quotes\", \\ and ünïcode", i));
    if (i % 3 == 0) paper.hub_day = Date{2024, 10, 20 + i % 5};
    paper.upvotes = i % 7;
    papers.push_back(paper);
  }
  ASSERT_TRUE(store.upsert(papers, JobState{"harvest:arxiv", "token-123"}).ok());
  std::vector<Withdrawal> withdrawals{{"2410.00030", Date{2024, 11, 1}}};
  ASSERT_TRUE(store.write({{}, withdrawals, std::nullopt}).ok());
  Community& community = store.community();
  int64_t ada = *community.create_user("ada@example.org", "Ada", "$argon2id$a", 100);
  int64_t alan = *community.create_user("alan@example.org", "Alan", "$argon2id$b", 101);
  ASSERT_TRUE(community.add_session("session-hash", {ada, "csrf", 9'999'999'999}).ok());
  ASSERT_TRUE(community.add_api_token("token-hash", alan, "laptop", 102).ok());
  int64_t first = (*store.get("2410.00001"))->doc_id;
  int64_t second = (*store.get("2410.00002"))->doc_id;
  ASSERT_TRUE(*community.vote(ada, first, 103));
  ASSERT_TRUE(*community.vote(alan, first, 104));
  std::vector<std::string> tags = {"to-read", "z-last"};
  ASSERT_TRUE(community.save(ada, second, tags, 105).ok());
  ASSERT_TRUE(*community.submit(alan, second, Date{2024, 10, 25}, 106));
  ASSERT_TRUE(*store.preferences().set_follow(ada, {Follow::Kind::kAuthor, "Ada Lovelace"}, true));
  ASSERT_TRUE(store.preferences().save_search(ada, "graph neural", true, 107).ok());
  auto subscription = store.mailing().subscribe("ada@example.org", ada, 108);
  ASSERT_TRUE(subscription.ok());
  OutboxMessage digest;
  digest.subscription_id = subscription->id;
  digest.kind = "digest";
  digest.period = "2024-10-25";
  digest.recipient = "ada@example.org";
  digest.message = "Subject: x\r\n\r\ny\r\n";
  std::vector<int64_t> sent = {first, second};
  ASSERT_TRUE(*store.mailing().enqueue(digest, sent));
  std::string image = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 256; ++i) image += static_cast<char>(i);
  ASSERT_TRUE(store.thumbnails().put_thumbnail(first, 1, image, 109).ok());
  ASSERT_TRUE(store.thumbnails().record_thumbnail_failure(second, 1, "not a PDF", 110).ok());
}

// What a reader of the store sees, as text, to compare two stores by.
std::string contents(Store& store) {
  std::string out;
  EXPECT_TRUE(store
                  .scan_changes(0,
                                [&](const StoredPaper& p) {
                                  out += fmt::format("{} {} {} {} {} {} {} {}|", p.doc_id,
                                                     p.change_seq, p.paper.id, p.paper.title,
                                                     p.paper.community_votes, p.paper.hub_day.str(),
                                                     p.withdrawn.str(),
                                                     fmt::join(p.paper.authors, ";"));
                                  return true;
                                })
                  .ok());
  auto stats = store.stats();
  out += fmt::format("papers {} seq {} count {}|", stats->papers, stats->change_seq,
                     *store.paper_count());
  for (const char* email : {"ada@example.org", "alan@example.org"}) {
    auto user = *store.community().user_by_email(email);
    out += fmt::format("{} {} {}|", user->id, user->name, user->password_hash);
    auto library = *store.community().library(user->id, "");
    for (const auto& entry : library)
      out += fmt::format("{} {}|", entry.doc_id, fmt::join(entry.tags, ","));
    out += fmt::format("votes {}|", fmt::join(*store.preferences().voted_by(user->id), ","));
  }
  auto session = *store.community().session("session-hash", 1000);
  out += session ? fmt::format("session {} {}|", session->user_id, session->csrf) : "no session|";
  out += fmt::format("token {}|", store.community().api_token_user("token-hash")->value_or(0));
  out += fmt::format("job {}|", store.job_state("harvest:arxiv")->value_or(""));
  auto counts = *store.mailing().outbox_counts();
  out += fmt::format("outbox {}|", counts.queued);
  for (const char* id : {"2410.00001", "2410.00002"}) {
    const int64_t doc_id = (*store.get(id))->doc_id;
    auto image = *store.thumbnails().thumbnail(doc_id);
    auto tried = *store.thumbnails().thumbnail_attempts(std::vector<int64_t>{doc_id});
    out += fmt::format("thumbnail {} {} {} {}|", id, image ? image->version : 0,
                       image ? image->png.size() : 0, tried.empty() ? "" : tried[0].error);
    if (image) out += image->png + "|";
  }
  return out;
}

std::unique_ptr<TableRows> rows_of(const std::string& spec, const std::filesystem::path& dir) {
  auto location = parse_store_location(spec);
  EXPECT_TRUE(location.ok());
  auto rows = open_table_rows(*location, dir);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  return rows.ok() ? std::move(rows).value() : nullptr;
}

// A destination that stops taking rows after a number of batches, as a killed copy does.
class StoppingRows final : public TableRows {
 public:
  StoppingRows(TableRows& inner, int batches) : inner_(inner), batches_left_(batches) {}
  Result<std::vector<TableRow>> read(const std::string& t, const std::vector<std::string>& c,
                                     size_t k, const TableRow& a, size_t l) override {
    return inner_.read(t, c, k, a, l);
  }
  Result<TableRow> last_key(const std::string& t, const std::vector<std::string>& c,
                            size_t k) override {
    return inner_.last_key(t, c, k);
  }
  Result<int64_t> count(const std::string& t) override { return inner_.count(t); }
  Status write(const std::string& t, const std::vector<std::string>& c, size_t k,
               const std::vector<TableRow>& r, bool replace) override {
    if (batches_left_-- <= 0) return Error{"killed"};
    return inner_.write(t, c, k, r, replace);
  }
  Result<int64_t> numbers_given(const std::string& t, const std::string& c) override {
    return inner_.numbers_given(t, c);
  }
  Status renumber_after_copy(const std::string& t, const std::string& c, int64_t given) override {
    return inner_.renumber_after_copy(t, c, given);
  }

 private:
  TableRows& inner_;
  int batches_left_;
};

class StoreCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = "sqlite:" + (dir_ / "source.sqlite").string();
    auto source = open_sqlite_store((dir_ / "source.sqlite").string());
    ASSERT_TRUE(source.ok());
    fill(**source);
    expected_ = contents(**source);
  }
  std::string contents_of(const std::string& spec) {
    auto store = open_store(*parse_store_location(spec), dir_.path());
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? contents(**store) : "";
  }
  std::unique_ptr<testing::PostgresSchema> postgres() {
    std::string why;
    auto schema = testing::PostgresSchema::create(why);
    if (!schema) {
      if (testing::postgres_required())
        ADD_FAILURE() << why;
      else
        std::cout << "skipped: " << why << "\n";
    }
    return schema;
  }

  testing::TempDir dir_;
  std::string source_;
  std::string expected_;
};

TEST_F(StoreCopyTest, SqliteToPostgresAndBackKeepsEveryRowAndNumber) {
  auto schema = postgres();
  if (!schema) return;
  auto from = rows_of(source_, dir_.path());
  auto to = rows_of(schema->uri(), dir_.path());
  auto report = copy_store(*from, *to, nullptr, 7);  // small batches: many resume points
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(contents_of(schema->uri()), expected_);

  const std::string back = "sqlite:" + (dir_ / "back.sqlite").string();
  auto back_rows = rows_of(back, dir_.path());
  ASSERT_TRUE(copy_store(*to, *back_rows).ok());
  EXPECT_EQ(contents_of(back), expected_);

  // The copy goes on numbering where the source stopped, and never reuses a number.
  auto copy = open_store(*parse_store_location(schema->uri()), dir_.path());
  ASSERT_TRUE((*copy)->upsert(std::vector<Paper>{make_paper("2411.00001", "After the move")}).ok());
  EXPECT_GT((*(*copy)->get("2411.00001"))->doc_id, 30)
      << "the source numbered its 30 papers 1 to 30";
  EXPECT_TRUE((*copy)->community().create_user("new@example.org", "New", "$argon2id$c", 200).ok());
}

// Issue 32.5: a number deleted before the move is not given again after it, on either backend.
TEST_F(StoreCopyTest, ANumberDeletedBeforeTheMoveIsNotGivenAfterIt) {
  int64_t deleted = 0;
  {
    auto store = open_store(*parse_store_location(source_), dir_.path());
    auto last = (*store)->community().create_user("last@example.org", "Last", "$argon2id$d", 300);
    ASSERT_TRUE(last.ok());
    deleted = *last;
    ASSERT_TRUE((*store)->community().delete_user(deleted).ok());
  }
  auto check = [&](const std::string& target) {
    auto from = rows_of(source_, dir_.path());
    auto to = rows_of(target, dir_.path());
    auto copied = copy_store(*from, *to);
    ASSERT_TRUE(copied.ok()) << copied.error().message;
    auto moved = open_store(*parse_store_location(target), dir_.path());
    auto next = (*moved)->community().create_user("after@example.org", "After", "$argon2id$e", 400);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_GT(*next, deleted) << target;
  };
  check("sqlite:" + (dir_ / "moved.sqlite").string());
  if (auto schema = postgres()) check(schema->uri());
}

TEST_F(StoreCopyTest, AStoppedCopyResumesAndARerunChangesNothing) {
  const std::string target = "sqlite:" + (dir_ / "target.sqlite").string();
  auto from = rows_of(source_, dir_.path());
  auto to = rows_of(target, dir_.path());
  StoppingRows stopping(*to, 5);
  auto stopped = copy_store(*from, stopping, nullptr, 4);
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().message.find("killed"), std::string::npos);
  auto resumed = copy_store(*from, *to, nullptr, 4);
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(contents_of(target), expected_);
  auto again = copy_store(*from, *to);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(contents_of(target), expected_);
}

TEST_F(StoreCopyTest, ADestinationHoldingAnotherInstanceIsRefused) {
  const std::string other = "sqlite:" + (dir_ / "other.sqlite").string();
  {
    auto store = open_store(*parse_store_location(other), dir_.path());
    ASSERT_TRUE(
        (*store)->upsert(std::vector<Paper>{make_paper("2301.00001", "Someone else's")}).ok());
  }
  auto from = rows_of(source_, dir_.path());
  auto to = rows_of(other, dir_.path());
  auto refused = copy_store(*from, *to);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("already holds other papers"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace paperboy
