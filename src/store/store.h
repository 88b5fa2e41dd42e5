// The store is the source of truth for papers: every index is rebuilt from it. This interface
// is what the rest of paperboy sees; SQLite is the embedded implementation (one machine),
// PostgreSQL the shared one (several servers); open_store (store_location.h) picks one.
//
// What every implementation guarantees (tests/store/ runs one suite against both):
// - doc_id: a paper keeps the number it was first stored with for as long as the store lives,
//   through updates, withdrawals and reinstatements. Papers are never deleted (a withdrawn one
//   keeps its row), so a number is never given to another paper. Numbers rise with insertion and
//   stay below 2^32 (Xapian's document numbers are these), but may skip values (a rolled-back
//   insert).
// - change_seq: every write that changes what an index holds for a paper (its text, its hub
//   listing, its withdrawal) gives it a new change number above every number given before.
//   Numbers become visible in order: once a reader can see change N, every change below N is
//   committed and visible too. So a follower that remembers the largest number it has read and
//   asks for changes after it (scan_changes) sees every paper's latest change exactly once,
//   however many processes write at once. (SQLite has one writer; PostgreSQL writers take the
//   counter row's lock and hold it to commit.) A vote is a change too: indexes order by vote
//   counts (sort=votes), so every server's index must follow them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "store/collections.h"
#include "store/community.h"
#include "store/discussions.h"
#include "store/job_lock.h"
#include "store/mailing.h"
#include "store/organizations.h"
#include "store/profiles.h"
#include "store/reader_preferences.h"
#include "store/thumbnails.h"

namespace paperboy {

struct UpsertCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;  // identical, or an older version than the one stored
  int64_t withdrawn = 0;  // listed papers the source withdrew
};

// A paper as stored: with the number the indexes know it by and the change it was last part of.
struct StoredPaper {
  int64_t doc_id = 0;
  int64_t change_seq = 0;
  Paper paper;
  // The day the source withdrew the paper. Only scan_changes returns withdrawn papers (so the
  // indexes drop them); every other read acts as if they were not stored.
  Date withdrawn;
};

struct StoreStats {
  int64_t papers = 0;
  int64_t authors = 0;     // distinct names
  int64_t categories = 0;  // distinct categories
  Date first_published;
  Date last_published;
  int64_t change_seq = 0;  // the newest change; an index at this number is up to date
  int64_t withdrawn = 0;   // papers hidden because their source withdrew them
};

// A value kept in the same transaction as a batch of papers, so a resumable job (an ingest's
// file offset, a harvest's resumption token) never runs ahead of, or behind, what is stored.
struct JobState {
  std::string key;
  std::optional<std::string> value;  // nullopt clears the key
};

// A source's statement that a paper is gone (an OAI-PMH record with status="deleted").
struct Withdrawal {
  std::string id;  // the paper's key, as in Paper::id
  Date on;         // when the source withdrew it
};

// Everything one step of a resumable job writes, committed together or not at all.
struct ChangeBatch {
  std::span<const Paper> papers;
  std::span<const Withdrawal> withdrawals;  // applied after the papers
  std::optional<JobState> state;
};

// A page of the hub's daily feed: papers listed on the given days.
struct HubListing {
  enum class Order { kNewestFirst, kMostUpvoted };
  DateRange days;
  Order order = Order::kNewestFirst;
  std::string submitter;  // only papers this hub user put on the list (empty: all)
  size_t offset = 0;
  size_t limit = 50;
  std::string organization;  // only papers linked to the organisation of this name, any case
};

class Store {
 public:
  virtual ~Store() = default;

  // Writes the batch in one transaction: all of it and `state`, or nothing. A paper already
  // stored is merged (see merge_papers in paper_merge.h); the same paper twice is one paper.
  // Every paper must pass validate_paper; the first that does not fails the whole batch.
  virtual Result<UpsertCounts> upsert(std::span<const Paper> papers,
                                      const std::optional<JobState>& state = std::nullopt) = 0;
  // upsert, plus withdrawals: a withdrawn paper disappears from every read but scan_changes. It
  // comes back when a later upsert brings a newer version, or metadata updated after the
  // withdrawal; an older record of it (a re-read file) leaves it withdrawn.
  virtual Result<UpsertCounts> write(const ChangeBatch& batch) = 0;

