// SQLite's migration 14 (issue 32): numbers are never given twice. SQLite gives a new row one
// more than the largest number in use, so deleting the newest account let the next one inherit
// its number and with it the deleted one's signed links; AUTOINCREMENT remembers the largest
// ever given, and SQLite sets it only when a table is created, so the numbered tables are
// rebuilt.
#pragma once

#include "core/result.h"
#include "store/sqlite/sqlite_statement.h"

namespace paperboy {

// Rebuilds each numbered table (users, subscriptions, posts, collections, organisations, saved
// searches, outbox, claims) with AUTOINCREMENT, keeping every row, index and trigger. Runs
// inside the migration's transaction, with foreign keys off (the caller's job: they cannot be
// switched inside a transaction); fails when a reference would break.
Status never_reuse_numbers(SqliteDatabase& db);

}  // namespace paperboy
