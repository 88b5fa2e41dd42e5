#include "store/postgres/pg_paper_writes.h"

#include "store/postgres/pg_paper_rows.h"
#include "store/stored_text.h"

namespace paperboy {

Status PgPaperWrites::read_stored(std::span<const Paper> papers) {
  std::vector<std::string> ids;
  ids.reserve(papers.size());
  for (const Paper& paper : papers) {
    if (stored_.emplace(paper.id, std::nullopt).second) ids.push_back(paper.id);
  }
  if (ids.empty()) return Status::Ok();
  auto rows = read_paper_rows(
      conn_.query(std::string(kSelectPaper) + "WHERE p.id = ANY($1::text[])", pg_array(ids)));
  if (!rows.ok()) return rows.error();
  for (StoredPaper& row : *rows) stored_[row.paper.id] = std::move(row);
  return Status::Ok();
}

Result<PaperChange> PgPaperWrites::upsert(const Paper& paper, int64_t& seq) {
  auto at = stored_.find(paper.id);
  if (at == stored_.end()) {
    if (auto s = read_stored(std::span(&paper, 1)); !s.ok()) return s.error();
    at = stored_.find(paper.id);
  }
  std::optional<StoredPaper>& stored = at->second;
  PlannedUpsert plan = plan_upsert(stored, paper);
  if (plan.change == PaperChange::kUnchanged) return plan.change;
  // The next copy of this paper in the batch is planned over this one, as if it were stored.
  if (!stored) stored.emplace();
  stored->paper = plan.paper;
  stored->withdrawn = {};
  stored->change_seq = ++seq;
  auto [queued, added] = queued_by_id_.emplace(paper.id, queued_.size());
  if (added) queued_.push_back({.paper = {}, .seq = 0, .doc_id = stored->doc_id});
  queued_[queued->second].paper = std::move(plan.paper);
  queued_[queued->second].seq = seq;
  return plan.change;
}

Status PgPaperWrites::flush() {
  std::vector<QueuedWrite*> fresh, changed;
  for (QueuedWrite& write : queued_) (write.doc_id == 0 ? fresh : changed).push_back(&write);
  if (auto s = insert_new(fresh); !s.ok()) return s;
  if (auto s = update_stored(changed); !s.ok()) return s;
  std::vector<int64_t> replaced;  // the stored papers whose lists are rewritten
  for (const QueuedWrite* write : changed) replaced.push_back(write->doc_id);
  std::vector<QueuedWrite*> all = changed;
  all.insert(all.end(), fresh.begin(), fresh.end());
  if (auto s = replace_lists(all, replaced); !s.ok()) return s;
  if (auto s = add_hub_organizations(all); !s.ok()) return s;
  // Later reads in this transaction see the numbers the new papers were given.
  for (const QueuedWrite& write : queued_) {
    if (auto& stored = stored_[write.paper.id]) stored->doc_id = write.doc_id;
  }
  queued_.clear();
  queued_by_id_.clear();
  return Status::Ok();
}

namespace {

// The columns a write sets, one array each, in the order of the statements below.
struct PaperColumns {
  std::vector<std::string> id, title, abstract, published, updated, hub_day, organization, doi,
      comments, journal_ref, license, submitter, submitter_fullname, code_link, project_page,
      hub_artifacts, links_set_by, ai_summary, ai_keywords, ai_model, organization_fullname,
      organization_set_by;
  std::vector<int64_t> version, upvotes, seq, doc_id, github_stars, ai_version, thumbnail_version;

