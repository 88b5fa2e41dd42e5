// The PostgreSQL store's tables, created and migrated in order by a numbered list, as the
// SQLite store's are (sqlite_schema.h), under an advisory lock so servers can start together.
#pragma once

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace paperboy {

int latest_pg_schema_version();
Status migrate_pg_schema(PgConnection& conn);

}  // namespace paperboy
