#include "server/pages/admin_routes.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/request/api_request.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

using nlohmann::json;

// serve --admin addresses are admins already (identify).

std::string utc_time(int64_t t) {
  if (t == 0) return "never";
  return utc_text(t, "%Y-%m-%d %H:%M");
}

json report_json(const HarvestReport& r) {
  return {{"pages", r.pages},       {"records", r.records},     {"added", r.inserted},
          {"updated", r.updated},   {"unchanged", r.unchanged}, {"withdrawn", r.withdrawn},
          {"filtered", r.filtered}, {"problems", r.problems},   {"retries", r.retries}};
}

json status_json(const HarvestStatus& s) {
  json jobs = json::array();
  for (const auto& job : s.jobs) {
    jobs.push_back({{"job", job.name},
                    {"last_started", job.last_started},
                    {"last_finished", job.last_finished},
                    {"last_success", job.last_success},
                    {"last_error", job.last_error},
                    {"last_run", report_json(job.last_report)},
                    {"totals", report_json(job.totals)},
                    {"runs_ok", job.runs_ok},
                    {"runs_failed", job.runs_failed}});
  }
  return {{"jobs", jobs},
          {"running", s.running},
          {"next_run", s.next_run},
          {"index_updates", s.index_updates},
          {"index_error", s.index_error}};
}

constexpr size_t kListedThumbnailFailures = 20;

void add_thumbnail_summary(ctemplate::TemplateDictionary& dict, Store& store) {
  auto summary = store.thumbnails().thumbnail_summary(kListedThumbnailFailures);
  if (!summary.ok()) {
    dict.SetValueAndShowSection("THUMBNAILS_ERROR_TEXT", "the store did not answer; try again",
                                "THUMBNAILS_ERROR");
    return;
  }
  auto* section = dict.AddSectionDictionary("THUMBNAILS");
  section->SetIntValue("DRAWN", static_cast<long>(summary->drawn));
  section->SetIntValue("FAILING", static_cast<long>(summary->failing));
  if (!summary->failures.empty()) section->ShowSection("FAILURES");
  for (const auto& failure : summary->failures) {
    auto* row = section->AddSectionDictionary("FAILURE");
    row->SetValue("PAPER_ID", failure.paper_id);
    row->SetValue("PAPER_PATH", url_path(failure.paper_id));
    row->SetIntValue("VERSION", failure.version);
    row->SetIntValue("TRIES", failure.tries);
    row->SetValue("RETRY_AT", utc_time(failure.retry_at));
    row->SetValue("ERROR", failure.error);
  }
}

json thumbnails_json(Store& store) {
  auto summary = store.thumbnails().thumbnail_summary(kListedThumbnailFailures);
  if (!summary.ok()) return {{"error", "the store did not answer; try again"}};
  json failures = json::array();
  for (const auto& f : summary->failures) {
    failures.push_back({{"paper", f.paper_id},
                        {"version", f.version},
                        {"tries", f.tries},
                        {"retry_at", utc_time(f.retry_at)},
                        {"error", f.error}});
  }
  return {{"drawn", summary->drawn}, {"failing", summary->failing}, {"failures", failures}};
}

