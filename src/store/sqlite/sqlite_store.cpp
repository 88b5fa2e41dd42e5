#include "store/sqlite/sqlite_store.h"

#include <limits>

#include "core/paper_links.h"
#include "store/change_batch.h"
#include "store/sqlite/file_job_lock.h"
#include "store/sqlite/sqlite_schema.h"
#include "store/stored_text.h"

namespace paperboy {
namespace {

constexpr const char* kSelectPaper = R"sql(
  SELECT p.doc_id, p.change_seq, p.id, p.version, p.title, p.abstract, p.published, p.updated,
         p.hub_day, p.upvotes, p.organization, p.doi, p.comments, p.journal_ref, p.license,
         p.community_votes,
         (SELECT group_concat(name, char(31)) FROM
            (SELECT name FROM paper_authors a WHERE a.doc_id = p.doc_id ORDER BY position)),
         (SELECT group_concat(category, char(31)) FROM
            (SELECT category FROM paper_categories c WHERE c.doc_id = p.doc_id ORDER BY position)),
         p.withdrawn, p.submitter, p.submitter_fullname,
         p.code_link, p.project_page, p.github_stars, p.hub_artifacts, p.links_set_by,
         p.ai_summary, p.ai_keywords, p.ai_model, p.ai_version, p.thumbnail_version,
         p.organization_fullname, p.organization_set_by
  FROM papers p )sql";

// Every read but scan_changes (and the merge's own lookup) leaves withdrawn papers out.
constexpr const char* kListed = "p.withdrawn = ''";

StoredPaper read_row(const SqliteStatement& row) {
  StoredPaper stored;
  stored.doc_id = row.integer(0);
  stored.change_seq = row.integer(1);
  Paper& p = stored.paper;
  p.id = row.text(2);
  p.version = static_cast<int>(row.integer(3));
  p.title = row.text(4);
  p.abstract = row.text(5);
  p.published = stored_date(row.text(6));
  p.updated = stored_date(row.text(7));
  p.hub_day = stored_date(row.text(8));
  p.upvotes = static_cast<int>(row.integer(9));
  p.organization = row.text(10);
  p.doi = row.text(11);
  p.comments = row.text(12);
  p.journal_ref = row.text(13);
  p.license = row.text(14);
  p.community_votes = static_cast<int>(row.integer(15));
  p.authors = split_stored_list(row.text(16));
  p.categories = split_stored_list(row.text(17));
  stored.withdrawn = stored_date(row.text(18));
  p.submitter = row.text(19);
  p.submitter_fullname = row.text(20);
  p.code_link = row.text(21);
  p.project_page = row.text(22);
  p.github_stars = static_cast<int>(row.integer(23));
  p.hub_artifacts = split_stored_list(row.text(24));
  p.links_set_by = row.text(25);
  p.ai_summary = row.text(26);
  p.ai_keywords = split_stored_list(row.text(27));
  p.ai_model = row.text(28);
  p.ai_version = static_cast<int>(row.integer(29));
  p.thumbnail_version = static_cast<int>(row.integer(30));
  p.organization_fullname = row.text(31);
  p.organization_set_by = row.text(32);
  resolve_paper_links(p);
  return stored;
}

// Steps a bound statement to its end, reading every row, and leaves it reset for reuse.
Result<std::vector<StoredPaper>> read_all(SqliteStatement& select) {
  std::vector<StoredPaper> papers;
  for (;;) {
    auto row = select.step();
    if (!row.ok()) {
      select.reset();
      return row.error();
    }
    if (!*row) break;
    papers.push_back(read_row(select));
  }
  select.reset();
  return papers;
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  auto store = SqliteStore::open(path);
  if (!store.ok()) return store.error();
  return std::unique_ptr<Store>(std::move(store).value());
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto db = SqliteDatabase::open(path);
  if (!db.ok()) return db.error();
  if (auto s = migrate_schema(**db); !s.ok()) return Error{path + ": " + s.message()};
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db).value(), path));
}

Result<UpsertCounts> SqliteStore::upsert(std::span<const Paper> papers,
                                         const std::optional<JobState>& state) {
  return write(ChangeBatch{papers, {}, state});
}

