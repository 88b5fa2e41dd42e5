#include "server/pages/subscription_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "mail/digest_planner.h"
#include "mail/mail_address.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"

namespace paperboy {
namespace {

struct SectionChoice {
  const char* key;
  const char* label;
};
constexpr std::array<SectionChoice, 5> kSections = {
    {{"trending", "Trending papers"},
     {"for-you", "Papers for you (from your library and votes)"},
     {"alerts", "New matches of your saved searches with “alert me”"},
     {"follows", "New papers in categories, by authors and of organisations you follow"},
     {"replies", "New comments in discussions you follow or took part in"}}};

bool mail_enabled(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                  const Visitor& visitor) {
  if (hub.options.mail_on()) return true;
  send_message_page(hub, req, res, visitor, 503, "Mail is not set up",
                    "This server was started without mail, so it cannot send digests.");
  return false;
}

// The subscription a link's token names; sends the error page and returns nullopt when the
// token is forged, expired or names no subscription.
std::optional<Subscription> from_token(HubContext& hub, const ServerRequest& req,
                                       ServerResponse& res, PageRequest& page,
                                       LinkPurpose purpose) {
  auto id = hub.options.links->verify(req.get_param_value("token"), purpose, hub.now());
  if (!id.ok()) {
    send_message_page(hub, req, res, page.visitor, 403, "This link does not work",
                      "Refused: " + id.error().message +
                          ". Use the newest mail's link, or subscribe again from the front page.");
    return std::nullopt;
  }
  auto subscription = page.store().mailing().subscription(*id);
  if (!subscription.ok()) {
    send_store_error_page(hub, req, res, page.visitor, subscription.error());
    return std::nullopt;
  }
  if (!subscription->has_value()) {
    send_message_page(hub, req, res, page.visitor, 404, "No such subscription",
                      "It may have been deleted.");
    return std::nullopt;
  }
  return **subscription;
}

std::string manage_token(HubContext& hub, const Subscription& s) {
  return hub.options.links->sign(LinkPurpose::kManage, s.id,
                                 hub.now() + hub.options.digest.manage_link_seconds);
}

void subscribe(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res) {
  if (!mail_enabled(hub, req, res, page.visitor)) return;
  auto address = parse_mail_address(req.get_param_value("email"));
  if (!address.ok()) {
    return send_message_page(hub, req, res, page.visitor, 400, "Could not subscribe",
                             address.error().message + ".");
  }
  Mailing& mailing = page.store().mailing();
  auto existing = mailing.subscription_by_email(*address);
  if (!existing.ok()) return send_store_error_page(hub, req, res, page.visitor, existing.error());
  if (!existing->has_value()) {
    // A script may post many addresses from many clients: new subscriptions site-wide are capped.
    auto recent = mailing.subscriptions_created_since(hub.now() - 3600);
    if (!recent.ok()) return send_store_error_page(hub, req, res, page.visitor, recent.error());
    if (*recent >= hub.options.new_subscriptions_per_hour) {
      return send_message_page(
          hub, req, res, page.visitor, 429, "Too many subscriptions",
          "This server has taken as many new subscriptions as it will this hour. Try again later.");
    }
  }
  // An account is linked only to its own address: its recommendations go nowhere else.
  const int64_t user_id =
      page.visitor.user && page.visitor.user->email == *address ? page.visitor.user->id : 0;
  auto subscription = mailing.subscribe(*address, user_id, hub.now());
  if (!subscription.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, subscription.error());
  }
  // A confirmation goes out for a pending subscription, at most a few a day to one address, so
  // the form cannot be used to flood someone's inbox.
  if (subscription->status == Subscription::Status::kPending &&
      allow_rate(page.store().community(), "confirm-mail", *address,
                 hub.options.limits.confirm_mail, static_cast<double>(hub.now()))) {
    auto queued =
        queue_confirmation(mailing, *subscription, *hub.options.links, hub.options.mail_identity,
                           hub.now(), hub.options.digest.confirm_link_seconds);
    if (!queued.ok()) return send_store_error_page(hub, req, res, page.visitor, queued.error());
    if (hub.options.mail != nullptr) hub.options.mail->wake();
  }
  // The same answer whatever the address's state, so the form does not tell who subscribed.
  send_message_page(
      hub, req, res, page.visitor, 200, "Check your inbox",
      fmt::format("If {} is not subscribed yet, a mail with a link to confirm is on its way. The "
                  "digest starts once you click it.",
                  *address));
}

void confirm_page(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                  bool confirming) {
  if (!mail_enabled(hub, req, res, page.visitor)) return;
  auto subscription = from_token(hub, req, res, page, LinkPurpose::kConfirm);
  if (!subscription) return;
  if (subscription->status == Subscription::Status::kUnsubscribed) {
    return send_message_page(
        hub, req, res, page.visitor, 410, "Unsubscribed",
        "This address unsubscribed after the link was sent. Subscribe again from the front page.");
  }
  // Opening the link only shows a button: mail scanners that fetch every link must not
  // subscribe anyone.
  if (!confirming && subscription->status == Subscription::Status::kPending) {
    FormPage form{.heading = "Confirm your subscription",
                  .intro = fmt::format("Send the paperboy digest to {}?", subscription->email),
                  .action = "/subscribe/confirm?token=" + req.get_param_value("token"),
                  .submit_label = "Yes, subscribe"};
    return send_form(hub, req, res, page.visitor, 200, form);
  }
  if (subscription->status == Subscription::Status::kPending) {
    subscription->status = Subscription::Status::kActive;
    subscription->confirmed = hub.now();
    subscription->changed = hub.now();
    if (auto s = page.store().mailing().update_subscription(*subscription); !s.ok()) {
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    }
  }
  redirect_local(res, "/subscription?token=" + manage_token(hub, *subscription) + "&confirmed=1");
}

void unsubscribe(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                 bool one_click) {
  if (!mail_enabled(hub, req, res, page.visitor)) return;
  auto subscription = from_token(hub, req, res, page, LinkPurpose::kManage);
  if (!subscription) return;
  if (!one_click && subscription->status != Subscription::Status::kUnsubscribed) {
    FormPage form{.heading = "Unsubscribe",
                  .intro = fmt::format("Stop the paperboy digest to {}?", subscription->email),
                  .action = "/unsubscribe?token=" + req.get_param_value("token"),
                  .submit_label = "Unsubscribe"};
    return send_form(hub, req, res, page.visitor, 200, form);
  }
  if (subscription->status != Subscription::Status::kUnsubscribed) {
    subscription->status = Subscription::Status::kUnsubscribed;
    subscription->changed = hub.now();
    if (auto s = page.store().mailing().update_subscription(*subscription); !s.ok()) {
      return send_store_error_page(hub, req, res, page.visitor, s.error());
    }
  }
  send_message_page(hub, req, res, page.visitor, 200, "Unsubscribed",
                    fmt::format("No more digests will be sent to {}.", subscription->email));
}

std::string offset_label(int minutes) {
  const int magnitude = std::abs(minutes);
  return fmt::format("UTC{}{:02}:{:02}", minutes < 0 ? "−" : "+", magnitude / 60, magnitude % 60);
}

void preferences_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                      PageRequest& page, const Subscription& s, int status,
                      const std::string& error, const std::string& notice) {
  ctemplate::TemplateDictionary dict("subscription");
  dict.SetValue("EMAIL", s.email);
  dict.SetValue("TOKEN", req.get_param_value("token"));
  dict.ShowSection(s.user_id != 0 ? "ACCOUNT" : "NO_ACCOUNT");
  if (!error.empty()) dict.SetValueAndShowSection("ERROR_TEXT", error, "ERROR");
  if (!notice.empty()) dict.SetValueAndShowSection("NOTICE_TEXT", notice, "NOTICE");
  dict.ShowSection(s.weekly ? "WEEKLY" : "DAILY");
  for (int hour = 0; hour < 24; ++hour) {
    auto* option = dict.AddSectionDictionary("HOUR");
    option->SetIntValue("HOUR_VALUE", hour);
    option->SetValue("HOUR_LABEL", fmt::format("{:02}:00", hour));
    if (hour == s.send_hour) option->ShowSection("HOUR_SELECTED");
  }
  for (int minutes = -12 * 60; minutes <= 14 * 60; minutes += 30) {
    auto* option = dict.AddSectionDictionary("OFFSET");
    option->SetIntValue("OFFSET_VALUE", minutes);
    option->SetValue("OFFSET_LABEL", offset_label(minutes));
    if (minutes == s.utc_offset_minutes) option->ShowSection("OFFSET_SELECTED");
  }
  for (const auto& choice : kSections) {
    auto* section = dict.AddSectionDictionary("SECTION");
    section->SetValue("SECTION_KEY", choice.key);
    section->SetValue("SECTION_LABEL", choice.label);
    if (std::find(s.sections.begin(), s.sections.end(), choice.key) != s.sections.end())
      section->ShowSection("SECTION_ON");
  }
  if (s.send_empty) dict.ShowSection("SEND_EMPTY");
  res.status = status;
  send_page(hub, req, res, page.visitor, {.title = "Your digest"}, "subscription.tpl", dict);
}

