#include "server/admin_routes.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/page_helpers.h"
#include "server/route_helpers.h"

namespace paperboy {
namespace {

using nlohmann::json;

bool is_admin(const HubContext& hub, const Visitor& visitor) {
  return visitor.user && std::find(hub.options.admins.begin(), hub.options.admins.end(), visitor.user->email) !=
                             hub.options.admins.end();
}

std::string utc_time(int64_t t) {
  if (t == 0) return "never";
  std::time_t time = t;
  std::tm tm{};
  gmtime_r(&time, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
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
  return {{"jobs", jobs}, {"running", s.running}, {"next_run", s.next_run}, {"index_updates", s.index_updates},
          {"index_error", s.index_error}};
}

// Sends the refusal and returns false unless the visitor is an admin.
bool admit(HubContext& hub, const httplib::Request& req, httplib::Response& res, PageRequest& page) {
  if (!begin_page(hub, req, res, page)) return false;
  if (!page.visitor.user) {
    redirect_local(res, "/signin?next=" + req.path);
    return false;
  }
  if (!is_admin(hub, page.visitor)) {
    send_message_page(hub, req, res, page.visitor, 403, "Admins only",
                      "This page is for the addresses the server was started with (--admin).");
    return false;
  }
  return true;
}

void harvest_page(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!admit(hub, req, res, page)) return;
  ctemplate::TemplateDictionary dict("admin");
  HarvestStatus s = hub.options.harvest ? hub.options.harvest->status() : HarvestStatus{};
  if (s.jobs.empty()) {
    dict.ShowSection("NO_SCHEDULE");
  } else {
    dict.ShowSection("SCHEDULE");
    dict.SetValue("NEXT_RUN", utc_time(s.next_run));
    dict.SetValue("CSRF", page.visitor.csrf);
    if (!s.running.empty()) dict.SetValueAndShowSection("RUNNING_JOB", s.running, "RUNNING");
    if (!s.index_error.empty()) dict.SetValueAndShowSection("INDEX_ERROR_TEXT", s.index_error, "INDEX_ERROR");
    for (const auto& job : s.jobs) {
      auto* row = dict.AddSectionDictionary("JOB");
      row->SetValue("NAME", job.name);
      row->SetValue("LAST_RUN", utc_time(job.last_finished));
      if (job.last_finished == 0) row->ShowSection("NEVER");
      else if (job.last_error.empty()) row->ShowSection("OK");
      else row->SetValueAndShowSection("ERROR", job.last_error, "FAILED");
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
  send_page(hub, req, res, page.visitor, {.title = "Harvests"}, "admin_harvest.tpl", dict);
}

void harvest_json(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!begin_page(hub, req, res, page)) return;
  if (!page.visitor.user) return send_error(res, 401, "not authenticated", "sign in, or send 'Authorization: Bearer TOKEN'");
  if (!is_admin(hub, page.visitor)) return send_error(res, 403, "forbidden", "admins only (serve --admin EMAIL)");
  if (hub.options.harvest == nullptr) return send_json(res, {{"jobs", json::array()}, {"scheduled", false}});
  json body = status_json(hub.options.harvest->status());
  body["scheduled"] = true;
  send_json(res, body);
}

void run_now(HubContext& hub, const httplib::Request& req, httplib::Response& res) {
  PageRequest page;
  if (!admit(hub, req, res, page)) return;
  if (!check_form_post(hub, req, res, page, "harvest", nullptr, "")) return;
  if (hub.options.harvest != nullptr) hub.options.harvest->run_now();
  redirect_local(res, "/admin/harvest");
}

}  // namespace

void add_admin_routes(const Routes& routes, HubContext& hub) {
  routes.get("/admin/harvest", "/admin/harvest",
             [&hub](const httplib::Request& req, httplib::Response& res) { harvest_page(hub, req, res); });
  routes.get("/api/admin/harvest", "/api/admin/harvest",
             [&hub](const httplib::Request& req, httplib::Response& res) { harvest_json(hub, req, res); });
  routes.post("/admin/harvest/run", "/admin/harvest/run",
              [&hub](const httplib::Request& req, httplib::Response& res) { run_now(hub, req, res); });
}

}  // namespace paperboy
