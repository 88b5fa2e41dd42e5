#include "store/pg_store.h"

#include <limits>
#include <unordered_map>

#include "store/change_batch.h"
#include "store/pg_schema.h"
#include "store/stored_text.h"

namespace paperboy {
namespace {

constexpr const char* kSelectPaper = R"sql(
  SELECT p.doc_id, p.change_seq, p.id, p.version, p.title, p.abstract, p.published, p.updated,
         p.hub_day, p.upvotes, p.organization, p.doi, p.comments, p.journal_ref, p.license,
         p.community_votes,
         (SELECT string_agg(name, E'\x1f' ORDER BY position) FROM paper_authors a WHERE a.doc_id = p.doc_id),
         (SELECT string_agg(category, E'\x1f' ORDER BY position) FROM paper_categories c WHERE c.doc_id = p.doc_id),
         p.withdrawn, p.submitter, p.submitter_fullname
  FROM papers p )sql";

// Every read but scan_changes (and the merge's own lookup) leaves withdrawn papers out.
constexpr const char* kListed = "p.withdrawn = ''";

constexpr int kScanPage = 500;
// Columns of kSelectPaper that scans page by.
constexpr int kDocIdColumn = 0, kChangeSeqColumn = 1, kIdColumn = 2;

StoredPaper read_row(const PgResult& rows, int r) {
  StoredPaper stored;
  stored.doc_id = rows.integer(r, 0);
  stored.change_seq = rows.integer(r, 1);
  Paper& p = stored.paper;
  p.id = rows.text(r, 2);
  p.version = static_cast<int>(rows.integer(r, 3));
  p.title = rows.text(r, 4);
  p.abstract = rows.text(r, 5);
  p.published = stored_date(rows.text(r, 6));
  p.updated = stored_date(rows.text(r, 7));
  p.hub_day = stored_date(rows.text(r, 8));
  p.upvotes = static_cast<int>(rows.integer(r, 9));
  p.organization = rows.text(r, 10);
  p.doi = rows.text(r, 11);
  p.comments = rows.text(r, 12);
  p.journal_ref = rows.text(r, 13);
  p.license = rows.text(r, 14);
  p.community_votes = static_cast<int>(rows.integer(r, 15));
  p.authors = split_stored_list(rows.text(r, 16));
  p.categories = split_stored_list(rows.text(r, 17));
  stored.withdrawn = stored_date(rows.text(r, 18));
  p.submitter = rows.text(r, 19);
  p.submitter_fullname = rows.text(r, 20);
  return stored;
}

Result<std::vector<StoredPaper>> read_all(Result<PgResult> rows) {
  if (!rows.ok()) return rows.error();
  std::vector<StoredPaper> papers;
  papers.reserve(rows->rows());
  for (int r = 0; r < rows->rows(); ++r) papers.push_back(read_row(*rows, r));
  return papers;
}

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

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& conninfo) {
  auto conn = PgConnection::open(conninfo);
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

  auto applied = apply_batch(
      batch, [&](const Paper& paper) { return upsert_one(paper, seq); },
      [&](const Withdrawal& withdrawal) { return withdraw_one(withdrawal, seq); });
  if (!applied.ok()) return applied.error();
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

Result<PaperChange> PgStore::upsert_one(const Paper& paper, int64_t& seq) {
  auto existing = lookup(paper.id);
  if (!existing.ok()) return existing.error();
  PlannedUpsert plan = plan_upsert(*existing, paper);
  if (plan.change == PaperChange::kUnchanged) return plan.change;
  int64_t doc_id = existing->has_value() ? (**existing).doc_id : 0;
  if (plan.change == PaperChange::kInserted) {
    auto inserted = conn_->query("INSERT INTO papers(id, title, change_seq) VALUES ($1, $2, 0) RETURNING doc_id",
                                 paper.id, paper.title);
    if (!inserted.ok()) return inserted.error();
    doc_id = inserted->integer(0, 0);
  }
  if (auto s = write_paper(doc_id, plan.paper, ++seq); !s.ok()) return s.error();
  return plan.change;
}

Status PgStore::write_paper(int64_t doc_id, const Paper& p, int64_t seq) {
  auto updated =
      conn_->query(R"sql(
    UPDATE papers SET version = $1, title = $2, abstract = $3, published = $4, updated = $5,
      hub_day = $6, upvotes = $7, organization = $8, doi = $9, comments = $10, journal_ref = $11,
      license = $12, change_seq = $13, withdrawn = '', submitter = $14, submitter_fullname = $15
    WHERE doc_id = $16)sql",
                   p.version, p.title, p.abstract, p.published.str(), p.updated.str(),
                   p.hub_day.str(), p.upvotes, p.organization, p.doi, p.comments, p.journal_ref,
                   p.license, seq, p.submitter, p.submitter_fullname, doc_id);
  if (!updated.ok()) return updated.error();
  // Each list is one statement: the names travel as one array and come back numbered.
  for (auto [table, column, values] : {std::tuple{"paper_authors", "name", &p.authors},
                                       std::tuple{"paper_categories", "category", &p.categories}}) {
    auto cleared = conn_->query(std::string("DELETE FROM ") + table + " WHERE doc_id = $1", doc_id);
    if (!cleared.ok()) return cleared.error();
    if (values->empty()) continue;
    auto added = conn_->query(
        std::string("INSERT INTO ") + table + "(doc_id, position, " + column +
            ") SELECT $1, ord - 1, item FROM unnest($2::text[]) WITH ORDINALITY AS t(item, ord)",
        doc_id, pg_array(*values));
    if (!added.ok()) return added.error();
  }
  return Status::Ok();
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
  return std::optional<StoredPaper>(read_row(*rows, 0));
}

Result<std::vector<StoredPaper>> PgStore::get_many(std::span<const int64_t> doc_ids) {
  if (doc_ids.empty()) return std::vector<StoredPaper>();
  auto found = read_all(
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
      StoredPaper paper = read_row(*rows, r);
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
  return read_all(conn_->query(
      std::string(kSelectPaper) + "WHERE p.hub_day BETWEEN $1 AND $2 AND " + kListed +
          " AND ($5 = '' OR p.submitter = $5) ORDER BY " + order + " LIMIT $3 OFFSET $4",
      listing.days.first.str(), listing.days.last.str(), listing.limit, listing.offset,
      listing.submitter));
}

Result<std::vector<StoredPaper>> PgStore::list_by_author(std::string_view name, size_t limit) {
  return read_all(
      conn_->query(std::string(kSelectPaper) +
                       "WHERE p.doc_id IN (SELECT doc_id FROM paper_authors WHERE name = $1) AND " +
                       kListed + " ORDER BY p.published DESC, p.doc_id DESC LIMIT $2",
                   name, limit));
}

Result<std::vector<StoredPaper>> PgStore::list_recent(const DateRange& days, size_t limit) {
  return read_all(conn_->query(
      std::string(kSelectPaper) +
          "WHERE ((p.hub_day BETWEEN $1 AND $2) OR (p.hub_day = '' AND p.published BETWEEN $1 AND "
          "$2)) AND " +
          kListed + " ORDER BY greatest(p.hub_day, p.published) DESC, p.doc_id DESC LIMIT $3",
      days.first.str(), days.last.str(), limit));
}

Result<std::vector<StoredPaper>> PgStore::list_stored_before(int64_t before_doc_id, size_t limit) {
  return read_all(
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