// Reads the form into `s`; what is wrong, or "".
std::string read_preferences(const ServerRequest& req, Subscription& s) {
  const std::string frequency = req.get_param_value("frequency");
  if (frequency != "daily" && frequency != "weekly") return "choose daily or weekly";
  s.weekly = frequency == "weekly";
  auto read_int = [&](const char* name, int low, int high, int& out) {
    const std::string text = req.get_param_value(name);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
      return false;
    out = value;
    return true;
  };
  if (!read_int("hour", 0, 23, s.send_hour))
    return "the send hour must be a whole number from 0 to 23";
  if (!read_int("utc_offset", -12 * 60, 14 * 60, s.utc_offset_minutes)) {
    return "the time zone must be an offset in minutes from −720 to +840";
  }
  std::vector<std::string> sections;
  for (size_t i = 0, n = req.get_param_value_count("section"); i < n; ++i) {
    std::string key = req.get_param_value("section", i);
    bool known = std::any_of(std::begin(kSections), std::end(kSections),
                             [&](const auto& c) { return key == c.key; });
    if (!known) return "'" + key + "' is not a digest section";
    if (std::find(sections.begin(), sections.end(), key) == sections.end()) sections.push_back(key);
  }
  if (sections.empty()) return "choose at least one thing to put in the digest (or unsubscribe)";
  s.sections = std::move(sections);
  s.send_empty = req.get_param_value("send_empty") == "1";
  return "";
}

