#include "mail/digest_planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "mail/mail_address.h"

namespace paperboy {
namespace {

bool wants(const Subscription& s, std::string_view section) {
  return std::find(s.sections.begin(), s.sections.end(), section) != s.sections.end();
}

std::string iso_week(const Date& day) {
  const int64_t days = days_since_epoch(day);
  const Date thursday = date_from_days(days - (iso_weekday(day) - 1) + 3);
  const int64_t day_of_year = days_since_epoch(thursday) - days_since_epoch(Date{thursday.year, 1, 1});
  return fmt::format("{}-W{:02}", thursday.year, day_of_year / 7 + 1);
}

// Papers already mailed to this subscriber, or already in this digest, are left out.
class Picker {
 public:
  Picker(Mailing& mailing, int64_t subscription_id) : mailing_(mailing), subscription_id_(subscription_id) {}
  Result<std::vector<int64_t>> fresh(const std::vector<int64_t>& ids) {
    std::vector<int64_t> unseen;
    for (int64_t id : ids)
      if (!taken_.count(id)) unseen.push_back(id);
    auto sent = mailing_.sent_among(subscription_id_, unseen);
    if (!sent.ok()) return sent.error();
    std::unordered_set<int64_t> sent_set(sent->begin(), sent->end());
    std::vector<int64_t> out;
    for (int64_t id : unseen)
      if (!sent_set.count(id)) out.push_back(id);
    return out;
  }
  void take(int64_t id) { taken_.insert(id); }
  const std::unordered_set<int64_t>& taken() const { return taken_; }

