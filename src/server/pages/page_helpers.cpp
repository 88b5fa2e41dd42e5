#include "server/pages/page_helpers.h"

#include <fmt/format.h>

#include <algorithm>

#include "index/lexical_index.h"
#include "server/formats/atom_feed.h"
#include "server/formats/tex_html.h"
#include "server/http/error_answer.h"
#include "server/http/same_site.h"

namespace paperboy {

void redirect_local(ServerResponse& res, const std::string& path) {
  res.status = 303;
  res.add_header("Location", same_site_target(path).value_or("/"));
}

namespace {

// After "Not interested" (?hidden=ID): what was hidden, and a button to take it back. Only for
// the reader who hid it, and only while it is hidden.
void add_hidden_notice(HubContext& hub, const ServerRequest& req, const Visitor& visitor,
                       ctemplate::TemplateDictionary& layout) {
  if (!visitor.user || !req.has_param("hidden")) return;
  auto readers = hub.readers.lease();
  if (!readers.ok()) return;
  auto stored = readers->store().get(req.get_param_value("hidden"));
  if (!stored.ok() || !stored->has_value()) return;
  auto hidden = readers->store().preferences().not_interested(visitor.user->id);
  if (!hidden.ok() || std::find(hidden->begin(), hidden->end(), (**stored).doc_id) == hidden->end())
    return;
  auto* notice = layout.AddSectionDictionary("HIDDEN_NOTICE");
  notice->SetValue("HIDDEN_TITLE", (**stored).paper.title);
  notice->SetValue("HIDDEN_ID_PATH", url_path((**stored).paper.id));
  notice->SetValue("CSRF", visitor.csrf);
}

}  // namespace

void send_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, const PageFrame& frame, const std::string& body) {
  ctemplate::TemplateDictionary layout("layout");
  layout.SetValue("TITLE", frame.title);
  layout.SetValue("QUERY", frame.query);
  layout.SetValue("CSRF", visitor.csrf);
  layout.SetValue("BODY", body);
  if (has_math(body)) layout.ShowSection("KATEX");  // 272 KB of KaTeX only where there is math
  add_hidden_notice(hub, req, visitor, layout);
  // A page answering a POST is a refused form shown again with what was typed; the script
  // makes its history entry the page the form was on, so that a reload does not post again.
  if (req.method == "POST") layout.ShowSection("POSTED");
  if (!frame.feed_url.empty()) {
    auto* feed = layout.AddSectionDictionary("FEED");
    feed->SetValue("FEED_URL", frame.feed_url);
    feed->SetValue("FEED_TITLE", frame.feed_title);
  }
  if (visitor.user) {
    layout.ShowSection("SIGNED_IN");
    layout.SetValue("USER_NAME", visitor.user->name);
    if (visitor.user->may_moderate()) layout.ShowSection("MODERATOR");
  } else if (visitor.suspended) {
    layout.ShowSection("SUSPENDED");
    layout.SetValue("SUSPENDED_TEXT", kSuspendedText);
  } else {
    layout.ShowSection("ANONYMOUS");
  }
  if (visitor.csrf_is_new)
    set_cookie(req, res, kCsrfCookie, visitor.csrf, kSessionSeconds, hub.options.secure_cookies);
  // Pages differ per visitor (vote buttons, CSRF tokens): shared caches must not keep them.
  res.add_header("Cache-Control", "private, no-cache");
  res.add_header("X-Content-Type-Options", "nosniff");
  res.add_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                 "frame-ancestors 'none'");
  res.set_content(hub.pages.render("layout.tpl", layout), "text/html; charset=utf-8");
}

void send_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, const PageFrame& frame, const std::string& template_name,
               const ctemplate::TemplateDictionary& dict) {
  send_page(hub, req, res, visitor, frame, hub.pages.render(template_name, dict));
}

std::string as_sentence(std::string text, bool full_stop) {
  if (text.empty()) return text;
  const auto first = static_cast<unsigned char>(text.front());
  if (std::islower(first) != 0) text.front() = static_cast<char>(std::toupper(first));
  const auto last = static_cast<unsigned char>(text.back());
  if (full_stop && (std::isalnum(last) != 0 || last == ')' || last == '\'' || last == '"'))
    text += '.';
  return text;
}