  void add(const Paper& p, int64_t change_seq, int64_t number) {
    id.push_back(p.id);
    title.push_back(p.title);
    abstract.push_back(p.abstract);
    published.push_back(p.published.str());
    updated.push_back(p.updated.str());
    hub_day.push_back(p.hub_day.str());
    organization.push_back(p.organization);
    doi.push_back(p.doi);
    comments.push_back(p.comments);
    journal_ref.push_back(p.journal_ref);
    license.push_back(p.license);
    submitter.push_back(p.submitter);
    submitter_fullname.push_back(p.submitter_fullname);
    version.push_back(p.version);
    upvotes.push_back(p.upvotes);
    seq.push_back(change_seq);
    doc_id.push_back(number);
    code_link.push_back(p.code_link);
    project_page.push_back(p.project_page);
    hub_artifacts.push_back(join_stored_list(p.hub_artifacts));
    links_set_by.push_back(p.links_set_by);
    ai_summary.push_back(p.ai_summary);
    ai_keywords.push_back(join_stored_list(p.ai_keywords));
    ai_model.push_back(p.ai_model);
    github_stars.push_back(p.github_stars);
    ai_version.push_back(p.ai_version);
    thumbnail_version.push_back(p.thumbnail_version);
    organization_fullname.push_back(p.organization_fullname);
    organization_set_by.push_back(p.organization_set_by);
  }
};

constexpr const char* kColumnsFromArrays = R"sql(
  unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
         $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[],
         $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[],
         $25::bigint[], $26::bigint[], $27::bigint[], $28::text[], $29::text[])
    WITH ORDINALITY AS u(id, title, abstract, published, updated, hub_day, organization, doi,
                         comments, journal_ref, license, submitter, submitter_fullname,
                         version, upvotes, change_seq, doc_id,
                         code_link, project_page, hub_artifacts, links_set_by, ai_summary,
                         ai_keywords, ai_model, github_stars, ai_version, thumbnail_version,
                         organization_fullname, organization_set_by, ord))sql";

template <typename Run>
auto with_columns(const PaperColumns& c, Run run) {
  return run(pg_array(c.id), pg_array(c.title), pg_array(c.abstract), pg_array(c.published),
             pg_array(c.updated), pg_array(c.hub_day), pg_array(c.organization), pg_array(c.doi),
             pg_array(c.comments), pg_array(c.journal_ref), pg_array(c.license),
             pg_array(c.submitter), pg_array(c.submitter_fullname), pg_array(c.version),
             pg_array(c.upvotes), pg_array(c.seq), pg_array(c.doc_id), pg_array(c.code_link),
             pg_array(c.project_page), pg_array(c.hub_artifacts), pg_array(c.links_set_by),
             pg_array(c.ai_summary), pg_array(c.ai_keywords), pg_array(c.ai_model),
             pg_array(c.github_stars), pg_array(c.ai_version), pg_array(c.thumbnail_version),
             pg_array(c.organization_fullname), pg_array(c.organization_set_by));
}

}  // namespace

Status PgPaperWrites::insert_new(std::vector<QueuedWrite*>& writes) {
  if (writes.empty()) return Status::Ok();
  PaperColumns columns;
  for (const QueuedWrite* write : writes) columns.add(write->paper, write->seq, 0);
  // In the batch's order, so numbers rise as the papers came (as SQLite gives them).
  const std::string sql = std::string(R"sql(
    INSERT INTO papers(id, title, abstract, published, updated, hub_day, organization, doi,
                       comments, journal_ref, license, submitter, submitter_fullname, version,
                       upvotes, change_seq, code_link, project_page, hub_artifacts, links_set_by,
                       ai_summary, ai_keywords, ai_model, github_stars, ai_version, thumbnail_version,
                       organization_fullname, organization_set_by)
    SELECT id, title, abstract, published, updated, hub_day, organization, doi, comments,
           journal_ref, license, submitter, submitter_fullname, version, upvotes, change_seq,
           code_link, project_page, hub_artifacts, links_set_by, ai_summary, ai_keywords, ai_model,
           github_stars, ai_version, thumbnail_version, organization_fullname, organization_set_by
    FROM )sql") + kColumnsFromArrays +
                          " ORDER BY ord RETURNING id, doc_id";
  auto inserted =
      with_columns(columns, [&](auto... arrays) { return conn_.query(sql, arrays...); });
  if (!inserted.ok()) return inserted.error();
  std::unordered_map<std::string, int64_t> numbers;
  for (int r = 0; r < inserted->rows(); ++r)
    numbers[inserted->text(r, 0)] = inserted->integer(r, 1);
  for (QueuedWrite* write : writes) write->doc_id = numbers[write->paper.id];
  return Status::Ok();
}

