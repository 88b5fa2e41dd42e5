#include "mail/mail_scheduler.h"

#include <fmt/format.h>

#include "index/vector_index.h"
#include "store/store.h"

namespace paperboy {
namespace {

void add_sends(SendReport& total, const SendReport& r) {
  total.sent += r.sent;
  total.retried += r.retried;
  total.failed += r.failed;
  total.deferred += r.deferred;
  if (!r.last_error.empty()) total.last_error = r.last_error;
}

}  // namespace

MailScheduler::MailScheduler(MailSchedule schedule, const LinkSigner& signer,
                             MailTransport& transport, ForYouCache& for_you)
    : schedule_(std::move(schedule)), signer_(signer), transport_(transport), for_you_(for_you) {}

MailScheduler::~MailScheduler() { stop(); }

int64_t MailScheduler::now() const {
  if (schedule_.clock) return schedule_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void MailScheduler::log(const std::string& line) const { fmt::print(stderr, "mail: {}\n", line); }

void MailScheduler::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    stop_flag_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void MailScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stop_flag_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailScheduler::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

MailStatus MailScheduler::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void MailScheduler::loop() {
  auto store = open_store(schedule_.store, schedule_.data_dir);
  if (!store.ok()) {
    log("cannot open the store: " + store.error().message + "; no mail will be sent");
    std::lock_guard lock(mutex_);
    status_.last_error = store.error().message;
    return;
  }
  // Which server is sending matters when several share the outbox: the line says.
  OutboxSender sender((*store)->mailing(), transport_, schedule_.outbox, [this] { return now(); },
                      [this](size_t due) {
                        log(fmt::format("sending {} due message{}", due, due == 1 ? "" : "s"));
                      });
  int64_t next_plan = now();
  for (;;) {
    const int64_t t = now();
    if (t >= next_plan && !(schedule_.busy && schedule_.busy())) {
      // Of several servers on one store, one composes at a time; the others find the
      // periods done (last_period) when their turn comes.
      if (auto lock = (*store)->try_lock_job("digest-plan"); lock.ok() && *lock) plan(**store, t);
      next_plan = t + schedule_.plan_every.count();
    }
    {
      std::lock_guard lock(mutex_);
      status_.next_plan = next_plan;
    }
    // One sender at a time over the outbox, so no message goes out twice from two servers.
    auto outbox_lock = (*store)->try_lock_job("outbox");
    Result<SendReport> sent = SendReport{};
    if (!outbox_lock.ok()) {
      sent = outbox_lock.error();
    } else if (*outbox_lock) {
      sent = sender.send_due(&stop_flag_);
    }
    outbox_lock = std::unique_ptr<JobLock>();
    auto counts = (*store)->mailing().outbox_counts();
    {
      std::lock_guard lock(mutex_);
      status_.last_send = now();
      ++status_.send_rounds;
      if (sent.ok()) {
        add_sends(status_.sent, *sent);
        if (sent->sent + sent->retried + sent->failed > 0) {
          const int64_t handled = sent->sent + sent->retried + sent->failed;
          log(fmt::format(
              "{} sent, {} to retry, {} failed{}{}", sent->sent, sent->retried, sent->failed,
              handled > sent->due_at_start
                  ? fmt::format(" ({} came due while sending)", handled - sent->due_at_start)
                  : "",
              sent->last_error.empty() ? "" : " (" + sent->last_error + ")"));
        }
      } else {
        status_.last_error = sent.error().message;
        log("sending stopped: " + sent.error().message);
      }
      if (counts.ok()) status_.outbox = *counts;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, schedule_.send_every, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

void MailScheduler::plan(Store& store, int64_t now) {
  auto fail = [&](const std::string& message) {
    log("digests not composed: " + message);
    std::lock_guard lock(mutex_);
    status_.last_plan = now;
    status_.last_error = message;
  };
  // The corpus is the costly part: build it only when someone's digest is due.
  auto subscriptions = store.mailing().active_subscriptions();
  if (!subscriptions.ok()) return fail(subscriptions.error().message);
  bool any_due = false;
  for (const auto& s : *subscriptions) {
    const std::string period = digest_period(s, now);
    if (!period.empty() && period > s.last_period) any_due = true;
  }
  if (!any_due) {
    std::lock_guard lock(mutex_);
    status_.last_plan = now;
    status_.last_error.clear();
    return;
  }
  const auto index_dir = schedule_.data_dir / "index";
  std::shared_ptr<const VectorIndex> vectors;
  if (VectorIndex::exists(index_dir)) {
    if (auto opened = VectorIndex::open(index_dir); opened.ok())
      vectors = *opened;  // else TF-IDF alone
  }
  // Connections of the round's own, closed after it: the Xapian handles then see the newest
  // index on the next round.
  auto readers =
      DigestReaders::open([&] { return open_store(schedule_.store, schedule_.data_dir); },
                          index_dir, schedule_.digest_workers);
  if (!readers.ok()) return fail(readers.error().message);
  auto corpus = for_you_.corpus(store, vectors, now);
  if (!corpus.ok()) return fail(corpus.error().message);
  DigestPlanner planner(store, signer_, schedule_.identity, schedule_.digest);
  auto round = planner.queue_due(**corpus, readers->readers(), now);
  if (!round.ok()) return fail(round.error().message);
  if (round->queued > 0)
    log(fmt::format("{} digests queued ({} papers)", round->queued, round->papers));
  std::lock_guard lock(mutex_);
  status_.last_plan = now;
  status_.last_round = *round;
  status_.last_round.composed.clear();
  status_.digests_queued += round->queued;
  status_.last_error.clear();
}

std::string MailScheduler::prometheus_text() const {
  const MailStatus s = status();
  std::string text;
  text +=
      "# HELP paperboy_mail_outbox Messages in the outbox by status.\n# TYPE paperboy_mail_outbox "
      "gauge\n";
  text += fmt::format("paperboy_mail_outbox{{status=\"queued\"}} {}\n", s.outbox.queued);
  text += fmt::format("paperboy_mail_outbox{{status=\"sent\"}} {}\n", s.outbox.sent);
  text += fmt::format("paperboy_mail_outbox{{status=\"failed\"}} {}\n", s.outbox.failed);
  text += "# HELP paperboy_mail_sends_total SMTP attempts by this process, by outcome.\n";
  text += "# TYPE paperboy_mail_sends_total counter\n";
  text += fmt::format("paperboy_mail_sends_total{{outcome=\"sent\"}} {}\n", s.sent.sent);
  text += fmt::format("paperboy_mail_sends_total{{outcome=\"retry\"}} {}\n", s.sent.retried);
  text += fmt::format("paperboy_mail_sends_total{{outcome=\"failed\"}} {}\n", s.sent.failed);
  text +=
      "# HELP paperboy_mail_send_rounds_total Outbox rounds this process finished (sending or "
      "not).\n";
  text += "# TYPE paperboy_mail_send_rounds_total counter\n";
  text += fmt::format("paperboy_mail_send_rounds_total {}\n", s.send_rounds);
  text += "# HELP paperboy_mail_digests_queued_total Digests composed by this process.\n";
  text += "# TYPE paperboy_mail_digests_queued_total counter\n";
  text += fmt::format("paperboy_mail_digests_queued_total {}\n", s.digests_queued);
  text += "# HELP paperboy_mail_last_plan_seconds When digests were last planned (unix time).\n";
  text += "# TYPE paperboy_mail_last_plan_seconds gauge\n";
  text += fmt::format("paperboy_mail_last_plan_seconds {}\n", s.last_plan);
  return text;
}

}  // namespace paperboy
