#include "store/sqlite/sqlite_schema.h"

#include <array>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_renumbering.h"

namespace paperboy {
namespace {

// Append only: a released migration is never edited, a change is a new entry.
constexpr std::array<const char*, 16> kMigrations = {
    // 1: papers with their authors and categories; key/value state for resumable jobs.
    R"sql(
    CREATE TABLE papers (
      doc_id       INTEGER PRIMARY KEY,       -- stable number the indexes use for the paper
      id           TEXT NOT NULL UNIQUE,      -- arXiv id without version, or source:key
      version      INTEGER NOT NULL DEFAULT 0,
      title        TEXT NOT NULL,
      abstract     TEXT NOT NULL DEFAULT '',
      published    TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD of the first version
      updated      TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD of the latest version
      hub_day      TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD listed on the daily feed
      upvotes      INTEGER NOT NULL DEFAULT 0,
      organization TEXT NOT NULL DEFAULT '',
      doi          TEXT NOT NULL DEFAULT '',
      comments     TEXT NOT NULL DEFAULT '',
      journal_ref  TEXT NOT NULL DEFAULT '',
      license      TEXT NOT NULL DEFAULT '',
      change_seq   INTEGER NOT NULL           -- raised on every change; indexes catch up from it
    );
    CREATE INDEX papers_change_seq ON papers(change_seq);
    CREATE INDEX papers_published ON papers(published);
    CREATE INDEX papers_hub_day ON papers(hub_day);

    CREATE TABLE paper_authors (
      doc_id   INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name     TEXT NOT NULL,
      PRIMARY KEY (doc_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX paper_authors_name ON paper_authors(name);

    CREATE TABLE paper_categories (
      doc_id   INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      category TEXT NOT NULL,
      PRIMARY KEY (doc_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX paper_categories_category ON paper_categories(category);

    CREATE TABLE job_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE counters (
      name  TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    );
    INSERT INTO counters(name, value) VALUES ('change_seq', 0);
    )sql",
    // 2: the community: accounts, sessions and API tokens (only hashes of the secrets), votes,
    // libraries with tags, submissions. Votes cast here are counted beside the hub's own count.
    R"sql(
    ALTER TABLE papers ADD COLUMN community_votes INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE users (
      user_id       INTEGER PRIMARY KEY,
      email         TEXT NOT NULL UNIQUE,     -- lower-cased
      name          TEXT NOT NULL,
      password_hash TEXT NOT NULL,            -- libsodium crypto_pwhash_str (Argon2id)
      created       INTEGER NOT NULL          -- unix seconds
    );

    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,            -- BLAKE2b of the cookie; the cookie is never stored
      user_id    INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      csrf       TEXT NOT NULL,               -- the token every state-changing form must carry
      expires    INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_user ON sessions(user_id);

    CREATE TABLE api_tokens (
      token_hash TEXT PRIMARY KEY,
      user_id    INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      label      TEXT NOT NULL,
      created    INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX api_tokens_user ON api_tokens(user_id);

    CREATE TABLE votes (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      doc_id  INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      created INTEGER NOT NULL,
      PRIMARY KEY (user_id, doc_id)           -- one vote per user and paper
    ) WITHOUT ROWID;
    CREATE INDEX votes_doc ON votes(doc_id);

    CREATE TABLE library (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      doc_id  INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      saved   INTEGER NOT NULL,
      PRIMARY KEY (user_id, doc_id)
    ) WITHOUT ROWID;

    CREATE TABLE library_tags (
      user_id INTEGER NOT NULL,
      doc_id  INTEGER NOT NULL,
      tag     TEXT NOT NULL,
      PRIMARY KEY (user_id, doc_id, tag),
      FOREIGN KEY (user_id, doc_id) REFERENCES library(user_id, doc_id) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE submissions (
      doc_id    INTEGER PRIMARY KEY REFERENCES papers(doc_id) ON DELETE CASCADE,
      user_id   INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      submitted INTEGER NOT NULL
    );
    )sql",
    // 3: papers the source withdrew (an OAI-PMH deleted record). The row stays, hidden, so votes
    // and libraries survive a reinstatement and the paper keeps its doc_id (never reused).
    R"sql(
    ALTER TABLE papers ADD COLUMN withdrawn TEXT NOT NULL DEFAULT '';  -- YYYY-MM-DD, '' when listed
    )sql",
    // 4: what a reader tells the recommender (papers not wanted, categories and authors followed,
    // saved searches) and the mail: subscriptions (double opt-in), the outbox (one message per
    // subscription, kind and period, composed once) and the papers each subscriber was sent.
    R"sql(
    CREATE TABLE not_interested (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      doc_id  INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      created INTEGER NOT NULL,
      PRIMARY KEY (user_id, doc_id)
    ) WITHOUT ROWID;

    CREATE TABLE follows (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      kind    TEXT NOT NULL CHECK (kind IN ('category', 'author')),
      value   TEXT NOT NULL,
      PRIMARY KEY (user_id, kind, value)
    ) WITHOUT ROWID;

    CREATE TABLE saved_searches (
      search_id INTEGER PRIMARY KEY,
      user_id   INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      query     TEXT NOT NULL,
      alert     INTEGER NOT NULL DEFAULT 0,   -- 1: new matches go into the user's digest
      created   INTEGER NOT NULL,
      UNIQUE (user_id, query)
    );

    CREATE TABLE subscriptions (
      subscription_id INTEGER PRIMARY KEY,
      email        TEXT NOT NULL UNIQUE,        -- lower-cased
      user_id      INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
      status       TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed')),
      frequency    TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly')),
      send_hour    INTEGER NOT NULL DEFAULT 7,  -- local hour, 0-23
      utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
      sections     TEXT NOT NULL DEFAULT 'trending,for-you,alerts,follows',
      send_empty   INTEGER NOT NULL DEFAULT 0,  -- 1: a digest even when nothing is new
      created      INTEGER NOT NULL,
      confirmed    INTEGER NOT NULL DEFAULT 0,
      changed      INTEGER NOT NULL,
      last_period  TEXT NOT NULL DEFAULT ''     -- the newest period a digest was composed for
    );
    CREATE INDEX subscriptions_user ON subscriptions(user_id);

    CREATE TABLE outbox (
      message_id      INTEGER PRIMARY KEY,
      subscription_id INTEGER NOT NULL REFERENCES subscriptions(subscription_id) ON DELETE CASCADE,
      kind            TEXT NOT NULL,            -- 'confirm' or 'digest'
      period          TEXT NOT NULL,            -- the digest's day or week; the request time for confirmations
      recipient       TEXT NOT NULL,
      message         TEXT NOT NULL,            -- the whole RFC 5322 message, as it will be sent
      status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt    INTEGER NOT NULL,
      last_error      TEXT NOT NULL DEFAULT '',
      created         INTEGER NOT NULL,
      sent            INTEGER NOT NULL DEFAULT 0,
      UNIQUE (subscription_id, kind, period)
    );
    CREATE INDEX outbox_due ON outbox(status, next_attempt);

    CREATE TABLE sent_papers (
      subscription_id INTEGER NOT NULL REFERENCES subscriptions(subscription_id) ON DELETE CASCADE,
      doc_id          INTEGER NOT NULL,
      message_id      INTEGER NOT NULL,
      PRIMARY KEY (subscription_id, doc_id)
    ) WITHOUT ROWID;
    )sql",
    // 5: who put a paper on the hub's daily list (the hub user's name and display name), for
    // the hub API's submittedBy and /api/daily_papers?submitter=.
    R"sql(
    ALTER TABLE papers ADD COLUMN submitter TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN submitter_fullname TEXT NOT NULL DEFAULT '';
    CREATE INDEX papers_submitter ON papers(submitter, hub_day) WHERE submitter != '';
    )sql",
    // 6: the number of listed papers, kept by every write, so /healthz reads one row instead of
    // counting millions.
    R"sql(
    INSERT INTO counters(name, value) SELECT 'listed_papers', count(*) FROM papers WHERE withdrawn = '';
    )sql",
    // 7: the voted papers by day, so trending reads only papers with votes (with the plain
    // hub_day index SQLite walked every never-listed paper: 0.5-1 s at 1 M papers).
    R"sql(
    CREATE INDEX papers_voted_hub_day ON papers(hub_day) WHERE upvotes + community_votes > 0;
    CREATE INDEX papers_voted_published ON papers(published) WHERE upvotes + community_votes > 0;
    )sql",
    // 8: rate-limit buckets (sign-in, votes, submissions…) in the store, so every server in
    // front of one store draws on the same bucket.
    R"sql(
    CREATE TABLE rate_buckets (
      key     TEXT PRIMARY KEY,               -- action and client ("vote:42")
      tokens  REAL NOT NULL,
      updated REAL NOT NULL                   -- unix seconds of the last take
    ) WITHOUT ROWID;
    CREATE INDEX rate_buckets_updated ON rate_buckets(updated);
    )sql",
    // 9: the community layer: public handles (a former one keeps pointing at its account),
    // roles and suspension, profiles; the discussion under each paper (posts as typed, the text
    // each edit replaced, likes, followers, reports); author claims; the moderation log.
    R"sql(
    ALTER TABLE users ADD COLUMN handle TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'reader'
      CHECK (role IN ('reader', 'moderator', 'admin'));
    ALTER TABLE users ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;  -- unix seconds; 0: none
    ALTER TABLE users ADD COLUMN affiliation TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN links TEXT NOT NULL DEFAULT '';        -- one URL a line
    UPDATE users SET handle = 'user-' || user_id;
    CREATE UNIQUE INDEX users_handle ON users(lower(handle));

