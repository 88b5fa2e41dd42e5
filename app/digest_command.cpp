// paperboy digest: compose the digests that are due and put them in the outbox; with --send,
// also send what the outbox holds. The same round `serve` runs by itself; this is for cron.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "cli_context.h"
#include "index/vector_index.h"
#include "mail/digest_planner.h"
#include "mail/mail_address.h"
#include "mail_options.h"
#include "store/job_lock.h"

namespace paperboy::cli {
namespace {

// The job lock a mailing server takes for the same work ("digest-plan", "outbox"): with it,
// two crons, or a cron beside `serve --mail`, never compose or send one message twice. Waits
// for a holder to finish its round, up to `patience`.
Result<std::unique_ptr<JobLock>> wait_for_job(Store& store, const char* job,
                                              std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    auto lock = store.try_lock_job(job);
    if (!lock.ok() || *lock) return lock;
    if (std::chrono::steady_clock::now() >= deadline) {
      return Error{
          fmt::format(
              "another paperboy (a server with --mail, or another digest run) held the '{}' job "
              "lock for {} s; nothing was done by this run, try again later",
              job, patience.count()),
          ErrorCode::kUnavailable};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

void add_digest_command(CLI::App& app, CliContext& context) {
  struct Args {
    bool send = false;
    bool dry_run = false;
    bool due_now = false;
    std::string to;
    int window_days = 7;
    int lock_wait = 120;
    MailOptions mail;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "digest", "Compose the mail digests that are due (and send them with --send).");
  cmd->add_flag("--send", args->send, "also send every queued message over SMTP");
  cmd->add_flag("--dry-run", args->dry_run, "show what would be composed; queue and send nothing");
  cmd->add_option("--to", args->to,
                  "only this subscriber, even before their send hour (once per period still)");
  cmd->add_flag("--due-now", args->due_now,
                "every subscriber, as if their send hour had come (a test send; still once per "
                "day or week, so a second run sends nothing new)");
  cmd->add_option("--days", args->window_days, "recent papers: this many days up to the newest")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();
  cmd->add_option("--lock-wait", args->lock_wait,
                  "seconds to wait while another paperboy composes or sends (they take turns, so "
                  "no message goes "
                  "out twice)")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  args->mail.add_to(*cmd);
  cmd->callback([args, &context] {
    const int64_t now = std::time(nullptr);
    DigestOptions options;
    options.dry_run = args->dry_run;
    options.due_now = args->due_now;
    if (!args->to.empty()) {
      auto address = parse_mail_address(args->to);
      if (!address.ok()) return context.fail("--to: " + address.error().message);
      options.only_to = *address;
    }
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto signer = open_link_signer(context.data_dir, *context.store_location());
    if (!signer.ok()) return context.fail(signer.error().message);
    std::shared_ptr<const VectorIndex> vectors;
    if (VectorIndex::exists(context.index_dir())) {
      auto opened = VectorIndex::open(context.index_dir());
      if (opened.ok()) vectors = *opened;  // a damaged vector index only costs the dense features
    }
    auto readers = DigestReaders::open([&] { return context.open_store(); }, context.index_dir(),
                                       args->mail.digest_workers);
    if (!readers.ok()) return context.fail(readers.error().message);
    auto corpus = RecentCorpus::build(**store, vectors, now, args->window_days);
    if (!corpus.ok()) return context.fail(corpus.error().message);

    auto planning = wait_for_job(**store, "digest-plan", std::chrono::seconds(args->lock_wait));
    if (!planning.ok()) return context.fail(planning.error().message);
    DigestPlanner planner(**store, *signer, args->mail.identity(), options);
    auto round = planner.queue_due(**corpus, readers->readers(), now);
    planning = std::unique_ptr<JobLock>();
    if (!round.ok()) return context.fail(round.error().message);
    for (const auto& line : round->composed)
      fmt::print("{}{}\n", args->dry_run ? "would queue " : "queued ", line);
    fmt::print(
        "digest: {} active subscribers, {} digests queued ({} papers), {} with nothing new, {} not "
        "due yet\n",
        round->subscribers, round->queued, round->papers, round->empty, round->not_due);
    if (!args->send || args->dry_run) return;

    auto smtp = args->mail.smtp();
    if (!smtp.ok()) return context.fail(smtp.error().message);
    auto transport = make_smtp_transport(*smtp);
    auto sending = wait_for_job(**store, "outbox", std::chrono::seconds(args->lock_wait));
    if (!sending.ok()) return context.fail(sending.error().message);
    OutboxSender sender((*store)->mailing(), *transport, args->mail.outbox(),
                        [] { return std::time(nullptr); });
    auto sent = sender.send_due();
    if (!sent.ok()) return context.fail(sent.error().message);
    fmt::print("send: {} sent, {} to retry, {} failed, {} waiting for their domain's rate{}\n",
               sent->sent, sent->retried, sent->failed, sent->deferred,
               sent->last_error.empty() ? "" : fmt::format(" (last error: {})", sent->last_error));
    if (sent->failed > 0 || (sent->retried > 0 && sent->sent == 0))
      context.exit_code = kExitFailure;
  });
}

}  // namespace paperboy::cli
