// The reader-preference tables (not-interested marks, follows, saved searches), written once
// for both backends over their SqlSession.
#pragma once

#include "store/reader_preferences.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlPreferences final : public ReaderPreferences {
 public:
  explicit SqlPreferences(SqlSession& session) : session_(session) {}

  Result<bool> set_not_interested(int64_t user_id, int64_t doc_id, bool not_interested,
                                  int64_t now) override;
  Result<std::vector<int64_t>> not_interested(int64_t user_id) override;
  Result<std::vector<int64_t>> voted_by(int64_t user_id) override;
  Result<bool> set_follow(int64_t user_id, const Follow& follow, bool on) override;
  Result<std::vector<Follow>> follows(int64_t user_id) override;
  Result<int64_t> save_search(int64_t user_id, std::string_view query, bool alert,
                              int64_t now) override;
  Result<std::vector<SavedSearch>> saved_searches(int64_t user_id) override;
  Result<std::optional<SavedSearch>> saved_search(int64_t search_id) override;
  Result<bool> delete_search(int64_t user_id, int64_t search_id) override;

 private:
  SqlSession& session_;
};

}  // namespace paperboy