    CREATE TABLE former_handles (
      handle_key TEXT PRIMARY KEY,            -- lower-cased
      user_id    INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      changed    INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE discussion_posts (
      post_id   INTEGER PRIMARY KEY,
      doc_id    INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      user_id   INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
      parent_id INTEGER NOT NULL DEFAULT 0,   -- the top-level post a reply answers; 0: top level
      body      TEXT NOT NULL,                -- Markdown as typed
      state     TEXT NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'held', 'hidden', 'deleted')),
      created   INTEGER NOT NULL,
      edited    INTEGER NOT NULL DEFAULT 0,
      likes     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX discussion_posts_paper ON discussion_posts(doc_id, parent_id, created);
    CREATE INDEX discussion_posts_user ON discussion_posts(user_id, created);
    CREATE INDEX discussion_posts_held ON discussion_posts(created) WHERE state = 'held';

    CREATE TABLE discussion_revisions (
      post_id  INTEGER NOT NULL REFERENCES discussion_posts(post_id) ON DELETE CASCADE,
      revision INTEGER NOT NULL,
      body     TEXT NOT NULL,                 -- the text the edit replaced
      replaced INTEGER NOT NULL,
      PRIMARY KEY (post_id, revision)
    ) WITHOUT ROWID;

    CREATE TABLE discussion_likes (
      post_id INTEGER NOT NULL REFERENCES discussion_posts(post_id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      created INTEGER NOT NULL,
      PRIMARY KEY (post_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX discussion_likes_user ON discussion_likes(user_id);

    CREATE TABLE discussion_followers (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      doc_id  INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      since   INTEGER NOT NULL,
      PRIMARY KEY (user_id, doc_id)
    ) WITHOUT ROWID;

    CREATE TABLE discussion_reports (
      report_id INTEGER PRIMARY KEY,
      post_id   INTEGER NOT NULL REFERENCES discussion_posts(post_id) ON DELETE CASCADE,
      user_id   INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
      reason    TEXT NOT NULL,
      created   INTEGER NOT NULL,
      closed    INTEGER NOT NULL DEFAULT 0    -- unix seconds a moderator acted; 0: open
    );
    CREATE INDEX discussion_reports_open ON discussion_reports(post_id) WHERE closed = 0;

    CREATE TABLE author_claims (
      claim_id INTEGER PRIMARY KEY,
      doc_id   INTEGER NOT NULL REFERENCES papers(doc_id) ON DELETE CASCADE,
      position INTEGER NOT NULL,              -- the author slot, from 0
      user_id  INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      state    TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
      created  INTEGER NOT NULL,
      decided  INTEGER NOT NULL DEFAULT 0,
      UNIQUE (doc_id, position, user_id)
    );
    CREATE UNIQUE INDEX author_claims_holder ON author_claims(doc_id, position) WHERE state = 'approved';
    CREATE INDEX author_claims_user ON author_claims(user_id);

    CREATE TABLE moderation_log (
      entry_id     INTEGER PRIMARY KEY,
      moderator_id INTEGER REFERENCES users(user_id) ON DELETE SET NULL,  -- NULL: the command line
      action       TEXT NOT NULL,
      target       TEXT NOT NULL,             -- "post:12", "user:3", "claim:5"
      reason       TEXT NOT NULL,
      created      INTEGER NOT NULL
    );
    )sql",
    // 10: richer papers (issue 19): links (core/paper_links.h), summaries and keywords, and the
    // version of the paper a thumbnail is stored for.
    R"sql(
    ALTER TABLE papers ADD COLUMN code_link TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN project_page TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN github_stars INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE papers ADD COLUMN hub_artifacts TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN links_set_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN ai_summary TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN ai_keywords TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN ai_model TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN ai_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE papers ADD COLUMN thumbnail_version INTEGER NOT NULL DEFAULT 0;

    )sql",
    // 11: organisations (issue 19). A paper's `organization` becomes the organisation's name
    // (its page's key); until the hub's lists are read again, papers stored before hold the
    // display name there, so each such name gets a page of its own now.
    R"sql(
    ALTER TABLE papers ADD COLUMN organization_fullname TEXT NOT NULL DEFAULT '';
    ALTER TABLE papers ADD COLUMN organization_set_by TEXT NOT NULL DEFAULT '';
    UPDATE papers SET organization_fullname = organization WHERE organization != '';
    CREATE TABLE organizations (
      org_id     INTEGER PRIMARY KEY,
      name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
      fullname   TEXT NOT NULL,
      about      TEXT NOT NULL DEFAULT '',
      created_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,  -- NULL: the hub's
      created    INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO organizations(name, fullname, created)
      SELECT DISTINCT organization, organization, 0 FROM papers WHERE organization != '';
    CREATE TABLE organization_members (
      org_id  INTEGER NOT NULL REFERENCES organizations(org_id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      role    TEXT NOT NULL CHECK (role IN ('admin', 'member')),
      created INTEGER NOT NULL,
      PRIMARY KEY (org_id, user_id)
    );
    CREATE INDEX organization_members_by_user ON organization_members(user_id);
    CREATE INDEX papers_by_organization ON papers(organization COLLATE NOCASE) WHERE organization != '';
    -- Readers follow organisations too: SQLite changes a CHECK only by copying the table.
    CREATE TABLE follows_kinds (
      user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      kind    TEXT NOT NULL CHECK (kind IN ('category', 'author', 'organization')),
      value   TEXT NOT NULL,
      PRIMARY KEY (user_id, kind, value)
    ) WITHOUT ROWID;
    INSERT INTO follows_kinds SELECT user_id, kind, value FROM follows;
    DROP TABLE follows;
    ALTER TABLE follows_kinds RENAME TO follows;
    )sql",
    // 12: collections (issue 19): ordered papers with notes, a reader's or an organisation's.
    R"sql(
    CREATE TABLE collections (
      collection_id INTEGER PRIMARY KEY,
      title         TEXT NOT NULL,
      description   TEXT NOT NULL DEFAULT '',
      private       INTEGER NOT NULL DEFAULT 0,
      owner_user    INTEGER REFERENCES users(user_id) ON DELETE CASCADE,
      owner_org     INTEGER REFERENCES organizations(org_id) ON DELETE CASCADE,
      created       INTEGER NOT NULL,
      updated       INTEGER NOT NULL,
      CHECK ((owner_user IS NULL) <> (owner_org IS NULL))
    );
    CREATE INDEX collections_by_user ON collections(owner_user) WHERE owner_user IS NOT NULL;
    CREATE INDEX collections_by_org ON collections(owner_org) WHERE owner_org IS NOT NULL;
    CREATE TABLE collection_items (
      collection_id INTEGER NOT NULL REFERENCES collections(collection_id) ON DELETE CASCADE,
      doc_id        INTEGER NOT NULL REFERENCES papers(doc_id),
      position      INTEGER NOT NULL,
      note          TEXT NOT NULL DEFAULT '',
      added         INTEGER NOT NULL,
      PRIMARY KEY (collection_id, doc_id)
    ) WITHOUT ROWID;
    )sql",
    // 13: thumbnails (issue 19): the first page of a listed paper's PDF, with the version it
    // was drawn from, and the failures so far (a hostile PDF is not fetched again on restart).
    R"sql(
    CREATE TABLE thumbnails (
      doc_id         INTEGER PRIMARY KEY REFERENCES papers(doc_id),
      version        INTEGER NOT NULL DEFAULT 0,
      png            TEXT NOT NULL DEFAULT '',
      fetched        INTEGER NOT NULL DEFAULT 0,
      failed_version INTEGER NOT NULL DEFAULT 0,
      tries          INTEGER NOT NULL DEFAULT 0,
      retry_at       INTEGER NOT NULL DEFAULT 0,
      error          TEXT NOT NULL DEFAULT ''
    );
    )sql",
    // 14: numbers are never given twice (issue 32). SQLite gives a new row one more than the
    // largest number in use, so deleting the newest account let the next one inherit its number
    // and with it the deleted account's signed links. AUTOINCREMENT remembers the largest ever
    // given; SQLite sets it only when a table is created, so these tables are rebuilt
    // (never_reuse_numbers below; the text here is only its marker).
    "-- rebuild with AUTOINCREMENT",
    // 15: organisations' integrity (issue 32): the hub's names are the hub's (verified marks the
    // hub's own and those a moderator handed over), and nobody joins without accepting.
    R"sql(
    ALTER TABLE organizations ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
    UPDATE organizations SET verified = 1 WHERE created_by IS NULL;
    CREATE TABLE organization_invitations (
      org_id     INTEGER NOT NULL REFERENCES organizations(org_id) ON DELETE CASCADE,
      user_id    INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
      role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
      invited_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
      created    INTEGER NOT NULL,
      PRIMARY KEY (org_id, user_id)
    );
    CREATE INDEX organization_invitations_by_user ON organization_invitations(user_id);
    )sql",
    // 16: a post's HTML, made when it is written (issue 32): a page of comments reads it
    // instead of rendering each post again, however costly the post was to render.
    R"sql(
    ALTER TABLE discussion_posts ADD COLUMN rendered TEXT NOT NULL DEFAULT '';
    ALTER TABLE discussion_posts ADD COLUMN rendered_by INTEGER NOT NULL DEFAULT 0;
    )sql",
};