void send_message_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                       const Visitor& visitor, int status, const std::string& heading,
                       const std::string& text, const std::string& back_url,
                       const std::string& back_label) {
  ctemplate::TemplateDictionary dict("message");
  dict.SetValue("HEADING", as_sentence(heading, false));
  dict.SetValue("TEXT", as_sentence(text));
  auto* back = dict.AddSectionDictionary("BACK");
  back->SetValue("BACK_URL", back_url.empty() ? "/" : back_url);
  back->SetValue("BACK_LABEL", back_url.empty() ? "Back to today's papers" : back_label);
  res.status = status;
  send_page(hub, req, res, visitor, {as_sentence(heading, false)}, "message.tpl", dict);
}

void send_store_error_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                           const Visitor& visitor, const Error& error) {
  std::string heading = error_title(error.code);
  heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
  send_message_page(hub, req, res, visitor, http_status(error.code), heading, client_detail(error));
}

bool alerts_reach_reader(HubContext& hub, PageRequest& page, ctemplate::TemplateDictionary& dict) {
  if (!hub.options.mail_on() || !page.visitor.user) return false;
  const User& user = *page.visitor.user;
  auto found = page.store().mailing().subscription_by_email(user.email);
  const bool reached = found.ok() && found->has_value() && (**found).user_id == user.id &&
                       (**found).status == Subscription::Status::kActive &&
                       std::find((**found).sections.begin(), (**found).sections.end(), "alerts") !=
                           (**found).sections.end();
  if (!reached) {
    auto* offer = dict.AddSectionDictionary("MAIL_OFFER");
    offer->SetValue("OFFER_EMAIL", user.email);
    offer->SetValue("CSRF", page.visitor.csrf);
    const bool pending =
        found.ok() && found->has_value() && (**found).status == Subscription::Status::kPending;
    offer->ShowSection(pending ? "OFFER_PENDING" : "OFFER_NEW");
  }
  return reached;
}

void send_form(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, int status, const FormPage& form,
               const std::function<void(ctemplate::TemplateDictionary&)>& extra) {
  ctemplate::TemplateDictionary dict("form");
  dict.SetValue("HEADING", form.heading);
  dict.SetValue("ACTION", form.action);
  dict.SetValue("SUBMIT_LABEL", form.submit_label);
  dict.SetValue("CSRF", visitor.csrf);
  if (!form.intro.empty()) dict.SetValueAndShowSection("INTRO_TEXT", form.intro, "INTRO");
  if (!form.error.empty()) dict.SetValueAndShowSection("ERROR_TEXT", form.error, "ERROR");
  if (!form.notice.empty()) dict.SetValueAndShowSection("NOTICE_TEXT", form.notice, "NOTICE");
  if (!form.secret.empty()) dict.SetValueAndShowSection("SECRET_TEXT", form.secret, "SECRET");
  if (!form.next.empty()) dict.SetValueAndShowSection("NEXT_PATH", form.next, "NEXT");
  if (!form.vote.empty()) dict.SetValueAndShowSection("VOTE_ID", form.vote, "VOTE");
  for (const auto& field : form.fields) {
    auto* f = dict.AddSectionDictionary("FIELD");
    f->SetValue("FIELD_NAME", field.name);
    f->SetValue("FIELD_LABEL", field.label);
    f->SetValue("FIELD_TYPE", field.type);
    f->SetValue("FIELD_VALUE", field.value);
    f->SetValue("FIELD_AUTOCOMPLETE", field.autocomplete);
  }
  if (!form.footnote.empty()) {
    auto* note = dict.AddSectionDictionary("FOOTNOTE");
    note->SetValue("FOOTNOTE_TEXT", form.footnote);
    note->SetValue("FOOTNOTE_LINK", form.footnote_link);
    note->SetValue("FOOTNOTE_URL", form.footnote_url);
  }
  if (extra) extra(dict);
  res.status = status;
  send_page(hub, req, res, visitor, {form.heading}, "form.tpl", dict);
}

void add_follow_button(ctemplate::TemplateDictionary& parent, const Visitor& visitor,
                       const std::vector<Follow>& follows, Follow::Kind kind,
                       const std::string& value) {
  if (!visitor.user) return;
  const bool following = std::any_of(follows.begin(), follows.end(), [&](const Follow& f) {
    return f.kind == kind && f.value == value;
  });
  auto* button = parent.AddSectionDictionary("FOLLOW");
  button->SetValue("CSRF", visitor.csrf);
  button->SetValue("FOLLOW_KIND", std::string(follow_kind_name(kind)));
  button->SetValue("FOLLOW_VALUE", value);
  button->SetValue("FOLLOW_ON", following ? "0" : "1");
  button->SetValue("FOLLOW_LABEL", following ? "Unfollow" : "Follow");
}

