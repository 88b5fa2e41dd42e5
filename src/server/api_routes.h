// The JSON API under /api, with the Hugging Face papers endpoints' paths and shapes, plus
// /healthz and /metrics. Every error is {"error": "...", "detail": "..."} with its status code.
#pragma once

#include <httplib.h>

#include "server/reader_pool.h"
#include "server/request_metrics.h"

namespace paperboy {

// Registers a GET route; `name` is the route pattern metrics and logs use.
using RouteRegistrar = std::function<void(const std::string& name, const std::string& pattern,
                                          httplib::Server::Handler handler)>;

void add_api_routes(const RouteRegistrar& get, ReaderPool& readers, const RequestMetrics& metrics);

}  // namespace paperboy
