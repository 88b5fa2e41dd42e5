// Composes each subscriber's digest once per period and puts it in the outbox. A digest is due
// when the subscriber's local send hour has come in a period (day, or ISO week) newer than the
// last one composed for them; what it holds is digest_sections.h's business. With nothing new,
// no mail is queued (unless the subscriber asked for empty digests) but the period still counts
// as done. Digests are composed by one worker per DigestReader, at once, and written to the
// outbox in the order of the subscriptions from the planner's own store: the round's result does
// not depend on the number of workers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "index/lexical_index.h"
#include "mail/digest_mail.h"
#include "mail/link_signer.h"
#include "rank/for_you.h"
#include "rank/trending.h"
#include "store/store.h"

namespace paperboy {

struct DigestOptions {
  size_t per_section = 8;
  bool dry_run = false;  // compose, report, queue nothing
  std::string only_to;   // only this address, due or not (still once per period)
  bool due_now = false;  // every subscriber, whatever their send hour (still once per period)
  TrendingParams trending;
  int64_t confirm_link_seconds = int64_t{7} * 86400;
  int64_t manage_link_seconds = int64_t{180} * 86400;
};

// One worker's connections: a store and a Xapian handle of its own.
struct DigestReader {
  Store* store = nullptr;
  LexicalIndex* lexical = nullptr;  // null: saved-search alerts are skipped
};

// `count` readers, each with its own store connection (from `open_store`) and, where the
// lexical index opens, its own handle on it.
class DigestReaders {
 public:
  static Result<DigestReaders> open(
      const std::function<Result<std::unique_ptr<Store>>()>& open_store,
      const std::filesystem::path& index_dir, int count);
  std::span<const DigestReader> readers() const { return readers_; }

 private:
  std::vector<std::unique_ptr<Store>> stores_;
  std::vector<std::unique_ptr<LexicalIndex>> indexes_;
  std::vector<DigestReader> readers_;
};

// Workers for a round when nobody says: one per core, at most four (the store's writer, not
// the cores, limits a bigger machine).
int default_digest_workers();

struct DigestRoundReport {
  int64_t subscribers = 0;  // active
  int64_t queued = 0;       // digests put in the outbox
  int64_t empty = 0;        // due, nothing new: period marked done, no mail
  int64_t not_due = 0;
  int64_t papers = 0;  // in the queued digests
  std::vector<std::string>
      composed;  // "address: subject" of each digest queued (would be, dry run)
};

// The period a digest for this subscriber would cover at `now` ("2026-11-23" or "2026-W48"),
// or "" before their send hour.
std::string digest_period(const Subscription& subscription, int64_t now, bool ignore_hour = false);

DigestLinks digest_links(const Subscription& subscription, const LinkSigner& signer,
                         const MailIdentity& identity, int64_t now, int64_t lifetime_seconds);

// Queues the confirmation mail of a pending subscription (once per request time).
Result<bool> queue_confirmation(Mailing& mailing, const Subscription& subscription,
                                const LinkSigner& signer, const MailIdentity& identity, int64_t now,
                                int64_t lifetime_seconds);

class DigestPlanner {
 public:
  DigestPlanner(Store& store, const LinkSigner& signer, MailIdentity identity,
                DigestOptions options)
      : store_(store),
        signer_(signer),
        identity_(std::move(identity)),
        options_(std::move(options)) {}

  // Composes with one thread per reader (none may be the planner's own store) and queues from
  // the calling thread.
  Result<DigestRoundReport> queue_due(const RecentCorpus& corpus,
                                      std::span<const DigestReader> readers, int64_t now);
  // Composes on the calling thread, from the planner's store. `lexical` may be null.
  Result<DigestRoundReport> queue_due(const RecentCorpus& corpus, LexicalIndex* lexical,
                                      int64_t now);

 private:
  struct Due;
  struct Composed;
  Result<Composed> compose(const Due& due, const DigestReader& reader, const RecentCorpus& corpus,
                           const std::vector<TrendingEntry>& trending, int64_t now) const;
  Status write(const Due& due, Composed composed, int64_t now, DigestRoundReport& report);
  Result<std::vector<TrendingEntry>> round_trending(const std::vector<Due>& due,
                                                    const RecentCorpus& corpus);

  Store& store_;
  const LinkSigner& signer_;
  MailIdentity identity_;
  DigestOptions options_;
};

}  // namespace paperboy