constexpr int kNeverReuseMigration = 14;

Result<int> current_version(SqliteDatabase& db) {
  if (auto s = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      !s.ok()) {
    return s.error();
  }
  auto stmt = db.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  return static_cast<int>(stmt->integer(0));
}

Status apply_migration(SqliteDatabase& db, int v);

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Status migrate_schema(SqliteDatabase& db) {
  auto version = current_version(db);
  if (!version.ok()) return version.error();
  if (*version > latest_schema_version()) {
    return Error{"the database has schema version " + std::to_string(*version) +
                 " but this paperboy knows only up to " + std::to_string(latest_schema_version()) +
                 "; use a newer paperboy"};
  }
  for (int v = *version + 1; v <= latest_schema_version(); ++v) {
    const bool rebuilds = v == kNeverReuseMigration;
    if (rebuilds) {
      if (auto s = db.exec("PRAGMA foreign_keys=OFF"); !s.ok()) return s;
    }
    auto status = apply_migration(db, v);
    if (rebuilds) {
      if (auto s = db.exec("PRAGMA foreign_keys=ON"); !s.ok()) return s;
    }
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

namespace {

Status apply_migration(SqliteDatabase& db, int v) {
  {
    auto tx = SqliteTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    // Another process opening the same new store (a server and an ingest started together) may
    // have applied this one while this process waited for the write lock.
    auto applied = current_version(db);
    if (!applied.ok()) return applied.error();
    if (*applied >= v) return Status::Ok();
    auto s = v == kNeverReuseMigration ? never_reuse_numbers(db) : db.exec(kMigrations[v - 1]);
    if (!s.ok()) return Error{"schema migration " + std::to_string(v) + " failed: " + s.message()};
    auto record = db.prepare("INSERT INTO schema_version(version) VALUES (?)");
    if (!record.ok()) return record.error();
    if (auto recorded = record->bind(1, int64_t{v}).run(); !recorded.ok()) return recorded;
    return tx->commit();
  }
}

}  // namespace

}  // namespace paperboy
