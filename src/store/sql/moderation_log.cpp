#include "store/sql/moderation_log.h"

namespace paperboy {

Status log_moderation(SqlSession& session, int64_t moderator_id, std::string_view action,
                      std::string_view target, std::string_view reason, int64_t now) {
  return sql_done(
      session.query("INSERT INTO moderation_log(moderator_id, action, target, reason, created) "
                    "VALUES (nullif(CAST($1 AS bigint), 0), $2, $3, $4, $5)",
                    moderator_id, action, target, reason, now));
}

}  // namespace paperboy