Result<UpsertCounts> SqliteStore::write(const ChangeBatch& batch) {
  if (auto s = validate_batch(batch); !s.ok()) return s.error();
  auto tx = SqliteTransaction::begin(*db_);
  if (!tx.ok()) return tx.error();
  auto seq_row = db_->cached("SELECT value FROM counters WHERE name = 'change_seq'");
  if (!seq_row.ok()) return seq_row.error();
  if (auto r = (*seq_row)->step(); !r.ok()) return r.error();
  int64_t seq = (*seq_row)->integer(0);
  (*seq_row)->reset();

  auto applied = apply_batch(
      batch, [&](const Paper& paper) { return upsert_one(paper, seq); },
      [&](const Withdrawal& withdrawal) { return withdraw_one(withdrawal, seq); });
  if (!applied.ok()) return applied.error();
  const int64_t listed_change = applied->listed_delta;
  if (listed_change != 0) {
    if (auto s = add_to_counter("listed_papers", listed_change); !s.ok()) return s.error();
  }
  auto save_seq = db_->cached("UPDATE counters SET value = ? WHERE name = 'change_seq'");
  if (!save_seq.ok()) return save_seq.error();
  if (auto s = (*save_seq)->bind(1, seq).run(); !s.ok()) return s.error();
  if (batch.state) {
    if (auto s = write_state(*batch.state); !s.ok()) return s.error();
  }
  if (auto s = tx->commit(); !s.ok()) return s.error();
  return applied->counts;
}

Result<PaperChange> SqliteStore::upsert_one(const Paper& paper, int64_t& seq) {
  auto existing = lookup(paper.id);
  if (!existing.ok()) return existing.error();
  PlannedUpsert plan = plan_upsert(*existing, paper);
  if (plan.change == PaperChange::kUnchanged) return plan.change;
  int64_t doc_id = existing->has_value() ? (**existing).doc_id : 0;
  if (plan.change == PaperChange::kInserted) {
    auto insert = db_->cached("INSERT INTO papers(id, title, change_seq) VALUES (?, ?, 0)");
    if (!insert.ok()) return insert.error();
    if (auto s = (*insert)->bind(1, paper.id).bind(2, paper.title).run(); !s.ok()) return s.error();
    doc_id = sqlite3_last_insert_rowid(db_->handle());
  }
  if (auto s = write_paper(doc_id, plan.paper, ++seq); !s.ok()) return s.error();
  return plan.change;
}