  virtual Result<std::optional<StoredPaper>> get(std::string_view id) = 0;
  // The papers with these numbers, in the order asked; numbers no longer stored are skipped.
  virtual Result<std::vector<StoredPaper>> get_many(std::span<const int64_t> doc_ids) = 0;

  // Visits papers changed after `after_seq`, oldest change first, until `visit` returns false.
  virtual Status scan_changes(int64_t after_seq,
                              const std::function<bool(const StoredPaper&)>& visit) = 0;
  // Visits every paper in id order (the export order), until `visit` returns false.
  virtual Status scan_by_id(const std::function<bool(const StoredPaper&)>& visit) = 0;
  // Visits listed papers with a number above `after_doc_id`, in number order, until `visit`
  // returns false: a bulk index build reads the store this way, so each part it writes holds a
  // contiguous range of numbers and a stopped build resumes from the last number it kept.
  virtual Status scan_by_doc_id(int64_t after_doc_id,
                                const std::function<bool(const StoredPaper&)>& visit) = 0;

  virtual Result<StoreStats> stats() = 0;
  // Listed papers, from a counter every write keeps: one row read at any size (stats() counts).
  virtual Result<int64_t> paper_count() = 0;
  // The newest change number alone (stats() counts every author; this reads one row).
  virtual Result<int64_t> change_seq() = 0;

  // Every listed paper, the one stored last first, from just below `before_doc_id` (0: from
  // the newest): a cursor that stays valid while papers are added (the API's /api/papers).
  virtual Result<std::vector<StoredPaper>> list_stored_before(int64_t before_doc_id,
                                                              size_t limit) = 0;
  // Newest first: latest hub day, newest publication, most votes; or by votes, then newest.
  virtual Result<std::vector<StoredPaper>> list_hub_days(const HubListing& listing) = 0;
  // Papers with an author of exactly this name, newest first version first.
  virtual Result<std::vector<StoredPaper>> list_by_author(std::string_view name, size_t limit) = 0;
  // Papers of these days, newest first: listed on the hub then, or (never listed) first
  // published then. The recommender's and the digest's candidates.
  virtual Result<std::vector<StoredPaper>> list_recent(const DateRange& days, size_t limit) = 0;
  // The most recent day any paper was listed on the hub; empty when none was.
  virtual Result<Date> latest_hub_day() = 0;
  // The nearest day before (or after) `day` with papers on the hub; empty when there is none.
  virtual Result<Date> adjacent_hub_day(const Date& day, bool later) = 0;

  virtual Result<std::optional<std::string>> job_state(std::string_view key) = 0;
  virtual Status set_job_state(const JobState& state) = 0;
  // The lock of a once-only job (job_lock.h), held until the returned object is destroyed;
  // nullptr when another connection, in this process or another, holds it.
  virtual Result<std::unique_ptr<JobLock>> try_lock_job(std::string_view job) = 0;
  // Whether several servers may share this store (PostgreSQL): then what each would otherwise
  // make for itself and must agree on, the built-in embedding model, goes through the store.
  virtual bool shared() const { return false; }

  // Accounts, votes, libraries and submissions, on the same connection as the papers.
  virtual Community& community() = 0;
  // Not-interested marks, follows and saved searches.
  virtual ReaderPreferences& preferences() = 0;
  // Subscriptions, the outbox and the papers each subscriber was sent.
  virtual Mailing& mailing() = 0;
  // The discussion under each paper, reports and the moderation log.
  virtual Discussions& discussions() = 0;
  // Handles, profiles, roles and author claims.
  virtual Profiles& profiles() = 0;
  // Organisations and their members (papers name theirs in Paper::organization).
  virtual Organizations& organizations() = 0;
  // Collections of papers, a reader's or an organisation's.
  virtual Collections& collections() = 0;
  // Listed papers' first pages (store/thumbnails.h).
  virtual Thumbnails& thumbnails() = 0;
};

// Opens (creating and migrating as needed) the SQLite store at `path`.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

}  // namespace paperboy
