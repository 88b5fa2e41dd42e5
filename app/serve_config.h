// Everything `paperboy serve` is told, one part per feature, each adding its own options
// (add_to) and turning them into what its part of the server needs. serve_command.cpp
// assembles the parts; a new feature adds a part here, not options to the command.
#pragma once

#include <CLI/CLI.hpp>

#include "digest_round_options.h"
#include "harvest_options.h"
#include "harvest_round_options.h"
#include "hub_settings.h"
#include "listen_options.h"
#include "mail_options.h"
#include "paper_extras_options.h"

namespace paperboy::cli {

struct ServeConfig {
  ListenOptions listen;
  HubSettings hub;
  HarvestOptions politeness;  // contact address, delay, timeout: every outbound request
  HarvestRoundOptions harvest;
  SummaryOptions summaries;
  ThumbnailOptions thumbnails;
  MailOptions mail;  // also gives --base-url, the public address feeds and headers link to
  DigestRoundOptions digests;

  void add_to(CLI::App& cmd) {
    listen.add_to(cmd);
    hub.add_to(cmd);
    summaries.add_to(cmd);
    thumbnails.add_to(cmd);
    politeness.add_to(cmd);
    harvest.add_to(cmd);
    digests.add_to(cmd);
    mail.add_to(cmd);
  }
};

}  // namespace paperboy::cli