Status SqliteStore::write_paper(int64_t doc_id, const Paper& p, int64_t seq) {
  auto statement = db_->cached(R"sql(
    UPDATE papers SET version = ?, title = ?, abstract = ?, published = ?, updated = ?,
      hub_day = ?, upvotes = ?, organization = ?, doi = ?, comments = ?, journal_ref = ?,
      license = ?, change_seq = ?, withdrawn = '', submitter = ?, submitter_fullname = ?,
      code_link = ?, project_page = ?, github_stars = ?, hub_artifacts = ?, links_set_by = ?,
      ai_summary = ?, ai_keywords = ?, ai_model = ?, ai_version = ?, thumbnail_version = ?,
      organization_fullname = ?, organization_set_by = ?
    WHERE doc_id = ?)sql");
  if (!statement.ok()) return statement.error();
  SqliteStatement* update = *statement;
  update->bind(1, int64_t{p.version}).bind(2, p.title).bind(3, p.abstract);
  update->bind(4, p.published.str()).bind(5, p.updated.str()).bind(6, p.hub_day.str());
  update->bind(7, int64_t{p.upvotes}).bind(8, p.organization).bind(9, p.doi);
  update->bind(10, p.comments).bind(11, p.journal_ref).bind(12, p.license);
  update->bind(13, seq).bind(14, p.submitter).bind(15, p.submitter_fullname);
  update->bind(16, p.code_link).bind(17, p.project_page).bind(18, int64_t{p.github_stars});
  update->bind(19, join_stored_list(p.hub_artifacts))
      .bind(20, p.links_set_by)
      .bind(21, p.ai_summary);
  update->bind(22, join_stored_list(p.ai_keywords))
      .bind(23, p.ai_model)
      .bind(24, int64_t{p.ai_version});
  update->bind(25, int64_t{p.thumbnail_version}).bind(26, p.organization_fullname);
  update->bind(27, p.organization_set_by).bind(28, doc_id);
  if (auto s = update->run(); !s.ok()) return s;
  if (!p.organization.empty() && p.organization_set_by.empty()) {
    // The hub's organisations get their page the first time a paper of theirs arrives.
    auto org = db_->cached(
        "INSERT INTO organizations(name, fullname, created, verified) VALUES (?, ?, unixepoch(), "
        "1) "
        "ON CONFLICT DO NOTHING");
    if (!org.ok()) return org.error();
    const std::string& fullname =
        p.organization_fullname.empty() ? p.organization : p.organization_fullname;
    if (auto s = (*org)->bind(1, p.organization).bind(2, fullname).run(); !s.ok()) return s;
    // A reader who made an organisation of this name first (not handed over by a moderator)
    // does not get the hub's papers with it: the hub's data takes the name back.
    for (const char* reclaim : {"DELETE FROM organization_members WHERE org_id IN (SELECT org_id "
                                "FROM organizations WHERE name = ?1 "
                                "COLLATE NOCASE AND verified = 0)",
                                "DELETE FROM organization_invitations WHERE org_id IN (SELECT "
                                "org_id FROM organizations WHERE name = ?1 "
                                "COLLATE NOCASE AND verified = 0)",
                                "UPDATE organizations SET created_by = NULL, verified = 1, "
                                "fullname = ?2 WHERE name = ?1 COLLATE NOCASE "
                                "AND verified = 0"}) {
      auto step = db_->cached(reclaim);
      if (!step.ok()) return step.error();
      if (auto s = (*step)->bind(1, p.organization).bind(2, fullname).run(); !s.ok()) return s;
    }
  }

  auto rewrite_list = [&](const char* table, const char* column,
                          const std::vector<std::string>& values) -> Status {
    auto clear = db_->cached(std::string("DELETE FROM ") + table + " WHERE doc_id = ?");
    if (!clear.ok()) return clear.error();
    if (auto s = (*clear)->bind(1, doc_id).run(); !s.ok()) return s;
    auto add = db_->cached(std::string("INSERT INTO ") + table + "(doc_id, position, " + column +
                           ") VALUES (?, ?, ?)");
    if (!add.ok()) return add.error();
    for (size_t i = 0; i < values.size(); ++i) {
      if (auto s =
              (*add)->bind(1, doc_id).bind(2, static_cast<int64_t>(i)).bind(3, values[i]).run();
          !s.ok()) {
        return s;
      }
    }
    return Status::Ok();
  };
  if (auto s = rewrite_list("paper_authors", "name", p.authors); !s.ok()) return s;
  return rewrite_list("paper_categories", "category", p.categories);
}

Result<bool> SqliteStore::withdraw_one(const Withdrawal& withdrawal, int64_t& seq) {
  auto existing = lookup(withdrawal.id);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value() || !(*existing)->withdrawn.empty()) return false;
  auto hide = db_->cached("UPDATE papers SET withdrawn = ?, change_seq = ? WHERE doc_id = ?");
  if (!hide.ok()) return hide.error();
  Date on = withdrawal.on.empty() ? (*existing)->paper.updated : withdrawal.on;
  if (on.empty()) on = Date{1970, 1, 1};
  if (auto s = (*hide)->bind(1, on.str()).bind(2, ++seq).bind(3, (*existing)->doc_id).run();
      !s.ok()) {
    return s.error();
  }
  return true;
}

Result<std::optional<StoredPaper>> SqliteStore::get(std::string_view id) {
  auto found = lookup(id);
  if (found.ok() && found->has_value() && !(*found)->withdrawn.empty())
    return std::optional<StoredPaper>();
  return found;
}

Result<std::optional<StoredPaper>> SqliteStore::lookup(std::string_view id) {
  auto stmt = db_->cached(std::string(kSelectPaper) + "WHERE p.id = ?");
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  select.bind(1, id);
  auto row = select.step();
  if (!row.ok()) return row.error();
  std::optional<StoredPaper> found;
  if (*row) found = read_row(select);
  select.reset();
  return found;
}

Result<std::vector<StoredPaper>> SqliteStore::get_many(std::span<const int64_t> doc_ids) {
  auto stmt = db_->cached(std::string(kSelectPaper) + "WHERE p.doc_id = ? AND " + kListed);
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  std::vector<StoredPaper> papers;
  papers.reserve(doc_ids.size());
  for (int64_t doc_id : doc_ids) {
    select.bind(1, doc_id);
    auto row = select.step();
    if (!row.ok()) return row.error();
    if (*row) papers.push_back(read_row(select));
    select.reset();
  }
  return papers;
}

