// `serve --mail`: the subscription forms and the digest round on a thread of its own, with how
// often it plans digests and sends the outbox. The SMTP server and sender are mail_options.h's,
// shared with `paperboy digest`.
#pragma once

#include <CLI/CLI.hpp>

#include "mail/mail_scheduler.h"
#include "mail_options.h"
#include "paper_extras_options.h"

namespace paperboy::cli {

struct DigestRoundOptions {
  bool mail = false;
  int digest_check_seconds = 300;
  int send_check_seconds = 60;

  void add_to(CLI::App& cmd);
  // The round's schedule; digests rank trending papers as the pages do.
  MailSchedule schedule(const WorkerPlace& place, const MailOptions& mail_options,
                        const TrendingParams& trending) const;
};

}  // namespace paperboy::cli
