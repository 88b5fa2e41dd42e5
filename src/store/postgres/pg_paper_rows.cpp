#include "store/postgres/pg_paper_rows.h"

#include "core/paper_links.h"
#include "store/stored_text.h"

namespace paperboy {

const char* const kSelectPaper = R"sql(
  SELECT p.doc_id, p.change_seq, p.id, p.version, p.title, p.abstract, p.published, p.updated,
         p.hub_day, p.upvotes, p.organization, p.doi, p.comments, p.journal_ref, p.license,
         p.community_votes,
         (SELECT string_agg(name, E'\x1f' ORDER BY position) FROM paper_authors a WHERE a.doc_id = p.doc_id),
         (SELECT string_agg(category, E'\x1f' ORDER BY position) FROM paper_categories c WHERE c.doc_id = p.doc_id),
         p.withdrawn, p.submitter, p.submitter_fullname,
         p.code_link, p.project_page, p.github_stars, p.hub_artifacts, p.links_set_by,
         p.ai_summary, p.ai_keywords, p.ai_model, p.ai_version, p.thumbnail_version,
         p.organization_fullname, p.organization_set_by
  FROM papers p )sql";

StoredPaper read_paper_row(const PgResult& rows, int r) {
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
  p.code_link = rows.text(r, 21);
  p.project_page = rows.text(r, 22);
  p.github_stars = static_cast<int>(rows.integer(r, 23));
  p.hub_artifacts = split_stored_list(rows.text(r, 24));
  p.links_set_by = rows.text(r, 25);
  p.ai_summary = rows.text(r, 26);
  p.ai_keywords = split_stored_list(rows.text(r, 27));
  p.ai_model = rows.text(r, 28);
  p.ai_version = static_cast<int>(rows.integer(r, 29));
  p.thumbnail_version = static_cast<int>(rows.integer(r, 30));
  p.organization_fullname = rows.text(r, 31);
  p.organization_set_by = rows.text(r, 32);
  resolve_paper_links(p);
  return stored;
}

Result<std::vector<StoredPaper>> read_paper_rows(Result<PgResult> rows) {
  if (!rows.ok()) return rows.error();
  std::vector<StoredPaper> papers;
  papers.reserve(rows->rows());
  for (int r = 0; r < rows->rows(); ++r) papers.push_back(read_paper_row(*rows, r));
  return papers;
}

}  // namespace paperboy
