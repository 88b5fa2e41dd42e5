// The shared store: PostgreSQL, for several paperboy servers over one database. Each process
// part (a server's reader, a harvest or mail round) holds its own connection, as with SQLite.
#pragma once

#include <memory>
#include <string>

#include "store/change_batch.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_session.h"
#include "store/sql/sql_collections.h"
#include "store/sql/sql_community.h"
#include "store/sql/sql_discussions.h"
#include "store/sql/sql_mailing.h"
#include "store/sql/sql_organizations.h"
#include "store/sql/sql_preferences.h"
#include "store/sql/sql_profiles.h"
#include "store/sql/sql_thumbnails.h"
#include "store/store.h"

namespace paperboy {

class PgStore final : public Store {
 public:
  // `conninfo`: a libpq URI or keyword=value string. Creates and migrates the tables as needed.
  // `password`, when not empty, overrides the URI's (store_location.h).
  static Result<std::unique_ptr<PgStore>> open(const std::string& conninfo,
                                               const std::string& password = "");

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
  bool shared() const override { return true; }
  Community& community() override { return community_; }
  ReaderPreferences& preferences() override { return preferences_; }
  Mailing& mailing() override { return mailing_; }
  Discussions& discussions() override { return discussions_; }
  Profiles& profiles() override { return profiles_; }
  Organizations& organizations() override { return organizations_; }
  Collections& collections() override { return collections_; }
  Thumbnails& thumbnails() override { return thumbnails_; }

 private:
  explicit PgStore(std::unique_ptr<PgConnection> conn)
      : conn_(std::move(conn)),
        session_(*conn_),
        community_(session_),
        preferences_(session_),
        mailing_(session_),
        discussions_(session_),
        profiles_(session_, community_),
        organizations_(session_),
        collections_(session_),
        thumbnails_(session_) {}
  Result<bool> withdraw_one(const Withdrawal& withdrawal, int64_t& seq);
  // Finds a paper whether or not it is withdrawn.
  Result<std::optional<StoredPaper>> lookup(std::string_view id);
  Status write_state(const JobState& state);
  Result<int64_t> read_counter(const char* name);
  // Visits the papers `sql` pages through by keyset (its $1 is the last key seen, $2 the page
  // size), a page per statement, so a scan of millions holds no transaction open.
  Status scan_pages(const std::string& sql, PgValue first_key, int key_column,
                    const std::function<bool(const StoredPaper&)>& visit);

  std::unique_ptr<PgConnection> conn_;
  PgSession session_;  // what the stores written once for both backends run on
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
