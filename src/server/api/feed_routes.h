// Atom feeds and citation exports of listings:
//   /feeds/daily.atom?date=|week=|month=   /feeds/search.atom?q=   /feeds/authors/{name}.atom
//   /export/papers/{id}.bib|.ris           /export/search.bib|.ris?q=
#pragma once

#include "server/api/api_routes.h"

namespace paperboy {

void add_feed_routes(const Routes& routes, ReaderPool& readers);

}  // namespace paperboy
