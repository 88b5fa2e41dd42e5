#include "store/postgres/pg_store.h"

#include <limits>
#include <unordered_map>

#include "store/change_batch.h"
#include "store/postgres/pg_paper_rows.h"
#include "store/postgres/pg_paper_writes.h"
#include "store/postgres/pg_schema.h"
#include "store/stored_text.h"

namespace paperboy {
namespace {

constexpr int kScanPage = 500;

// A session-level advisory lock, released by pg_advisory_unlock here or by the server when
// the connection ends (a killed paperboy's locks go with its connections).
class PgJobLock final : public JobLock {
 public:
  PgJobLock(PgConnection& conn, std::string job) : conn_(conn), job_(std::move(job)) {}
  ~PgJobLock() override { (void)conn_.query(std::string(kUnlockJob), job_); }

  static constexpr const char* kUnlockJob =
      "SELECT pg_advisory_unlock(hashtext(current_schema() || ':job:' || $1))";

 private:
  PgConnection& conn_;
  std::string job_;
};

}  // namespace

Result<std::unique_ptr<JobLock>> PgStore::try_lock_job(std::string_view job) {
  // The key names the schema too, so stores in other schemas of one database do not share locks.
  auto taken =
      conn_->query("SELECT pg_try_advisory_lock(hashtext(current_schema() || ':job:' || $1))", job);
  if (!taken.ok()) return taken.error();
  if (taken->text(0, 0) != "t") return std::unique_ptr<JobLock>();
  return std::unique_ptr<JobLock>(new PgJobLock(*conn_, std::string(job)));
}

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& conninfo,
                                               const std::string& password) {
  auto conn = PgConnection::open(conninfo, password);
  if (!conn.ok()) return conn.error();
  if (auto s = migrate_pg_schema(**conn); !s.ok()) return s.error();
  return std::unique_ptr<PgStore>(new PgStore(std::move(conn).value()));
}

Result<UpsertCounts> PgStore::upsert(std::span<const Paper> papers,
                                     const std::optional<JobState>& state) {
  return write(ChangeBatch{papers, {}, state});
}

Result<UpsertCounts> PgStore::write(const ChangeBatch& batch) {
  if (auto s = validate_batch(batch); !s.ok()) return s.error();
  auto tx = PgTransaction::begin(*conn_);
  if (!tx.ok()) return tx.error();
  // The counter row's lock is held to commit: writers take change numbers one transaction
  // after another, so a number becomes visible only after every smaller one (store.h).
  auto seq_row = conn_->query("SELECT value FROM counters WHERE name = 'change_seq' FOR UPDATE");
  if (!seq_row.ok()) return seq_row.error();
  int64_t seq = seq_row->integer(0, 0);
  const int64_t first_seq = seq;

  // The papers are planned against their stored rows, read at once, and written together
  // before the first withdrawal (which may name one of them) and at the end.
  PgPaperWrites papers(*conn_);
  if (auto s = papers.read_stored(batch.papers); !s.ok()) return s.error();
  bool papers_written = false;
  auto write_papers = [&]() -> Status {
    if (papers_written) return Status::Ok();
    papers_written = true;
    if (auto s = papers.flush(); !s.ok())
      return Error{"storing papers: " + s.message(), s.error().code, s.error().internal_text};
    return Status::Ok();
  };
  auto applied = apply_batch(
      batch, [&](const Paper& paper) { return papers.upsert(paper, seq); },
      [&](const Withdrawal& withdrawal) -> Result<bool> {
        if (auto s = write_papers(); !s.ok()) return s.error();
        return withdraw_one(withdrawal, seq);
      });
  if (!applied.ok()) return applied.error();
  if (auto s = write_papers(); !s.ok()) return s.error();
  const int64_t listed_change = applied->listed_delta;
  if (listed_change != 0) {
    auto s = conn_->query("UPDATE counters SET value = value + $1 WHERE name = 'listed_papers'",
                          listed_change);
    if (!s.ok()) return s.error();
  }
  if (seq != first_seq) {
    if (auto s = conn_->query("UPDATE counters SET value = $1 WHERE name = 'change_seq'", seq);
        !s.ok()) {
      return s.error();
    }
  }
  if (batch.state) {
    if (auto s = write_state(*batch.state); !s.ok()) return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return applied->counts;
}

Result<bool> PgStore::withdraw_one(const Withdrawal& withdrawal, int64_t& seq) {
  auto existing = lookup(withdrawal.id);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value() || !(*existing)->withdrawn.empty()) return false;
  Date on = withdrawal.on.empty() ? (*existing)->paper.updated : withdrawal.on;
  if (on.empty()) on = Date{1970, 1, 1};
  auto hidden = conn_->query("UPDATE papers SET withdrawn = $1, change_seq = $2 WHERE doc_id = $3",
                             on.str(), ++seq, (*existing)->doc_id);
  if (!hidden.ok()) return hidden.error();
  return true;
}

