// The JSON API under /api, with the Hugging Face papers endpoints' paths and shapes, plus
// /healthz and /metrics. Every error is {"error": "...", "detail": "..."} with its status code.
#pragma once

#include <httplib.h>

#include "server/reader_pool.h"
#include "server/routes.h"
#include "harvest/harvest_scheduler.h"
#include "mail/mail_scheduler.h"
#include "server/request_metrics.h"

namespace paperboy {

// `harvest` and `mail` (either may be null) add the scheduled harvests' and the mail round's
// figures to /metrics.
void add_api_routes(const Routes& routes, ReaderPool& readers, const RequestMetrics& metrics,
                    const HarvestScheduler* harvest, const MailScheduler* mail);

}  // namespace paperboy