Status PgPaperWrites::update_stored(const std::vector<QueuedWrite*>& writes) {
  if (writes.empty()) return Status::Ok();
  PaperColumns columns;
  for (const QueuedWrite* write : writes) columns.add(write->paper, write->seq, write->doc_id);
  const std::string sql = std::string(R"sql(
    UPDATE papers SET version = u.version, title = u.title, abstract = u.abstract,
      published = u.published, updated = u.updated, hub_day = u.hub_day, upvotes = u.upvotes,
      organization = u.organization, doi = u.doi, comments = u.comments,
      journal_ref = u.journal_ref, license = u.license, change_seq = u.change_seq,
      withdrawn = '', submitter = u.submitter, submitter_fullname = u.submitter_fullname,
      code_link = u.code_link, project_page = u.project_page, hub_artifacts = u.hub_artifacts,
      links_set_by = u.links_set_by, ai_summary = u.ai_summary, ai_keywords = u.ai_keywords,
      ai_model = u.ai_model, github_stars = u.github_stars, ai_version = u.ai_version,
      thumbnail_version = u.thumbnail_version, organization_fullname = u.organization_fullname,
      organization_set_by = u.organization_set_by
    FROM )sql") + kColumnsFromArrays +
                          " WHERE papers.doc_id = u.doc_id";
  auto updated = with_columns(columns, [&](auto... arrays) { return conn_.query(sql, arrays...); });
  if (!updated.ok()) return updated.error();
  return Status::Ok();
}

// The hub's organisations get their page the first time a paper of theirs arrives.
Status PgPaperWrites::add_hub_organizations(const std::vector<QueuedWrite*>& writes) {
  std::vector<std::string> names, fullnames;
  for (const QueuedWrite* write : writes) {
    const Paper& p = write->paper;
    if (p.organization.empty() || !p.organization_set_by.empty()) continue;
    names.push_back(p.organization);
    fullnames.push_back(p.organization_fullname.empty() ? p.organization : p.organization_fullname);
  }
  if (names.empty()) return Status::Ok();
  auto added = conn_.query(
      "INSERT INTO organizations(name, fullname, created, verified) "
      "SELECT DISTINCT ON (lower(name)) name, fullname, extract(epoch FROM now())::bigint, 1 "
      "FROM unnest($1::text[], $2::text[]) AS u(name, fullname) ON CONFLICT DO NOTHING",
      pg_array(names), pg_array(fullnames));
  if (!added.ok()) return added.error();
  // A reader who made an organisation of one of these names first (not handed over by a
  // moderator) does not get the hub's papers with it: the hub's data takes the name back.
  auto reclaimed = conn_.query(
      "WITH reclaimed AS (UPDATE organizations SET created_by = NULL, verified = 1 "
      "  WHERE verified = 0 AND lower(name) IN (SELECT lower(n) FROM unnest($1::text[]) AS n) "
      "RETURNING org_id), "
      "gone AS (DELETE FROM organization_members WHERE org_id IN (SELECT org_id FROM reclaimed)) "
      "DELETE FROM organization_invitations WHERE org_id IN (SELECT org_id FROM reclaimed)",
      pg_array(names));
  if (!reclaimed.ok()) return reclaimed.error();
  return Status::Ok();
}

Status PgPaperWrites::replace_lists(const std::vector<QueuedWrite*>& writes,
                                    const std::vector<int64_t>& replaced) {
  for (auto [table, column, list] :
       {std::tuple{"paper_authors", "name", &Paper::authors},
        std::tuple{"paper_categories", "category", &Paper::categories}}) {
    if (!replaced.empty()) {
      auto cleared =
          conn_.query(std::string("DELETE FROM ") + table + " WHERE doc_id = ANY($1::bigint[])",
                      pg_array(replaced));
      if (!cleared.ok()) return cleared.error();
    }
    std::vector<int64_t> doc_ids, positions;
    std::vector<std::string> items;
    for (const QueuedWrite* write : writes) {
      const std::vector<std::string>& values = write->paper.*list;
      for (size_t i = 0; i < values.size(); ++i) {
        doc_ids.push_back(write->doc_id);
        positions.push_back(static_cast<int64_t>(i));
        items.push_back(values[i]);
      }
    }
    if (items.empty()) continue;
    auto added = conn_.query(std::string("INSERT INTO ") + table + "(doc_id, position, " + column +
                                 ") SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])",
                             pg_array(doc_ids), pg_array(positions), pg_array(items));
    if (!added.ok()) return added.error();
  }
  return Status::Ok();
}

}  // namespace paperboy