Result<std::optional<StoredPaper>> PgStore::get(std::string_view id) {
  auto found = lookup(id);
  if (found.ok() && found->has_value() && !(*found)->withdrawn.empty())
    return std::optional<StoredPaper>();
  return found;
}

Result<std::optional<StoredPaper>> PgStore::lookup(std::string_view id) {
  auto rows = conn_->query(std::string(kSelectPaper) + "WHERE p.id = $1", id);
  if (!rows.ok()) return rows.error();
  if (rows->rows() == 0) return std::optional<StoredPaper>();
  return std::optional<StoredPaper>(read_paper_row(*rows, 0));
}

Result<std::vector<StoredPaper>> PgStore::get_many(std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<StoredPaper>();
  auto found = read_paper_rows(
      conn_->query(std::string(kSelectPaper) + "WHERE p.doc_id = ANY($1::bigint[]) AND " + kListed,
                   pg_array(doc_ids)));
  if (!found.ok()) return found.error();
  std::unordered_map<int64_t, size_t> by_doc_id;
  for (size_t i = 0; i < found->size(); ++i) by_doc_id.emplace((*found)[i].doc_id, i);
  std::vector<StoredPaper> papers;
  papers.reserve(found->size());
  for (int64_t doc_id : doc_ids) {
    if (auto at = by_doc_id.find(doc_id); at != by_doc_id.end())
      papers.push_back((*found)[at->second]);
  }
  return papers;
}

Status PgStore::scan_pages(const std::string& sql, PgValue key, int key_column,
                           const std::function<bool(const StoredPaper&)>& visit) {
  for (;;) {
    auto rows = conn_->query(sql, key, kScanPage);
    if (!rows.ok()) return rows.error();
    for (int r = 0; r < rows->rows(); ++r) {
      StoredPaper paper = read_paper_row(*rows, r);
      if (!visit(paper)) return Status::Ok();
    }
    if (rows->rows() < kScanPage) return Status::Ok();
    const int last = rows->rows() - 1;
    key = key_column == kIdColumn ? rows->text(last, key_column)
                                  : pg_value(rows->integer(last, key_column));
  }
}

Status PgStore::scan_changes(int64_t after_seq,
                             const std::function<bool(const StoredPaper&)>& visit) {
  return scan_pages(
      std::string(kSelectPaper) + "WHERE p.change_seq > $1 ORDER BY p.change_seq LIMIT $2",
      pg_value(after_seq), kChangeSeqColumn, visit);
}

Status PgStore::scan_by_doc_id(int64_t after_doc_id,
                               const std::function<bool(const StoredPaper&)>& visit) {
  return scan_pages(std::string(kSelectPaper) + "WHERE p.doc_id > $1 AND " + kListed +
                        " ORDER BY p.doc_id LIMIT $2",
                    pg_value(after_doc_id), kDocIdColumn, visit);
}

Status PgStore::scan_by_id(const std::function<bool(const StoredPaper&)>& visit) {
  return scan_pages(
      std::string(kSelectPaper) + "WHERE p.id > $1 AND " + kListed + " ORDER BY p.id LIMIT $2",
      pg_value(""), kIdColumn, visit);
}

Result<StoreStats> PgStore::stats() {
  auto row = conn_->query(R"sql(
    SELECT (SELECT count(*) FROM papers WHERE withdrawn = ''),
           (SELECT count(DISTINCT name) FROM paper_authors),
           (SELECT count(DISTINCT category) FROM paper_categories),
           (SELECT coalesce(min(published), '') FROM papers WHERE published <> ''),
           (SELECT coalesce(max(published), '') FROM papers WHERE published <> ''),
           (SELECT value FROM counters WHERE name = 'change_seq'),
           (SELECT count(*) FROM papers WHERE withdrawn <> ''))sql");
  if (!row.ok()) return row.error();
  StoreStats stats;
  stats.papers = row->integer(0, 0);
  stats.authors = row->integer(0, 1);
  stats.categories = row->integer(0, 2);
  stats.first_published = stored_date(row->text(0, 3));
  stats.last_published = stored_date(row->text(0, 4));
  stats.change_seq = row->integer(0, 5);
  stats.withdrawn = row->integer(0, 6);
  return stats;
}