void harvest_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                  ServerResponse& res) {
  ctemplate::TemplateDictionary dict("admin");
  HarvestStatus s = hub.options.harvest ? hub.options.harvest->status() : HarvestStatus{};
  if (s.jobs.empty()) {
    dict.ShowSection("NO_SCHEDULE");
  } else {
    dict.ShowSection("SCHEDULE");
    dict.SetValue("NEXT_RUN", utc_time(s.next_run));
    dict.SetValue("CSRF", page.visitor.csrf);
    if (!s.running.empty()) dict.SetValueAndShowSection("RUNNING_JOB", s.running, "RUNNING");
    if (!s.index_error.empty())
      dict.SetValueAndShowSection("INDEX_ERROR_TEXT", s.index_error, "INDEX_ERROR");
    for (const auto& job : s.jobs) {
      auto* row = dict.AddSectionDictionary("JOB");
      row->SetValue("NAME", job.name);
      row->SetValue("LAST_RUN", utc_time(job.last_finished));
      if (job.last_finished == 0)
        row->ShowSection("NEVER");
      else if (job.last_error.empty())
        row->ShowSection("OK");
      else
        row->SetValueAndShowSection("ERROR", job.last_error, "FAILED");
      const HarvestReport& r = job.last_report;
      row->SetIntValue("RECORDS", static_cast<long>(r.records));
      row->SetIntValue("ADDED", static_cast<long>(r.inserted));
      row->SetIntValue("UPDATED", static_cast<long>(r.updated));
      row->SetIntValue("WITHDRAWN", static_cast<long>(r.withdrawn));
      row->SetIntValue("PROBLEMS", static_cast<long>(r.problems));
      row->SetIntValue("RUNS_OK", static_cast<long>(job.runs_ok));
      row->SetIntValue("RUNS_FAILED", static_cast<long>(job.runs_failed));
    }
  }
  add_thumbnail_summary(dict, page.store());
  send_page(hub, req, res, page.visitor, {.title = "Harvests"}, "admin_harvest.tpl", dict);
}

void harvest_json(HubContext& hub, ApiRequest& api, ServerResponse& res) {
  json body = {{"jobs", json::array()}, {"scheduled", false}};
  if (hub.options.harvest != nullptr) {
    body = status_json(hub.options.harvest->status());
    body["scheduled"] = true;
  }
  body["thumbnails"] = thumbnails_json(api.store());
  send_json(res, body);
}

void run_now(HubContext& hub, PageRequest& /*page*/, const ServerRequest& /*req*/,
             ServerResponse& res) {
  if (hub.options.harvest != nullptr) hub.options.harvest->run_now();
  redirect_local(res, "/admin/harvest");
}

json message_json(const OutboxMessage& m) {
  return {{"to", m.recipient},
          {"kind", m.kind},
          {"period", m.period},
          {"attempts", m.attempts},
          {"next_attempt", m.next_attempt},
          {"error", m.last_error},
          {"created", m.created}};
}

// What /admin/mail and /api/admin/mail show: the outbox from the store, the rounds from the
// scheduler (when this process runs one).
struct MailReport {
  OutboxCounts counts;
  int64_t subscribers = 0;
  std::vector<OutboxMessage> failed, retrying;
};

Result<MailReport> mail_report(Store& store) {
  MailReport report;
  auto counts = store.mailing().outbox_counts();
  if (!counts.ok()) return counts.error();
  report.counts = *counts;
  auto active = store.mailing().active_subscriptions();
  if (!active.ok()) return active.error();
  report.subscribers = static_cast<int64_t>(active->size());
  auto failed = store.mailing().recent_messages(OutboxMessage::Status::kFailed, 50);
  if (!failed.ok()) return failed.error();
  report.failed = std::move(*failed);
  auto queued = store.mailing().recent_messages(OutboxMessage::Status::kQueued, 200);
  if (!queued.ok()) return queued.error();
  for (auto& m : *queued)
    if (m.attempts > 0) report.retrying.push_back(std::move(m));
  return report;
}