Status SqliteStore::scan(SqliteStatement& stmt,
                         const std::function<bool(const StoredPaper&)>& visit) {
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row || !visit(read_row(stmt))) return Status::Ok();
  }
}

Status SqliteStore::scan_changes(int64_t after_seq,
                                 const std::function<bool(const StoredPaper&)>& visit) {
  auto stmt =
      db_->prepare(std::string(kSelectPaper) + "WHERE p.change_seq > ? ORDER BY p.change_seq");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, after_seq);
  return scan(*stmt, visit);
}

Status SqliteStore::scan_by_doc_id(int64_t after_doc_id,
                                   const std::function<bool(const StoredPaper&)>& visit) {
  auto stmt = db_->prepare(std::string(kSelectPaper) + "WHERE p.doc_id > ? AND " + kListed +
                           " ORDER BY p.doc_id");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, after_doc_id);
  return scan(*stmt, visit);
}

Status SqliteStore::scan_by_id(const std::function<bool(const StoredPaper&)>& visit) {
  auto stmt = db_->prepare(std::string(kSelectPaper) + "WHERE " + kListed + " ORDER BY p.id");
  if (!stmt.ok()) return stmt.error();
  return scan(*stmt, visit);
}

Result<StoreStats> SqliteStore::stats() {
  auto stmt = db_->prepare(R"sql(
    SELECT (SELECT count(*) FROM papers WHERE withdrawn = ''),
           (SELECT count(DISTINCT name) FROM paper_authors),
           (SELECT count(DISTINCT category) FROM paper_categories),
           (SELECT min(published) FROM papers WHERE published != ''),
           (SELECT max(published) FROM papers WHERE published != ''),
           (SELECT value FROM counters WHERE name = 'change_seq'),
           (SELECT count(*) FROM papers WHERE withdrawn != ''))sql");
  if (!stmt.ok()) return stmt.error();
  if (auto row = stmt->step(); !row.ok()) return row.error();
  StoreStats stats;
  stats.papers = stmt->integer(0);
  stats.authors = stmt->integer(1);
  stats.categories = stmt->integer(2);
  stats.first_published = stored_date(stmt->text(3));
  stats.last_published = stored_date(stmt->text(4));
  stats.change_seq = stmt->integer(5);
  stats.withdrawn = stmt->integer(6);
  return stats;
}

Result<int64_t> SqliteStore::read_counter(const char* name) {
  auto stmt = db_->cached("SELECT value FROM counters WHERE name = ?");
  if (!stmt.ok()) return stmt.error();
  (*stmt)->bind(1, name);
  auto row = (*stmt)->step();
  if (!row.ok()) return row.error();
  int64_t value = *row ? (*stmt)->integer(0) : 0;
  (*stmt)->reset();
  return value;
}

Status SqliteStore::add_to_counter(const char* name, int64_t delta) {
  auto stmt = db_->cached("UPDATE counters SET value = value + ? WHERE name = ?");
  if (!stmt.ok()) return stmt.error();
  return (*stmt)->bind(1, delta).bind(2, name).run();
}

Result<int64_t> SqliteStore::change_seq() { return read_counter("change_seq"); }

Result<int64_t> SqliteStore::paper_count() { return read_counter("listed_papers"); }

Result<std::vector<StoredPaper>> SqliteStore::list_hub_days(const HubListing& listing) {
  const char* order =
      listing.order == HubListing::Order::kMostUpvoted
          ? "p.upvotes + p.community_votes DESC, p.hub_day DESC, p.doc_id DESC"
          // Newest: the latest day, and within a day the most recently published paper;
          // votes then break ties (arXiv dates are days), not the order of ingestion.
          : "p.hub_day DESC, p.published DESC, p.upvotes + p.community_votes DESC, p.doc_id DESC";
  auto stmt =
      db_->cached(std::string(kSelectPaper) + "WHERE p.hub_day BETWEEN ?1 AND ?2 AND " + kListed +
                  " AND (?5 = '' OR p.submitter = ?5)"
                  " AND (?6 = '' OR (p.organization = ?6 COLLATE NOCASE AND p.organization != ''))"
                  " ORDER BY " +
                  order + " LIMIT ?3 OFFSET ?4");
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  select.bind(1, listing.days.first.str()).bind(2, listing.days.last.str());
  select.bind(3, static_cast<int64_t>(listing.limit)).bind(4, static_cast<int64_t>(listing.offset));
  select.bind(5, listing.submitter).bind(6, listing.organization);
  return read_all(select);
}