 private:
  Mailing& mailing_;
  int64_t subscription_id_;
  std::unordered_set<int64_t> taken_;
};

}  // namespace

std::string digest_period(const Subscription& s, int64_t now, bool ignore_hour) {
  const int64_t local = now + int64_t{s.utc_offset_minutes} * 60;
  const Date day = utc_day(local);
  const int64_t hour = ((local % 86400) + 86400) % 86400 / 3600;
  if (!ignore_hour && hour < s.send_hour) return "";
  return s.weekly ? iso_week(day) : day.str();
}

DigestLinks digest_links(const Subscription& s, const LinkSigner& signer, const MailIdentity& identity, int64_t now,
                         int64_t lifetime_seconds) {
  const std::string token = signer.sign(LinkPurpose::kManage, s.id, now + lifetime_seconds);
  return {fmt::format("{}/subscription?token={}", identity.base_url, token),
          fmt::format("{}/unsubscribe?token={}", identity.base_url, token),
          fmt::format("mailto:{}?subject=unsubscribe%20{}", identity.from_address, token)};
}

Result<bool> queue_confirmation(Mailing& mailing, const Subscription& s, const LinkSigner& signer,
                                const MailIdentity& identity, int64_t now, int64_t lifetime_seconds) {
  const std::string url = fmt::format("{}/subscribe/confirm?token={}", identity.base_url,
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

Result<std::vector<DigestSection>> DigestPlanner::sections_for(const Subscription& s, const RecentCorpus& corpus,
                                                               LexicalIndex* lexical) {
  Mailing& mailing = store_.mailing();
  Picker picker(mailing, s.id);
  std::vector<DigestSection> sections;
  std::unordered_map<int64_t, const StoredPaper*> recent;
  for (const auto& p : corpus.papers()) recent.emplace(p.doc_id, &p);

  auto add_section = [&](std::string key, std::string title, std::vector<DigestPaper> candidates) -> Status {
    std::vector<int64_t> ids;
    for (const auto& c : candidates) ids.push_back(c.stored.doc_id);
    auto fresh = picker.fresh(ids);
    if (!fresh.ok()) return Error{fresh.error().message};
    std::unordered_set<int64_t> keep(fresh->begin(), fresh->end());
    DigestSection section{std::move(key), std::move(title), {}};
    for (auto& c : candidates) {
      if (section.papers.size() >= options_.per_section) break;
      if (!keep.count(c.stored.doc_id) || picker.taken().count(c.stored.doc_id)) continue;
      picker.take(c.stored.doc_id);
      section.papers.push_back(std::move(c));
    }
    sections.push_back(std::move(section));
    return Status::Ok();
  };

  if (s.user_id != 0 && wants(s, "for-you")) {
    ForYouRequest request;
    request.user_id = s.user_id;
    request.limit = options_.per_section * 4;  // room for what was sent before
    auto list = papers_for_you(store_, corpus, request, options_.trending);
    if (!list.ok()) return list.error();
    std::vector<DigestPaper> candidates;
    // Only a personal ranking belongs here; the cold start's trending has its own section.
    for (const auto& item : list->items)
      if (item.why == ForYouItem::Why::kLikeSaved) candidates.push_back({item.stored, why_text(item)});
    if (auto st = add_section("for-you", "Papers for you", std::move(candidates)); !st.ok()) return Error{st.message()};
  }
  if (s.user_id != 0 && wants(s, "alerts") && lexical != nullptr) {
    auto searches = store_.preferences().saved_searches(s.user_id);
    if (!searches.ok()) return searches.error();
    std::vector<DigestPaper> candidates;
    for (const auto& search : *searches) {
      if (!search.alert) continue;
      SearchRequest request;
      request.query = search.query;
      request.limit = 200;
      auto results = lexical->search(request);
      if (!results.ok()) continue;  // a saved query that no longer parses matches nothing
      for (const auto& hit : results->hits) {
        if (auto it = recent.find(hit.doc_id); it != recent.end()) {
          candidates.push_back({*it->second, fmt::format("Matches your search “{}”", search.query)});
        }
      }
    }
    if (auto st = add_section("alerts", "New for your saved searches", std::move(candidates)); !st.ok()) {
      return Error{st.message()};
    }
  }
  if (s.user_id != 0 && wants(s, "follows")) {
    auto follows = store_.preferences().follows(s.user_id);
    if (!follows.ok()) return follows.error();
    std::vector<DigestPaper> candidates;
    for (const auto& p : corpus.papers()) {
      for (const auto& f : *follows) {
        const auto& values = f.kind == Follow::Kind::kCategory ? p.paper.categories : p.paper.authors;
        if (std::find(values.begin(), values.end(), f.value) != values.end()) {
          ForYouItem item{p, 0, ForYouItem::Why::kFollowed, std::nullopt, f};
          candidates.push_back({p, why_text(item)});
          break;
        }
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const DigestPaper& a, const DigestPaper& b) {
      return a.stored.paper.total_upvotes() > b.stored.paper.total_upvotes();
    });
    if (auto st = add_section("follows", "From categories and authors you follow", std::move(candidates)); !st.ok()) {
      return Error{st.message()};
    }
  }
  if (wants(s, "trending")) {
    auto hot = trending_papers(store_, options_.trending, corpus.clock(), 0, options_.per_section * 4);
    if (!hot.ok()) return hot.error();
    std::vector<DigestPaper> candidates;
    for (auto& entry : *hot) candidates.push_back({std::move(entry.stored), ""});
    if (auto st = add_section("trending", "Trending", std::move(candidates)); !st.ok()) return Error{st.message()};
  }
  return sections;
}

Result<DigestRoundReport> DigestPlanner::queue_due(const RecentCorpus& corpus, LexicalIndex* lexical, int64_t now) {
  DigestRoundReport report;
  auto subscriptions = store_.mailing().active_subscriptions();
  if (!subscriptions.ok()) return subscriptions.error();
  for (Subscription& s : *subscriptions) {
    if (!options_.only_to.empty() && s.email != options_.only_to) continue;
    ++report.subscribers;
    const std::string period = digest_period(s, now, !options_.only_to.empty());
    if (period.empty() || period <= s.last_period) {
      ++report.not_due;
      continue;
    }
    auto sections = sections_for(s, corpus, lexical);
    if (!sections.ok()) return Error{fmt::format("{}: {}", s.email, sections.error().message)};
    std::vector<int64_t> ids;
    for (const auto& section : *sections)
      for (const auto& p : section.papers) ids.push_back(p.stored.doc_id);
    if (ids.empty() && !s.send_empty) {
      ++report.empty;
      if (!options_.dry_run) {
        if (auto st = store_.mailing().mark_period_done(s.id, period); !st.ok()) return Error{st.message()};
      }
      continue;
    }
    const MailMessage mail = digest_message(identity_, s.email, period, *sections,
                                            digest_links(s, signer_, identity_, now, options_.manage_link_seconds), now);
    const std::string composed = fmt::format("{}: {} ({} papers)", s.email, mail.subject, ids.size());
    if (options_.dry_run) {
      report.composed.push_back(composed);
      continue;
    }
    auto text = render_message(mail);
    if (!text.ok()) return Error{fmt::format("{}: {}", s.email, text.error().message)};
    OutboxMessage m;
    m.subscription_id = s.id;
    m.kind = "digest";
    m.period = period;
    m.recipient = s.email;
    m.message = std::move(*text);
    m.next_attempt = now;
    m.created = now;
    auto queued = store_.mailing().enqueue(m, ids);
    if (!queued.ok()) return Error{fmt::format("{}: {}", s.email, queued.error().message)};
    if (*queued) {
      report.composed.push_back(composed);
      ++report.queued;
      report.papers += static_cast<int64_t>(ids.size());
    }
  }
  return report;
}

}  // namespace paperboy
