// Composes each subscriber's digest once per period and puts it in the outbox. A digest is due
// when the subscriber's local send hour has come in a period (day, or ISO week) newer than the
// last one composed for them. Sections, in order: papers for you (the recommender), new matches
// of saved searches with "alert me", recent papers in followed categories and by followed
// authors, then trending; a paper appears once, and never if this subscriber was sent it before.
// With nothing new, no mail is queued (unless the subscriber asked for empty digests) but the
// period still counts as done.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/lexical_index.h"
#include "mail/digest_mail.h"
#include "mail/link_signer.h"
#include "rank/for_you.h"
#include "store/store.h"

namespace paperboy {

struct DigestOptions {
  size_t per_section = 8;
  bool dry_run = false;     // compose, report, queue nothing
  std::string only_to;      // only this address, due or not (still once per period)
  TrendingParams trending;
  int64_t confirm_link_seconds = 7 * 86400;
  int64_t manage_link_seconds = 180 * 86400;
};

struct DigestRoundReport {
  int64_t subscribers = 0;  // active
  int64_t queued = 0;       // digests put in the outbox
  int64_t empty = 0;        // due, nothing new: period marked done, no mail
  int64_t not_due = 0;
  int64_t papers = 0;       // in the queued digests
  std::vector<std::string> composed;  // "address: subject" of each digest queued (would be, dry run)
};

// The period a digest for this subscriber would cover at `now` ("2026-11-23" or "2026-W48"),
// or "" before their send hour.
std::string digest_period(const Subscription& subscription, int64_t now, bool ignore_hour = false);

DigestLinks digest_links(const Subscription& subscription, const LinkSigner& signer, const MailIdentity& identity,
                         int64_t now, int64_t lifetime_seconds);

// Queues the confirmation mail of a pending subscription (once per request time).
Result<bool> queue_confirmation(Mailing& mailing, const Subscription& subscription, const LinkSigner& signer,
                                const MailIdentity& identity, int64_t now, int64_t lifetime_seconds);

class DigestPlanner {
 public:
  DigestPlanner(Store& store, const LinkSigner& signer, MailIdentity identity, DigestOptions options)
      : store_(store), signer_(signer), identity_(std::move(identity)), options_(std::move(options)) {}

  // `lexical` may be null (saved-search alerts are then skipped).
  Result<DigestRoundReport> queue_due(const RecentCorpus& corpus, LexicalIndex* lexical, int64_t now);

 private:
  Result<std::vector<DigestSection>> sections_for(const Subscription& s, const RecentCorpus& corpus,
                                                  LexicalIndex* lexical);

  Store& store_;
  const LinkSigner& signer_;
  MailIdentity identity_;
  DigestOptions options_;
};

}  // namespace paperboy
