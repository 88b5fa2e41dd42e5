// The moderation log's writer, shared by the stores whose decisions it records (posts, accounts,
// roles, author claims).
#pragma once

#include <cstdint>
#include <string_view>

#include "store/sql/sql_session.h"

namespace paperboy {

// One line of the moderation log (moderator 0: the command line), inside the caller's transaction.
Status log_moderation(SqlSession& session, int64_t moderator_id, std::string_view action,
                      std::string_view target, std::string_view reason, int64_t now);

}  // namespace paperboy
