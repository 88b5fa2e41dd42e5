// The JSON API under /api, with the Hugging Face papers endpoints' paths and shapes, plus
// /healthz and /metrics. Every error is {"error": "...", "detail": "..."} with its status code.
#pragma once

#include <string>
#include <vector>

#include "harvest/harvest_scheduler.h"
#include "mail/mail_scheduler.h"
#include "server/http/http_message.h"
#include "server/http/request_metrics.h"
#include "server/http/routes.h"
#include "server/request/reader_pool.h"

namespace paperboy {

// Who may read /metrics: the client addresses listed (seen through the trusted proxies, so a
// request relayed by the balancer counts as its real client's). Loopback only by default: the
// figures tell an outsider what the server does and how busy it is.
struct MetricsAccess {
  std::vector<std::string> allowed = {"127.0.0.1", "::1"};
  std::vector<std::string> trusted_proxies;
};

// `harvest` and `mail` (either may be null) add the scheduled harvests' and the mail round's
// figures to /metrics.
void add_api_routes(const Routes& routes, ReaderPool& readers, const RequestMetrics& metrics,
                    const HarvestScheduler* harvest, const MailScheduler* mail,
                    MetricsAccess access);

}  // namespace paperboy