void mail_page(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  auto report = mail_report(page.store());
  if (!report.ok()) return send_store_error_page(hub, req, res, page.visitor, report.error());
  ctemplate::TemplateDictionary dict("admin");
  if (!hub.options.mail_on()) dict.ShowSection("NO_MAIL");
  dict.SetIntValue("QUEUED", static_cast<long>(report->counts.queued));
  dict.SetIntValue("SENT", static_cast<long>(report->counts.sent));
  dict.SetIntValue("FAILED", static_cast<long>(report->counts.failed));
  dict.SetIntValue("SUBSCRIBERS", static_cast<long>(report->subscribers));
  if (hub.options.mail != nullptr) {
    const MailStatus s = hub.options.mail->status();
    auto* round = dict.AddSectionDictionary("ROUND");
    round->SetValue("LAST_PLAN", utc_time(s.last_plan));
    round->SetValue("LAST_SEND", utc_time(s.last_send));
    round->SetIntValue("ROUND_QUEUED", static_cast<long>(s.last_round.queued));
    round->SetIntValue("ROUND_EMPTY", static_cast<long>(s.last_round.empty));
    round->SetIntValue("ROUND_NOT_DUE", static_cast<long>(s.last_round.not_due));
    round->SetIntValue("SENT_TOTAL", static_cast<long>(s.sent.sent));
    round->SetIntValue("RETRIED_TOTAL", static_cast<long>(s.sent.retried));
    round->SetIntValue("FAILED_TOTAL", static_cast<long>(s.sent.failed));
    if (!s.last_error.empty())
      dict.SetValueAndShowSection("LAST_ERROR_TEXT", s.last_error, "LAST_ERROR");
  }
  auto rows = [&](const char* table, const char* row_name,
                  const std::vector<OutboxMessage>& messages) {
    if (messages.empty()) return;
    dict.ShowSection(table);
    for (const auto& m : messages) {
      auto* row = dict.AddSectionDictionary(row_name);
      row->SetValue("TO", m.recipient);
      row->SetValue("KIND", m.kind);
      row->SetValue("PERIOD", m.period);
      row->SetIntValue("ATTEMPTS", m.attempts);
      row->SetValue("NEXT", utc_time(m.next_attempt));
      row->SetValue("ERROR", m.last_error);
    }
  };
  rows("FAILURES", "FAILURE", report->failed);
  rows("RETRIES", "RETRY", report->retrying);
  send_page(hub, req, res, page.visitor, {.title = "Mail"}, "admin_mail.tpl", dict);
}

void mail_json(HubContext& hub, ApiRequest& api, ServerResponse& res) {
  auto report = mail_report(api.store());
  if (!report.ok()) return send_store_error(res, report.error());
  json failed = json::array(), retrying = json::array();
  for (const auto& m : report->failed) failed.push_back(message_json(m));
  for (const auto& m : report->retrying) retrying.push_back(message_json(m));
  json body = {{"enabled", hub.options.mail_on()},
               {"outbox",
                {{"queued", report->counts.queued},
                 {"sent", report->counts.sent},
                 {"failed", report->counts.failed}}},
               {"subscribers", report->subscribers},
               {"failed", failed},
               {"retrying", retrying}};
  if (hub.options.mail != nullptr) {
    const MailStatus s = hub.options.mail->status();
    body["last_plan"] = s.last_plan;
    body["last_send"] = s.last_send;
    body["last_round"] = {{"queued", s.last_round.queued},
                          {"empty", s.last_round.empty},
                          {"not_due", s.last_round.not_due},
                          {"papers", s.last_round.papers}};
    body["this_process"] = {{"sent", s.sent.sent},
                            {"retried", s.sent.retried},
                            {"failed", s.sent.failed},
                            {"digests_queued", s.digests_queued}};
    body["last_error"] = s.last_error;
  }
  send_json(res, body);
}

}  // namespace

void add_admin_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  routes.get("/admin/harvest", admitted(hub, page_for(Audience::kAdmin), harvest_page));
  routes.get("/api/admin/harvest", admitted(hub, api_for(Audience::kAdmin),
                                            [&hub](ApiRequest& api, Req /*req*/, Res res) {
                                              harvest_json(hub, api, res);
                                            }));
  routes.get("/admin/mail", admitted(hub, page_for(Audience::kAdmin), mail_page));
  routes.get("/api/admin/mail",
             admitted(hub, api_for(Audience::kAdmin),
                      [&hub](ApiRequest& api, Req /*req*/, Res res) { mail_json(hub, api, res); }));
  // Any admin's form counts against the general write limit.
  routes.post("/admin/harvest/run",
              admitted(hub, PageNeeds{.audience = Audience::kAdmin, .action = "harvest"}, run_now));
}

}  // namespace paperboy