void preferences(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                 bool saving) {
  if (!mail_enabled(hub, req, res, page.visitor)) return;
  auto subscription = from_token(hub, req, res, page, LinkPurpose::kManage);
  if (!subscription) return;
  if (!saving) {
    const bool confirmed = req.get_param_value("confirmed") == "1";
    return preferences_page(
        hub, req, res, page, *subscription, 200, "",
        confirmed ? "You are subscribed. Choose what your digest carries and when." : "");
  }
  if (subscription->status == Subscription::Status::kUnsubscribed) {
    return preferences_page(
        hub, req, res, page, *subscription, 409,
        "This address is unsubscribed; subscribe again from the front page first.", "");
  }
  Subscription changed = *subscription;
  if (std::string problem = read_preferences(req, changed); !problem.empty()) {
    return preferences_page(hub, req, res, page, *subscription, 400,
                            "Nothing was changed: " + problem + ".", "");
  }
  changed.changed = hub.now();
  if (auto s = page.store().mailing().update_subscription(changed); !s.ok()) {
    return send_store_error_page(hub, req, res, page.visitor, s.error());
  }
  preferences_page(hub, req, res, page, changed, 200, "", "Saved.");
}

}  // namespace

void add_subscription_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  // Counted per client address: whoever subscribes, the form names someone's mailbox.
  routes.post("/subscribe", admitted(hub,
                                     PageNeeds{.action = "subscribe",
                                               .limit = &hub.options.limits.subscribe,
                                               .per_client = true},
                                     subscribe));
  // The rest are signed-link pages: the link's token is the credential, so their forms carry
  // no CSRF token (a mail client's one-click POST has no cookies either).
  auto signed_link = [&hub](void (*page_of)(HubContext&, PageRequest&, Req, Res, bool),
                            bool posted) {
    return admitted(hub, page_read(),
                    [page_of, posted](HubContext& hub, PageRequest& page, Req req, Res res) {
                      page_of(hub, page, req, res, posted);
                    });
  };
  routes.get("/subscribe/confirm", signed_link(confirm_page, false));
  routes.post("/subscribe/confirm", signed_link(confirm_page, true));
  routes.get("/unsubscribe", signed_link(unsubscribe, false));
  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe URL,
  // with no cookies; the token alone decides.
  routes.post("/unsubscribe", signed_link(unsubscribe, true));
  routes.get("/subscription", signed_link(preferences, false));
  routes.post("/subscription", signed_link(preferences, true));
}

}  // namespace paperboy
