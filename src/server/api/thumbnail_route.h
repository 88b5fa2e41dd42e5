// GET /papers/{id}/thumbnail.png?v=N: a listed paper's first page (harvest/thumbnailer.h). The
// version in the URL names one image forever, so that URL is cached for a year; without it (or
// with an older one) the current image is sent with an hour's cache.
#pragma once

#include "server/api/api_routes.h"

namespace paperboy {

void add_thumbnail_route(const Routes& routes, ReaderPool& readers);

}  // namespace paperboy
