// A failed store operation reaches a client as a status its code picks, and never with SQL text
// or file names: those go to the server's log.
#include "server/http/error_answer.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "server/paper_server.h"
#include "store/store.h"
#include "test_support.h"

namespace paperboy {
namespace {

TEST(ErrorAnswer, EachCodeHasItsStatusAndOnlyActionableOnesShowTheirMessage) {
  EXPECT_EQ(http_status(ErrorCode::kInvalid), 400);
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::kInternal), 500);
  EXPECT_EQ(client_detail({"an account with the address a@b.c exists", ErrorCode::kConflict}),
            "an account with the address a@b.c exists");
  std::string hidden =
      client_detail({"sqlite: no such table: votes in: SELECT count(*) FROM votes"});
  EXPECT_EQ(hidden.find("SELECT"), std::string::npos) << hidden;
  EXPECT_EQ(hidden.find("votes"), std::string::npos) << hidden;
}

TEST(ErrorAnswer, ADriversWordsNeverReachAClientWhateverTheirCode) {
  for (ErrorCode code :
       {ErrorCode::kConflict, ErrorCode::kInvalid, ErrorCode::kNotFound, ErrorCode::kInternal,
        ErrorCode::kUnavailable, ErrorCode::kUnauthenticated, ErrorCode::kForbidden,
        ErrorCode::kRateLimited, ErrorCode::kTooLittleData}) {
    std::string shown = client_detail(
        {"postgresql: duplicate key value violates unique constraint \"users_handle\"", code,
         true});
    EXPECT_FALSE(shown.empty());
    EXPECT_EQ(shown.find("users_handle"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("postgresql"), std::string::npos) << shown;
  }
  EXPECT_EQ(http_status(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::kForbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429);
}

TEST(StoreErrorCodes, AConstraintTheStoreDidNotNameForTheReaderKeepsItsWordsToTheLog) {
  testing::TempDir dir;
  auto store = open_sqlite_store((dir / "store.sqlite").string());
  ASSERT_TRUE(store.ok());
  // A vote for a paper that is not stored breaks a foreign key: the store has no words of its
  // own for that, so the driver's reach the log and a client reads a fixed line.
  auto user = (*store)->community().create_user("ada@example.org", "Ada", "hash", 0);
  ASSERT_TRUE(user.ok()) << user.error().message;
  auto vote = (*store)->community().vote(*user, 999'999, 0);
  ASSERT_FALSE(vote.ok());
  EXPECT_EQ(vote.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(vote.error().internal_text);
  EXPECT_EQ(client_detail(vote.error()).find("FOREIGN KEY"), std::string::npos);
}

TEST(StoreErrorCodes, ABrokenConstraintIsAConflictAndBadInputIsInvalid) {
  testing::TempDir dir;
  auto store = open_sqlite_store((dir / "store.sqlite").string());
  ASSERT_TRUE(store.ok());
  auto first = (*store)->community().create_user("ada@example.org", "Ada", "hash", 0);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto again = (*store)->community().create_user("ada@example.org", "Ada", "hash", 0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  Paper untitled = testing::make_paper("2401.00001", " ");
  auto stored = (*store)->upsert(std::vector<Paper>{untitled});
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.error().code, ErrorCode::kInvalid);
}

TEST(StoreErrorAnswer, ABrokenStoreAnswers500WithoutItsSql) {
  testing::TempDir dir;
  const std::string path = (dir / "store.sqlite").string();
  {
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        (*store)->upsert(std::vector<Paper>{testing::make_paper("2401.00001", "A paper")}).ok());
  }
  ServerOptions options;
  options.port = 0;
  options.data_dir = dir.path();
  options.log_requests = false;
  PaperServer server(options);
  ASSERT_TRUE(server.bind().ok());
  std::thread serving([&] { (void)server.serve(); });
  httplib::Client client("127.0.0.1", server.port());
  auto before = client.Get("/api/papers/2401.00001");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);

  // Another process breaks the store under the running server.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "PRAGMA foreign_keys=OFF; DROP TABLE papers", nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  auto after = client.Get("/api/papers/2401.00001");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 500);
  auto body = nlohmann::json::parse(after->body);
  EXPECT_EQ(body["error"], "store error");
  for (const char* secret : {"SELECT", "papers", "sqlite", ".sqlite", " in: "}) {
    EXPECT_EQ(after->body.find(secret), std::string::npos) << secret << " in " << after->body;
  }
  server.stop();
  serving.join();
}

}  // namespace
}  // namespace paperboy
