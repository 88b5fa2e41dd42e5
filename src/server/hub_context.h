// What the hub's routes (pages, accounts, votes, submissions) share: readers, templates,
// rate limits, the trending settings and the clock.
#pragma once

#include <cstdint>
#include <functional>

#include "harvest/arxiv_lookup.h"
#include "harvest/harvest_scheduler.h"
#include "rank/trending.h"
#include "server/page_renderer.h"
#include "server/rate_limiter.h"
#include "server/reader_pool.h"

namespace paperboy {

struct HubOptions {
  RateLimits limits;
  TrendingParams trending;
  bool secure_cookies = false;  // set behind a TLS-terminating proxy that sends no X-Forwarded-Proto
  // Where /submit looks up papers this store lacks (the arXiv API); none: they must be ingested.
  PaperLookup* paper_lookup = nullptr;
  // The background harvests, shown on /admin/harvest and in /metrics; none without --harvest.
  HarvestScheduler* harvest = nullptr;
  std::vector<std::string> admins;  // e-mail addresses (lower case) allowed on /admin pages
};

struct HubContext {
  ReaderPool& readers;
  const PageRenderer& pages;
  HubOptions options;
  std::function<int64_t()> now;  // unix seconds
  RateLimiter limiter;
};

}  // namespace paperboy