Result<std::vector<StoredPaper>> SqliteStore::list_by_author(std::string_view name, size_t limit) {
  auto stmt = db_->cached(
      std::string(kSelectPaper) +
      "WHERE p.doc_id IN (SELECT doc_id FROM paper_authors WHERE name = ?) AND " + kListed +
      " "
      "ORDER BY p.published DESC, p.doc_id DESC LIMIT ?");
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  select.bind(1, name).bind(2, static_cast<int64_t>(limit));
  return read_all(select);
}

Result<std::vector<StoredPaper>> SqliteStore::list_recent(const DateRange& days, size_t limit) {
  // Two indexed ranges (hub_day, published) that SQLite's OR optimisation reads separately.
  auto stmt =
      db_->cached(std::string(kSelectPaper) +
                  "WHERE ((p.hub_day BETWEEN ?1 AND ?2) OR (p.hub_day = '' AND p.published BETWEEN "
                  "?1 AND ?2)) AND " +
                  kListed + " ORDER BY max(p.hub_day, p.published) DESC, p.doc_id DESC LIMIT ?3");
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  select.bind(1, days.first.str()).bind(2, days.last.str()).bind(3, static_cast<int64_t>(limit));
  return read_all(select);
}

Result<std::vector<StoredPaper>> SqliteStore::list_stored_before(int64_t before_doc_id,
                                                                 size_t limit) {
  auto stmt = db_->cached(std::string(kSelectPaper) + "WHERE p.doc_id < ?1 AND " + kListed +
                          " ORDER BY p.doc_id DESC LIMIT ?2");
  if (!stmt.ok()) return stmt.error();
  SqliteStatement& select = **stmt;
  select.bind(1, before_doc_id > 0 ? before_doc_id : std::numeric_limits<int64_t>::max());
  select.bind(2, static_cast<int64_t>(limit));
  return read_all(select);
}

Result<Date> SqliteStore::latest_hub_day() {
  // `> ''`, not `!= ''`: a range the hub_day index can seek, where != made SQLite walk the
  // index past every never-listed paper (50 ms at 1 M papers on every list page).
  auto stmt = db_->cached(
      "SELECT coalesce(max(hub_day), '') FROM papers WHERE hub_day > '' AND withdrawn = ''");
  if (!stmt.ok()) return stmt.error();
  auto row = (*stmt)->step();
  if (!row.ok()) return row.error();
  Date day = stored_date((*stmt)->text(0));
  (*stmt)->reset();
  return day;
}

Result<Date> SqliteStore::adjacent_hub_day(const Date& day, bool later) {
  auto stmt = db_->cached(
      later ? "SELECT coalesce(min(hub_day), '') FROM papers WHERE hub_day > ? AND withdrawn = ''"
            : "SELECT coalesce(max(hub_day), '') FROM papers WHERE hub_day < ? AND hub_day > '' "
              "AND withdrawn = ''");
  if (!stmt.ok()) return stmt.error();
  (*stmt)->bind(1, day.str());
  auto row = (*stmt)->step();
  if (!row.ok()) return row.error();
  Date found = stored_date((*stmt)->text(0));
  (*stmt)->reset();
  return found;
}

Result<std::unique_ptr<JobLock>> SqliteStore::try_lock_job(std::string_view job) {
  return try_lock_file(path_ + "-" + std::string(job) + ".lock");
}

Result<std::optional<std::string>> SqliteStore::job_state(std::string_view key) {
  auto stmt = db_->prepare("SELECT value FROM job_state WHERE key = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->text(0));
}

Status SqliteStore::set_job_state(const JobState& state) {
  auto tx = SqliteTransaction::begin(*db_);
  if (!tx.ok()) return tx.error();
  if (auto s = write_state(state); !s.ok()) return s;
  return tx->commit();
}

Status SqliteStore::write_state(const JobState& state) {
  if (!state.value) {
    auto stmt = db_->prepare("DELETE FROM job_state WHERE key = ?");
    if (!stmt.ok()) return stmt.error();
    return stmt->bind(1, state.key).run();
  }
  auto stmt = db_->prepare(
      "INSERT INTO job_state(key, value) VALUES (?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!stmt.ok()) return stmt.error();
  return stmt->bind(1, state.key).bind(2, *state.value).run();
}

}  // namespace paperboy
