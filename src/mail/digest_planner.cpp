#include "mail/digest_planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "mail/digest_sections.h"
#include "mail/mail_address.h"

namespace paperboy {
namespace {

std::string iso_week(const Date& day) {
  const int64_t days = days_since_epoch(day);
  const Date thursday = date_from_days(days - (iso_weekday(day) - 1) + 3);
  const int64_t day_of_year =
      days_since_epoch(thursday) - days_since_epoch(Date{thursday.year, 1, 1});
  return fmt::format("{}-W{:02}", thursday.year, day_of_year / 7 + 1);
}

}  // namespace

std::string digest_period(const Subscription& s, int64_t now, bool ignore_hour) {
  const int64_t local = now + int64_t{s.utc_offset_minutes} * 60;
  const Date day = utc_day(local);
  const int64_t hour = ((local % 86400) + 86400) % 86400 / 3600;
  if (!ignore_hour && hour < s.send_hour) return "";
  return s.weekly ? iso_week(day) : day.str();
}

DigestLinks digest_links(const Subscription& s, const LinkSigner& signer,
                         const MailIdentity& identity, int64_t now, int64_t lifetime_seconds) {
  const std::string token = signer.sign(LinkPurpose::kManage, s.id, now + lifetime_seconds);
  return {fmt::format("{}/subscription?token={}", identity.base_url, token),
          fmt::format("{}/unsubscribe?token={}", identity.base_url, token),
          fmt::format("mailto:{}?subject=unsubscribe%20{}", identity.from_address, token)};
}

Result<bool> queue_confirmation(Mailing& mailing, const Subscription& s, const LinkSigner& signer,
                                const MailIdentity& identity, int64_t now,
                                int64_t lifetime_seconds) {
  const std::string url =
      fmt::format("{}/subscribe/confirm?token={}", identity.base_url,
                  signer.sign(LinkPurpose::kConfirm, s.id, now + lifetime_seconds));
  auto text = render_message(confirmation_message(identity, s.email, url, now));
  if (!text.ok()) return text.error();
  OutboxMessage m;
  m.subscription_id = s.id;
  m.kind = "confirm";
  m.period = std::to_string(now);
  m.recipient = s.email;
  m.message = std::move(*text);
  m.next_attempt = now;
  m.created = now;
  return mailing.enqueue(m, {});
}

Result<DigestReaders> DigestReaders::open(
    const std::function<Result<std::unique_ptr<Store>>()>& open_store,
    const std::filesystem::path& index_dir, int count) {
  DigestReaders out;
  for (int i = 0; i < std::max(count, 1); ++i) {
    auto store = open_store();
    if (!store.ok()) return Error{"digest worker's store connection: " + store.error().message};
    out.stores_.push_back(std::move(*store));
    DigestReader reader{out.stores_.back().get(), nullptr};
    // No index (or a damaged one) only costs the saved-search alerts, as it always has.
    if (auto index = LexicalIndex::open(index_dir); index.ok()) {
      out.indexes_.push_back(std::make_unique<LexicalIndex>(std::move(*index)));
      reader.lexical = out.indexes_.back().get();
    }
    out.readers_.push_back(reader);
  }
  return out;
}

int default_digest_workers() {
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
}

struct DigestPlanner::Due {
  const Subscription* subscription = nullptr;
  std::string period;
};

struct DigestPlanner::Composed {
  bool nothing_new = false;  // due, but nothing to send: the period is done without a mail
  std::vector<int64_t> ids;
  std::string line;     // "address: subject (n papers)"
  std::string message;  // rendered MIME; empty on a dry run
};

Result<DigestPlanner::Composed> DigestPlanner::compose(const Due& due, const DigestReader& reader,
                                                       const RecentCorpus& corpus,
                                                       const std::vector<TrendingEntry>& trending,
                                                       int64_t now) const {
  const Subscription& s = *due.subscription;
  const DigestRoundInputs inputs{corpus, trending, options_.per_section, options_.trending, now};
  auto sections = digest_sections(*reader.store, reader.lexical, s, inputs);
  if (!sections.ok()) return sections.error();
  Composed out;
  for (const auto& section : *sections)
    for (const auto& p : section.papers) out.ids.push_back(p.stored.doc_id);
  if (out.ids.empty() && !s.send_empty) {
    out.nothing_new = true;
    return out;
  }
  const MailMessage mail =
      digest_message(identity_, s.email, due.period, *sections,
                     digest_links(s, signer_, identity_, now, options_.manage_link_seconds), now);
  out.line = fmt::format("{}: {} ({} papers)", s.email, mail.subject, out.ids.size());
  if (options_.dry_run) return out;
  auto text = render_message(mail);
  if (!text.ok()) return text.error();
  out.message = std::move(*text);
  return out;
}

Status DigestPlanner::write(const Due& due, Composed composed, int64_t now,
                            DigestRoundReport& report) {
  const Subscription& s = *due.subscription;
  if (composed.nothing_new) {
    ++report.empty;
    return options_.dry_run ? Status::Ok() : store_.mailing().mark_period_done(s.id, due.period);
  }
  if (options_.dry_run) {
    report.composed.push_back(std::move(composed.line));
    return Status::Ok();
  }
  OutboxMessage m;
  m.subscription_id = s.id;
  m.kind = "digest";
  m.period = due.period;
  m.recipient = s.email;
  m.message = std::move(composed.message);
  m.next_attempt = now;
  m.created = now;
  auto queued = store_.mailing().enqueue(m, composed.ids);
  if (!queued.ok()) return queued.error();
  if (*queued) {
    report.composed.push_back(std::move(composed.line));
    ++report.queued;
    report.papers += static_cast<int64_t>(composed.ids.size());
  }
  return Status::Ok();
}

// Trending is the same for every subscriber of a round: read it once.
Result<std::vector<TrendingEntry>> DigestPlanner::round_trending(const std::vector<Due>& due,
                                                                 const RecentCorpus& corpus) {
  const bool wanted = std::any_of(due.begin(), due.end(), [](const Due& d) {
    const auto& sections = d.subscription->sections;
    return std::find(sections.begin(), sections.end(), "trending") != sections.end();
  });
  if (!wanted) return std::vector<TrendingEntry>{};
  return trending_papers(store_, options_.trending, corpus.clock(), 0, options_.per_section * 4);
}

Result<DigestRoundReport> DigestPlanner::queue_due(const RecentCorpus& corpus,
                                                   LexicalIndex* lexical, int64_t now) {
  const DigestReader own{&store_, lexical};
  return queue_due(corpus, std::span<const DigestReader>(&own, 1), now);
}

Result<DigestRoundReport> DigestPlanner::queue_due(const RecentCorpus& corpus,
                                                   std::span<const DigestReader> readers,
                                                   int64_t now) {
  if (readers.empty()) return Error{"digest round: no reader to compose with"};
  DigestRoundReport report;
  auto subscriptions = store_.mailing().active_subscriptions();
  if (!subscriptions.ok()) return subscriptions.error();
  std::vector<Due> due;
  for (const Subscription& s : *subscriptions) {
    if (!options_.only_to.empty() && s.email != options_.only_to) continue;
    ++report.subscribers;
    std::string period = digest_period(s, now, options_.due_now || !options_.only_to.empty());
    if (period.empty() || period <= s.last_period) {
      ++report.not_due;
      continue;
    }
    due.push_back({&s, std::move(period)});
  }
  if (due.empty()) return report;
  auto trending = round_trending(due, corpus);
  if (!trending.ok()) return trending.error();
  auto failed = [&](size_t i, const std::string& why) {
    return Error{fmt::format("{}: {}", due[i].subscription->email, why)};
  };

  const size_t workers = std::min(readers.size(), due.size());
  if (workers == 1) {
    for (size_t i = 0; i < due.size(); ++i) {
      auto composed = compose(due[i], readers[0], corpus, *trending, now);
      if (!composed.ok()) return failed(i, composed.error().message);
      if (auto st = write(due[i], std::move(*composed), now, report); !st.ok())
        return failed(i, st.message());
    }
    return report;
  }

  // Workers take subscribers in order and compose; this thread writes each digest as soon as
  // it and all before it are composed. A bounded lead keeps memory flat on a long round.
  constexpr size_t kLead = 64;
  std::vector<std::optional<Result<Composed>>> slots(due.size());
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0, written = 0;
  bool stop = false;
  auto work = [&](const DigestReader& reader) {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next >= due.size() || next < written + kLead; });
        if (stop || next >= due.size()) return;
        i = next++;
      }
      auto composed = compose(due[i], reader, corpus, *trending, now);
      {
        std::lock_guard lock(mutex);
        slots[i].emplace(std::move(composed));
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) threads.emplace_back(work, std::cref(readers[w]));
  Status status = Status::Ok();
  for (size_t i = 0; i < due.size() && status.ok(); ++i) {
    std::optional<Result<Composed>> composed;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return slots[i].has_value(); });
      composed.swap(slots[i]);
    }
    if (!composed->ok()) {
      status = failed(i, composed->error().message);
    } else if (auto st = write(due[i], std::move(**composed), now, report); !st.ok()) {
      status = failed(i, st.message());
    }
    {
      std::lock_guard lock(mutex);
      written = i + 1;
    }
    changed.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  changed.notify_all();
  for (auto& t : threads) t.join();
  if (!status.ok()) return status.error();
  return report;
}

}  // namespace paperboy
