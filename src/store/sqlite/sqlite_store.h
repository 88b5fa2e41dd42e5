// The embedded store: one SQLite file in WAL mode.
#pragma once

#include <memory>
#include <string>

#include "store/change_batch.h"
#include "store/sql/sql_collections.h"
#include "store/sql/sql_community.h"
#include "store/sql/sql_discussions.h"
#include "store/sql/sql_mailing.h"
#include "store/sql/sql_organizations.h"
#include "store/sql/sql_preferences.h"
#include "store/sql/sql_profiles.h"
#include "store/sql/sql_thumbnails.h"
#include "store/sqlite/sqlite_session.h"
#include "store/sqlite/sqlite_statement.h"
#include "store/store.h"

namespace paperboy {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  Result<UpsertCounts> upsert(std::span<const Paper> papers,
                              const std::optional<JobState>& state) override;
  Result<UpsertCounts> write(const ChangeBatch& batch) override;
  Result<std::optional<StoredPaper>> get(std::string_view id) override;
  Result<std::vector<StoredPaper>> get_many(std::span<const int64_t> doc_ids) override;
  Status scan_changes(int64_t after_seq,
                      const std::function<bool(const StoredPaper&)>& visit) override;
  Status scan_by_id(const std::function<bool(const StoredPaper&)>& visit) override;
  Status scan_by_doc_id(int64_t after_doc_id,
                        const std::function<bool(const StoredPaper&)>& visit) override;
  Result<StoreStats> stats() override;
  Result<int64_t> change_seq() override;
  Result<int64_t> paper_count() override;
  Result<std::vector<StoredPaper>> list_hub_days(const HubListing& listing) override;
  Result<Date> latest_hub_day() override;
  Result<Date> adjacent_hub_day(const Date& day, bool later) override;
  Result<std::vector<StoredPaper>> list_by_author(std::string_view name, size_t limit) override;
  Result<std::vector<StoredPaper>> list_recent(const DateRange& days, size_t limit) override;
  Result<std::vector<StoredPaper>> list_stored_before(int64_t before_doc_id, size_t limit) override;
  Result<std::optional<std::string>> job_state(std::string_view key) override;
  Status set_job_state(const JobState& state) override;
  Result<std::unique_ptr<JobLock>> try_lock_job(std::string_view job) override;
  Community& community() override { return community_; }
  ReaderPreferences& preferences() override { return preferences_; }
  Mailing& mailing() override { return mailing_; }
  Discussions& discussions() override { return discussions_; }
  Profiles& profiles() override { return profiles_; }
  Organizations& organizations() override { return organizations_; }
  Collections& collections() override { return collections_; }
  Thumbnails& thumbnails() override { return thumbnails_; }

 private:
  SqliteStore(std::unique_ptr<SqliteDatabase> db, std::string path)
      : db_(std::move(db)),
        path_(std::move(path)),
        session_(*db_),
        community_(session_),
        preferences_(session_),
        mailing_(session_),
        discussions_(session_),
        profiles_(session_, community_),
        organizations_(session_),
        collections_(session_),
        thumbnails_(session_) {}
  Result<int64_t> read_counter(const char* name);
  Status add_to_counter(const char* name, int64_t delta);
  Result<PaperChange> upsert_one(const Paper& paper, int64_t& seq);
  Result<bool> withdraw_one(const Withdrawal& withdrawal, int64_t& seq);
  // Finds a paper whether or not it is withdrawn.
  Result<std::optional<StoredPaper>> lookup(std::string_view id);
  Status write_paper(int64_t doc_id, const Paper& paper, int64_t seq);
  Status write_state(const JobState& state);
  Status scan(SqliteStatement& stmt, const std::function<bool(const StoredPaper&)>& visit);

  std::unique_ptr<SqliteDatabase> db_;
  std::string path_;
  SqliteSession session_;  // what the stores written once for both backends run on
  SqlCommunity community_;
  SqlPreferences preferences_;
  SqlMailing mailing_;
  SqlDiscussions discussions_;
  SqlProfiles profiles_;
  SqlOrganizations organizations_;
  SqlCollections collections_;
  SqlThumbnails thumbnails_;
};

}  // namespace paperboy