void add_tag_nav(ctemplate::TemplateDictionary& dict, const std::string& base,
                 const std::vector<std::string>& tags, const std::string& current) {
  if (tags.empty()) return;
  dict.ShowSection("TAGS");
  dict.SetValue("TAG_BASE", base);
  if (current.empty()) dict.ShowSection("ALL_CURRENT");
  for (const auto& t : tags) {
    auto* item = dict.AddSectionDictionary("TAG");
    item->SetValue("TAG_NAME", t);
    item->SetValue("TAG_PARAM", url_query(t));
    if (t == current) item->ShowSection("TAG_CURRENT");
  }
}

bool add_collection_list(ctemplate::TemplateDictionary& dict, PageRequest& page,
                         const CollectionOwner& owner, bool with_private) {
  auto collections = page.store().collections().collections_of(owner, with_private);
  if (!collections.ok()) return false;
  if (!collections->empty()) dict.ShowSection("COLLECTIONS");
  for (const auto& c : *collections) {
    auto* item = dict.AddSectionDictionary("COLLECTION");
    item->SetIntValue("COLLECTION_ID", static_cast<long>(c.id));
    item->SetValue("COLLECTION_TITLE", c.title);
    item->SetValue("COLLECTION_COUNT", fmt::format("{} paper{}", c.items, c.items == 1 ? "" : "s"));
    if (c.is_private) item->ShowSection("PRIVATE");
  }
  return true;
}

std::vector<Follow> visitor_follows(PageRequest& page) {
  if (!page.visitor.user) return {};
  auto follows = page.store().preferences().follows(page.visitor.user->id);
  return follows.ok() ? std::move(*follows) : std::vector<Follow>{};
}

std::string with_notice_param(const std::string& path, std::string_view name,
                              const std::string& value, std::string_view fragment) {
  std::string base = path;
  if (auto hash = base.find('#'); hash != std::string::npos) base.erase(hash);
  std::string query;
  if (auto question = base.find('?'); question != std::string::npos) {
    query = base.substr(question + 1);
    base.erase(question);
  }
  const std::string prefix = std::string(name) + "=";
  std::string kept;
  for (size_t start = 0; start < query.size();) {
    size_t end = std::min(query.find('&', start), query.size());
    std::string_view param(query.data() + start, end - start);
    if (!param.empty() && !param.starts_with(prefix))
      kept += (kept.empty() ? "" : "&") + std::string(param);
    start = end + 1;
  }
  if (value.empty()) return base + (kept.empty() ? "" : "?" + kept);
  kept += (kept.empty() ? "" : "&") + prefix + url_query(value);
  return base + "?" + kept + std::string(fragment);
}

std::string with_hidden_notice(const std::string& path, const std::string& id) {
  return with_notice_param(path, "hidden", id, "#notice");
}

std::string result_count_text(int64_t total, int64_t exact_up_to) {
  if (total <= 0) return "No results";
  if (total == 1) return "1 result";
  std::string digits = std::to_string(total), grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return (total > exact_up_to ? "About " : "") + grouped + " results";
}

std::string nearest_count_text(int64_t ranked) {
  if (ranked <= 0) return "No paper near in meaning";
  if (ranked == 1) return "The 1 paper nearest in meaning";
  return "The " + std::to_string(ranked) + " papers nearest in meaning";
}

std::string beyond_result_window(size_t offset) {
  return fmt::format(
      "search results stop at the first {}: this page starts at result {}; narrow the query "
      "or add filters (cat:, from:, author:) to see more",
      kMaxResultWindow, offset + 1);
}

size_t page_number(const ServerRequest& req) {
  if (!req.has_param("p")) return 0;
  try {
    return std::min<size_t>(std::stoul(req.get_param_value("p")), 10'000);
  } catch (const std::exception&) {
    return 0;  // a hand-edited page number is not worth an error page
  }
}

std::optional<StoredPaper> paper_for_form(HubContext& hub, const ServerRequest& req,
                                          ServerResponse& res, PageRequest& page,
                                          const std::string& id_text) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) {
    send_message_page(hub, req, res, page.visitor, 400, "Not a paper id", key.error().message);
    return std::nullopt;
  }
  auto found = page.store().get(key->id);
  if (!found.ok()) {
    send_store_error_page(hub, req, res, page.visitor, found.error());
    return std::nullopt;
  }
  if (!found->has_value()) {
    send_message_page(hub, req, res, page.visitor, 404, "Paper not found",
                      "There is no paper " + key->id + ".");
    return std::nullopt;
  }
  return std::move(**found);
}

}  // namespace paperboy
