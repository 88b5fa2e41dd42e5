// The SQLite schema as an ordered list of migrations; a database records the last one applied.
#pragma once

#include "core/result.h"
#include "store/sqlite/sqlite_statement.h"

namespace paperboy {

// Brings the database up to the newest schema, one transaction per migration. Refuses a
// database written by a newer paperboy rather than guessing at its layout.
Status migrate_schema(SqliteDatabase& db);

// The number of the newest migration this build knows.
int latest_schema_version();

}  // namespace paperboy
