// What `paperboy harvest`, `paperboy add` and `paperboy serve --harvest` share: who we are to
// the sources (a User-Agent with a contact address) and how politely we ask.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/result.h"
#include "harvest/polite_fetcher.h"
#include "net/http_client.h"

namespace paperboy::cli {

struct HarvestOptions {
  std::string contact;       // --contact or PAPERBOY_CONTACT: arXiv asks harvesters for one
  double delay_seconds = 3;  // between requests; arXiv asks for at least 3
  int timeout_seconds = 300;

  void add_to(CLI::App& cmd);
  // Fails without a contact address: sources must be able to reach whoever harvests them.
  Result<HttpClientOptions> http_options() const;
  FetchPolicy fetch_policy() const;
};

}  // namespace paperboy::cli
