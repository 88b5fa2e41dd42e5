#include "store/store_copy.h"

namespace paperboy {
namespace {

struct CopiedTable {
  const char* name;
  std::vector<std::string> columns;  // the key first
  size_t key_columns;
  const char* identity;  // the column a new row numbers itself by, if any
  bool replace;          // rows every new store has (counters): the source's win
  // A numeric key orders alike in both databases, so a rerun resumes after the largest key
  // copied; a text key may sort differently (collations), so its (small) table is read again.
  bool resumable;
};

// Every table but schema_version (each store keeps its own) and rate_buckets (transient), in
// an order where a row's references are copied before it.
const std::vector<CopiedTable>& copied_tables() {
  static const std::vector<CopiedTable> tables = {
      {"users",
       {"user_id", "email", "name", "password_hash", "created", "handle", "role", "suspended",
        "affiliation", "links"},
       1,
       "user_id",
       false,
       true},
      {"papers",
       {"doc_id",
        "id",
        "version",
        "title",
        "abstract",
        "published",
        "updated",
        "hub_day",
        "upvotes",
        "organization",
        "doi",
        "comments",
        "journal_ref",
        "license",
        "change_seq",
        "community_votes",
        "withdrawn",
        "submitter",
        "submitter_fullname",
        "code_link",
        "project_page",
        "github_stars",
        "hub_artifacts",
        "links_set_by",
        "ai_summary",
        "ai_keywords",
        "ai_model",
        "ai_version",
        "thumbnail_version",
        "organization_fullname",
        "organization_set_by"},
       1,
       "doc_id",
       false,
       true},
      {"paper_authors", {"doc_id", "position", "name"}, 2, nullptr, false, true},
      {"paper_categories", {"doc_id", "position", "category"}, 2, nullptr, false, true},
      {"sessions", {"token_hash", "user_id", "csrf", "expires"}, 1, nullptr, false, false},
      {"api_tokens", {"token_hash", "user_id", "label", "created"}, 1, nullptr, false, false},
      {"votes", {"user_id", "doc_id", "created"}, 2, nullptr, false, true},
      {"library", {"user_id", "doc_id", "saved"}, 2, nullptr, false, true},
      {"library_tags", {"user_id", "doc_id", "tag"}, 3, nullptr, false, false},
      {"submissions", {"doc_id", "user_id", "submitted"}, 1, nullptr, false, true},
      {"not_interested", {"user_id", "doc_id", "created"}, 2, nullptr, false, true},
      {"follows", {"user_id", "kind", "value"}, 3, nullptr, false, false},
      {"saved_searches",
       {"search_id", "user_id", "query", "alert", "created"},
       1,
       "search_id",
       false,
       true},
      {"subscriptions",
       {"subscription_id", "email", "user_id", "status", "frequency", "send_hour",
        "utc_offset_minutes", "sections", "send_empty", "created", "confirmed", "changed",
        "last_period"},
       1,
       "subscription_id",
       false,
       true},
      {"outbox",
       {"message_id", "subscription_id", "kind", "period", "recipient", "message", "status",
        "attempts", "next_attempt", "last_error", "created", "sent"},
       1,
       "message_id",
       false,
       true},
      {"sent_papers", {"subscription_id", "doc_id", "message_id"}, 2, nullptr, false, true},
      {"former_handles", {"handle_key", "user_id", "changed"}, 1, nullptr, false, false},
      {"discussion_posts",
       {"post_id", "doc_id", "user_id", "parent_id", "body", "state", "created", "edited", "likes",
        "rendered", "rendered_by"},
       1,
       "post_id",
       false,
       true},
      {"discussion_revisions",
       {"post_id", "revision", "body", "replaced"},
       2,
       nullptr,
       false,
       true},
      {"discussion_likes", {"post_id", "user_id", "created"}, 2, nullptr, false, true},
      {"discussion_followers", {"user_id", "doc_id", "since"}, 2, nullptr, false, true},
      {"discussion_reports",
       {"report_id", "post_id", "user_id", "reason", "created", "closed"},
       1,
       "report_id",
       false,
       true},
      {"author_claims",
       {"claim_id", "doc_id", "position", "user_id", "state", "created", "decided"},
       1,
       "claim_id",
       false,
       true},
      {"moderation_log",
       {"entry_id", "moderator_id", "action", "target", "reason", "created"},
       1,
       "entry_id",
       false,
       true},
      {"organizations",
       {"org_id", "name", "fullname", "about", "created_by", "created", "verified"},
       1,
       "org_id",
       false,
       true},
      {"organization_members", {"org_id", "user_id", "role", "created"}, 2, nullptr, false, true},
      {"organization_invitations",
       {"org_id", "user_id", "role", "invited_by", "created"},
       2,
       nullptr,
       false,
       true},
      {"collections",
       {"collection_id", "title", "description", "private", "owner_user", "owner_org", "created",
        "updated"},
       1,
       "collection_id",
       false,
       true},
      {"collection_items",
       {"collection_id", "doc_id", "position", "note", "added"},
       2,
       nullptr,
       false,
       true},
      {"thumbnails",
       {"doc_id", "version", "png", "fetched", "failed_version", "tries", "retry_at", "error"},
       1,
       nullptr,
       false,
       true},
      {"job_state", {"key", "value"}, 1, nullptr, true, false},
      {"counters", {"name", "value"}, 1, nullptr, true, false},
  };
  return tables;
}

// A destination that holds rows must hold this source's first rows: anything else is another
// instance, whose rows would silently win every clash.
Status check_destination(TableRows& from, TableRows& to, const CopiedTable& table) {
  auto theirs = to.read(table.name, table.columns, table.key_columns, {}, 1);
  if (!theirs.ok()) return theirs.error();
  if (theirs->empty()) return Status::Ok();
  auto ours = from.read(table.name, table.columns, table.key_columns, {}, 1);
  if (!ours.ok()) return ours.error();
  if (ours->empty() || ours->front() != theirs->front()) {
    return Error{std::string("the destination already holds other ") + table.name +
                     " than the source's; copy into an empty store",
                 ErrorCode::kConflict};
  }
  return Status::Ok();
}

}  // namespace

Result<StoreCopyReport> copy_store(TableRows& from, TableRows& to, const CopyProgress& progress,
                                   size_t batch_rows) {
  for (const char* checked : {"users", "papers"}) {
    for (const CopiedTable& table : copied_tables()) {
      if (std::string(table.name) != checked) continue;
      if (auto s = check_destination(from, to, table); !s.ok()) return s.error();
    }
  }
  StoreCopyReport report;
  for (const CopiedTable& table : copied_tables()) {
    TableRow after;
    if (table.resumable) {
      auto last = to.last_key(table.name, table.columns, table.key_columns);
      if (!last.ok()) return last.error();
      after = std::move(*last);
    }
    int64_t done = 0;
    for (;;) {
      auto rows = from.read(table.name, table.columns, table.key_columns, after, batch_rows);
      if (!rows.ok())
        return Error{std::string("reading ") + table.name + ": " + rows.error().message,
                     rows.error().code, rows.error().internal_text};
      if (rows->empty()) break;
      if (auto s = to.write(table.name, table.columns, table.key_columns, *rows, table.replace);
          !s.ok()) {
        return Error{std::string("writing ") + table.name + ": " + s.message(), s.error().code,
                     s.error().internal_text};
      }
      done += static_cast<int64_t>(rows->size());
      report.rows_written += static_cast<int64_t>(rows->size());
      if (progress) progress(table.name, done);
      after.assign(rows->back().begin(),
                   rows->back().begin() + static_cast<std::ptrdiff_t>(table.key_columns));
      if (rows->size() < batch_rows) break;
    }
    if (table.identity) {
      auto given = from.numbers_given(table.name, table.identity);
      if (!given.ok()) return given.error();
      if (auto s = to.renumber_after_copy(table.name, table.identity, *given); !s.ok())
        return s.error();
    }
  }
  std::string differing;
  for (const CopiedTable& table : copied_tables()) {
    auto source = from.count(table.name);
    if (!source.ok()) return source.error();
    auto destination = to.count(table.name);
    if (!destination.ok()) return destination.error();
    report.tables.push_back({table.name, *source, *destination});
    if (*source != *destination) {
      differing += (differing.empty() ? "" : ", ") + std::string(table.name) + " " +
                   std::to_string(*source) + " vs " + std::to_string(*destination);
    }
  }
  if (!differing.empty())
    return Error{"the copy's row counts differ from the source's: " + differing};
  return report;
}

}  // namespace paperboy