Result<int64_t> PgStore::read_counter(const char* name) {
  auto row = conn_->query("SELECT value FROM counters WHERE name = $1", name);
  if (!row.ok()) return row.error();
  return row->rows() ? row->integer(0, 0) : 0;
}

Result<int64_t> PgStore::change_seq() { return read_counter("change_seq"); }

Result<int64_t> PgStore::paper_count() { return read_counter("listed_papers"); }

Result<std::vector<StoredPaper>> PgStore::list_hub_days(const HubListing& listing) {
  const char* order =
      listing.order == HubListing::Order::kMostUpvoted
          ? "p.upvotes + p.community_votes DESC, p.hub_day DESC, p.doc_id DESC"
          : "p.hub_day DESC, p.published DESC, p.upvotes + p.community_votes DESC, p.doc_id DESC";
  return read_paper_rows(conn_->query(
      std::string(kSelectPaper) + "WHERE p.hub_day BETWEEN $1 AND $2 AND " + kListed +
          " AND ($5 = '' OR p.submitter = $5)"
          " AND ($6 = '' OR (lower(p.organization) = lower($6) AND p.organization != ''))"
          " ORDER BY " +
          order + " LIMIT $3 OFFSET $4",
      listing.days.first.str(), listing.days.last.str(), listing.limit, listing.offset,
      listing.submitter, listing.organization));
}

Result<std::vector<StoredPaper>> PgStore::list_by_author(std::string_view name, size_t limit) {
  return read_paper_rows(
      conn_->query(std::string(kSelectPaper) +
                       "WHERE p.doc_id IN (SELECT doc_id FROM paper_authors WHERE name = $1) AND " +
                       kListed + " ORDER BY p.published DESC, p.doc_id DESC LIMIT $2",
                   name, limit));
}

Result<std::vector<StoredPaper>> PgStore::list_recent(const DateRange& days, size_t limit) {
  return read_paper_rows(conn_->query(
      std::string(kSelectPaper) +
          "WHERE ((p.hub_day BETWEEN $1 AND $2) OR (p.hub_day = '' AND p.published BETWEEN $1 AND "
          "$2)) AND " +
          kListed + " ORDER BY greatest(p.hub_day, p.published) DESC, p.doc_id DESC LIMIT $3",
      days.first.str(), days.last.str(), limit));
}

Result<std::vector<StoredPaper>> PgStore::list_stored_before(int64_t before_doc_id, size_t limit) {
  return read_paper_rows(
      conn_->query(std::string(kSelectPaper) + "WHERE p.doc_id < $1 AND " + kListed +
                       " ORDER BY p.doc_id DESC LIMIT $2",
                   before_doc_id > 0 ? before_doc_id : std::numeric_limits<int64_t>::max(), limit));
}

Result<Date> PgStore::latest_hub_day() {
  auto row = conn_->query(
      "SELECT coalesce(max(hub_day), '') FROM papers WHERE hub_day > '' AND withdrawn = ''");
  if (!row.ok()) return row.error();
  return stored_date(row->text(0, 0));
}

Result<Date> PgStore::adjacent_hub_day(const Date& day, bool later) {
  auto row = conn_->query(
      later ? "SELECT coalesce(min(hub_day), '') FROM papers WHERE hub_day > $1 AND withdrawn = ''"
            : "SELECT coalesce(max(hub_day), '') FROM papers WHERE hub_day < $1 AND hub_day > '' "
              "AND withdrawn = ''",
      day.str());
  if (!row.ok()) return row.error();
  return stored_date(row->text(0, 0));
}

Result<std::optional<std::string>> PgStore::job_state(std::string_view key) {
  auto row = conn_->query("SELECT value FROM job_state WHERE key = $1", key);
  if (!row.ok()) return row.error();
  if (row->rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(row->text(0, 0));
}

Status PgStore::set_job_state(const JobState& state) { return write_state(state); }

Status PgStore::write_state(const JobState& state) {
  auto written = state.value ? conn_->query(
                                   "INSERT INTO job_state(key, value) VALUES ($1, $2) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   state.key, *state.value)
                             : conn_->query("DELETE FROM job_state WHERE key = $1", state.key);
  if (!written.ok()) return written.error();
  return Status::Ok();
}

}  // namespace paperboy
