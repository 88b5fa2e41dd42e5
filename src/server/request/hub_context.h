// What the hub's routes (pages, accounts, votes, submissions, subscriptions) share: readers,
// templates, rate limits, the trending settings, mail and the clock.
#pragma once

#include <cstdint>
#include <functional>

#include "harvest/arxiv_lookup.h"
#include "harvest/harvest_scheduler.h"
#include "mail/mail_scheduler.h"
#include "rank/for_you_cache.h"
#include "rank/trending.h"
#include "server/formats/page_renderer.h"
#include "server/request/rate_limiter.h"
#include "server/request/reader_pool.h"
#include "server/rules/community_actions.h"

namespace paperboy {

struct HubOptions {
  RateLimits limits;
  TrendingParams trending;
  bool secure_cookies =
      false;  // set behind a TLS-terminating proxy that sends no X-Forwarded-Proto
  // Where /submit looks up papers this store lacks (the arXiv API); none: they must be ingested.
  PaperLookup* paper_lookup = nullptr;
  // The background harvests, shown on /admin/harvest and in /metrics; none without --harvest.
  HarvestScheduler* harvest = nullptr;
  std::vector<std::string> admins;  // e-mail addresses (lower case) allowed on /admin pages
  // Signs the links in mail and of private feeds (DATA/mail-link.key); none: neither works.
  const LinkSigner* links = nullptr;
  // Mail is configured: the front page takes subscriptions and confirmations are sent.
  bool subscriptions = false;
  MailIdentity mail_identity;
  DigestOptions digest;           // link lifetimes
  MailScheduler* mail = nullptr;  // woken when a confirmation is queued; shown on /admin/mail
  int64_t new_subscriptions_per_hour = 200;  // site-wide, whoever asks: a flood stops here
  // The recent papers and readers' models behind /for-you (and the digests, when shared);
  // none: the server keeps its own.
  ForYouCache* for_you = nullptr;
  // Addresses of the load balancers in front (--trusted-proxy): a request from one of them is
  // rate-limited by the client address it appended to X-Forwarded-For, not by its own.
  std::vector<std::string> trusted_proxies;
  // What /submit takes: papers at most so many days old, so many a reader a day.
  SubmissionRules submission_rules;
  // A new account's first this-many discussion posts wait for a moderator (0: none do).
  int64_t hold_first_posts = 0;

  bool mail_on() const { return links != nullptr && subscriptions; }
};

struct HubContext {
  ReaderPool& readers;
  const PageRenderer& pages;
  HubOptions options;
  std::function<int64_t()> now;  // unix seconds
};

}  // namespace paperboy
