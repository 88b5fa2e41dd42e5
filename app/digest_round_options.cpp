#include "digest_round_options.h"

namespace paperboy::cli {

void DigestRoundOptions::add_to(CLI::App& cmd) {
  cmd.add_flag("--mail", mail,
               "take subscriptions on the front page and send digests (set --mail-from, "
               "--base-url, --smtp-url)");
  cmd.add_option("--digest-check", digest_check_seconds,
                 "seconds between looks for digests that are due")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd.add_option("--send-check", send_check_seconds,
                 "seconds between sends of the outbox (retries included)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
}

MailSchedule DigestRoundOptions::schedule(const WorkerPlace& place, const MailOptions& mail_options,
                                          const TrendingParams& trending) const {
  MailSchedule schedule;
  schedule.data_dir = place.data_dir;
  schedule.store = place.store;
  schedule.identity = mail_options.identity();
  schedule.digest.trending = trending;
  schedule.outbox = mail_options.outbox();
  schedule.plan_every = std::chrono::seconds(digest_check_seconds);
  schedule.send_every = std::chrono::seconds(send_check_seconds);
  schedule.digest_workers = mail_options.digest_workers;
  return schedule;
}

}  // namespace paperboy::cli
