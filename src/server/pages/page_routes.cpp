#include "server/pages/page_routes.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <unordered_set>

#include "server/formats/citation_formats.h"
#include "server/formats/tex_html.h"
#include "server/pages/author_page.h"
#include "server/pages/card_view.h"
#include "server/pages/page_admission.h"
#include "server/pages/page_helpers.h"
#include "server/pages/paper_extras_view.h"
#include "server/pages/search_page.h"
#include "server/request/route_helpers.h"
#include "server/rules/community_actions.h"
#include "server/rules/link_actions.h"

namespace paperboy {
namespace {

constexpr size_t kPageSize = 50;

enum class View { kDay, kWeek, kMonth };

std::string iso_week_label(const Date& day) {
  Date thursday = add_days(day, 4 - iso_weekday(day));
  int64_t week = (days_since_epoch(thursday) - days_since_epoch(Date{thursday.year, 1, 1})) / 7 + 1;
  return fmt::format("{}-W{:02}", thursday.year, week);
}
std::string month_label(const Date& day) { return fmt::format("{}-{:02}", day.year, day.month); }

std::string view_url(View view, const Date& day) {
  switch (view) {
    case View::kDay:
      return "/papers/date/" + day.str();
    case View::kWeek:
      return "/papers/week/" + iso_week_label(day);
    case View::kMonth:
      return "/papers/month/" + month_label(day);
  }
  return "/";
}

// The day, week or month views of the daily list, by votes (the default) or newest first.
void daily_page(HubContext& hub, PageRequest& page, const ServerRequest& req, ServerResponse& res,
                View view, std::optional<DateRange> asked) {
  auto latest = page.store().latest_hub_day();
  if (!latest.ok()) return send_store_error_page(hub, req, res, page.visitor, latest.error());
  DateRange days = asked ? *asked : DateRange{*latest, *latest};
  bool by_time = req.get_param_value("sort") == "time";
  size_t page_no = page_number(req);
  HubListing listing;
  listing.days = days;
  listing.order = by_time ? HubListing::Order::kNewestFirst : HubListing::Order::kMostUpvoted;
  listing.offset = page_no * kPageSize;
  listing.limit = kPageSize + 1;
  std::vector<StoredPaper> papers;
  if (!days.first.empty()) {
    auto listed = page.store().list_hub_days(listing);
    if (!listed.ok()) return send_store_error_page(hub, req, res, page.visitor, listed.error());
    papers = std::move(listed).value();
  }
  bool more = papers.size() > kPageSize;
  if (more) papers.pop_back();

  std::string span = view == View::kDay    ? days.first.str()
                     : view == View::kWeek ? "week " + iso_week_label(days.first)
                                           : "month " + month_label(days.first);
  ctemplate::TemplateDictionary dict("daily");
  dict.SetValue("HEADING", days.first.empty() ? "Daily papers" : "Daily papers · " + span);
  std::string current = days.first.empty() ? "/" : view_url(view, days.first);
  // A narrower view opens on a day with papers: the span's newest listed day, or, when the span
  // has none, the nearest listed day (before it, else after it). A month's last day or a
  // week's Monday is often empty.
  Date focus = days.first;
  if (!days.first.empty() && view != View::kDay) {
    auto in_span = page.store().adjacent_hub_day(add_days(days.last, 1), false);
    if (in_span.ok() && !in_span->empty() && !(*in_span < days.first)) {
      focus = *in_span;
    } else {
      auto earlier = page.store().adjacent_hub_day(days.first, false);
      auto later = page.store().adjacent_hub_day(days.last, true);
      if (earlier.ok() && !earlier->empty())
        focus = *earlier;
      else if (later.ok() && !later->empty())
        focus = *later;
    }
  }
  dict.SetValue("DAY_URL", days.first.empty() ? "/" : view_url(View::kDay, focus));
  dict.SetValue("WEEK_URL", days.first.empty()    ? "/"
                            : view == View::kWeek ? current
                                                  : view_url(View::kWeek, focus));
  dict.SetValue("MONTH_URL", days.first.empty()     ? "/"
                             : view == View::kMonth ? current
                                                    : view_url(View::kMonth, focus));
  dict.ShowSection(view == View::kDay    ? "VIEW_DAY"
                   : view == View::kWeek ? "VIEW_WEEK"
                                         : "VIEW_MONTH");
  dict.SetValue("SORT_VOTES_URL", current);
  dict.SetValue("SORT_TIME_URL", current + "?sort=time");
  dict.ShowSection(by_time ? "SORT_TIME" : "SORT_VOTES");
  if (!days.first.empty()) {
    // The nearest day with papers before and after the shown span, and the span (day, week or
    // month) that holds it: empty days, weeks and months are skipped, and nothing leads past
    // the first or the last listed day.
    Date before, after;
    auto earlier = page.store().adjacent_hub_day(days.first, false);
    auto later = page.store().adjacent_hub_day(days.last, true);
    if (earlier.ok()) before = *earlier;
    if (later.ok()) after = *later;
    auto label = [&](const Date& d) {
      return view == View::kDay    ? d.str()
             : view == View::kWeek ? iso_week_label(d)
                                   : month_label(d);
    };
    if (!before.empty()) {
      auto* prev = dict.AddSectionDictionary("PREV");
      prev->SetValue("PREV_URL", view_url(view, before));
      prev->SetValue("PREV_LABEL", label(before));
    }
    if (!after.empty() && after <= *latest) {
      auto* next = dict.AddSectionDictionary("NEXT");
      next->SetValue("NEXT_URL", view_url(view, after));
      next->SetValue("NEXT_LABEL", label(after));
    }
  }
  if (hub.options.mail_on()) {
    auto* box = dict.AddSectionDictionary("SUBSCRIBE")->AddIncludeDictionary("SUBSCRIBE_BOX");
    box->SetFilename("subscribe_box.tpl");
    box->SetValue("CSRF", page.visitor.csrf);
    box->SetValue("SUBSCRIBE_EMAIL", page.visitor.user ? page.visitor.user->email : "");
  }
  if (papers.empty())
    dict.SetValueAndShowSection("EMPTY_SPAN", days.first.empty() ? "yet" : "on " + span, "EMPTY");
  auto voted = voted_set(page, papers);
  auto facts = card_facts(page, papers);
  for (const auto& stored : papers) {
    add_card(dict, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0,
              .is_new = stored.paper.hub_day == *latest && !latest->empty(),
              .facts = &facts});
  }
  if (more) {
    dict.SetValueAndShowSection(
        "MORE_URL", fmt::format("{}?{}p={}", current, by_time ? "sort=time&" : "", page_no + 1),
        "MORE");
  }
  if (page_no > 0) {
    std::string first_url = by_time ? current + "?sort=time" : current;
    std::string less =
        page_no == 1 ? first_url
                     : fmt::format("{}?{}p={}", current, by_time ? "sort=time&" : "", page_no - 1);
    dict.SetValueAndShowSection("LESS_URL", less, "LESS");
    dict.SetIntValue("PAGE_NUMBER", static_cast<long>(page_no + 1));
  }
  std::string feed =
      days.first.empty() ? "/feeds/daily.atom" : "/feeds/daily.atom?date=" + days.first.str();
  if (view == View::kWeek) feed = "/feeds/daily.atom?week=" + iso_week_label(days.first);
  if (view == View::kMonth) feed = "/feeds/daily.atom?month=" + month_label(days.first);
  send_page(hub, req, res, page.visitor, {"Daily papers " + span, "", feed, "Daily papers " + span},
            "daily.tpl", dict);
}

constexpr size_t kSimilarOnPaperPage = 6;

}  // namespace

void send_paper_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                     ServerResponse& res, const std::string& id_text, int status,
                     const RefusedSave* refused, const RefusedPost* refused_post) {
  auto key = parse_paper_key(id_text);
  if (!key.ok() && shaped_like_arxiv_id(id_text)) {
    return send_message_page(hub, req, res, page.visitor, 404, "Paper not found",
                             key.error().message);
  }
  if (!key.ok())
    return send_message_page(hub, req, res, page.visitor, 400, "Not a paper id",
                             key.error().message);
  auto found = page.store().get(key->id);
  if (!found.ok()) return send_store_error_page(hub, req, res, page.visitor, found.error());
  if (!found->has_value()) {
    return send_message_page(
        hub, req, res, page.visitor, 404, "Paper not found",
        "No paper " + key->id + " here yet. You can submit it from the Submit page.");
  }
  const StoredPaper& stored = **found;
  const Paper& p = stored.paper;
  ctemplate::TemplateDictionary dict("paper");
  dict.SetValue("ID", p.id);
  dict.SetValue("ID_PATH", url_path(p.id));
  dict.SetValue("TITLE", p.title);
  dict.SetValue("TITLE_HTML", tex_to_html(p.title, false));
  dict.SetValue("ABSTRACT_HTML", tex_to_html(p.abstract, true));
  dict.SetValue("CSRF", page.visitor.csrf);
  dict.SetIntValue("UPVOTES", p.total_upvotes());
  bool voted = voted_set(page, std::span<const StoredPaper>(&stored, 1)).count(stored.doc_id) > 0;
  dict.SetValue("VOTED", voted ? "true" : "false");
  dict.SetValue("VOTE_ACTION", voted ? "down" : "up");
  auto facts = card_facts(page, std::span<const StoredPaper>(&stored, 1));
  const PaperCommunityFacts* paper_facts = facts.empty() ? nullptr : &facts.begin()->second;
  for (size_t i = 0; i < p.authors.size(); ++i) {
    add_author_link(*dict.AddSectionDictionary("AUTHOR"), p.authors[i], paper_facts,
                    static_cast<int>(i));
  }
  add_submitter(dict, p, paper_facts);
  if (req.has_param("claimed")) dict.ShowSection("CLAIMED_NOTICE");
  // After /submit (Post/Redirect/Get): said to the reader who submitted it, while it is listed.
  if (req.has_param("submitted") && page.visitor.user && !p.hub_day.empty() &&
      p.submitter == page.visitor.user->handle)
    dict.SetValueAndShowSection("LISTED_DAY", p.hub_day.str(), "SUBMITTED_NOTICE");
  if (page.visitor.user && page.visitor.user->suspended == 0 && !p.authors.empty()) {
    for (size_t i = 0; i < p.authors.size(); ++i) {
      auto* option = dict.AddSectionDictionary("CLAIM_AUTHOR");
      option->SetValue("CLAIM_NAME", p.authors[i]);
      option->SetIntValue("CLAIM_POSITION", static_cast<long>(i + 1));
    }
    dict.ShowSection("CLAIM");
  }
  if (!p.published.empty())
    dict.SetValueAndShowSection("PUBLISHED_DAY", p.published.str(), "PUBLISHED");
  if (!p.hub_day.empty()) dict.SetValueAndShowSection("HUB_DAY_VALUE", p.hub_day.str(), "HUB_DAY");
  if (p.version > 0)
    dict.SetValueAndShowSection("VERSION_NUMBER", std::to_string(p.version), "VERSION");
  add_paper_org(dict, page.store(), page.visitor, stored);
  add_collection_form(dict, page.store(), page.visitor, stored, req.get_param_value("added"));
  if (p.is_arxiv()) dict.ShowSection("LINKS");
  add_paper_page_extras(
      dict, p, page.visitor.user && may_edit_links(page.store(), *page.visitor.user, stored),
      page.visitor.csrf);
  if (!p.doi.empty()) dict.SetValueAndShowSection("DOI_VALUE", p.doi, "DOI");
  if (!p.comments.empty()) dict.SetValueAndShowSection("COMMENTS_TEXT", p.comments, "COMMENTS");
  if (!p.journal_ref.empty()) dict.SetValueAndShowSection("JOURNAL_TEXT", p.journal_ref, "JOURNAL");
  if (!p.categories.empty()) {
    dict.ShowSection("CATEGORIES");
    const auto follows = visitor_follows(page);
    for (const auto& c : p.categories) {
      auto* category = dict.AddSectionDictionary("CATEGORY");
      category->SetValue("CATEGORY_NAME", c);
      add_follow_button(*category, page.visitor, follows, Follow::Kind::kCategory, c);
    }
  }
  if (page.visitor.user) {
    dict.ShowSection("SAVE");
    std::string tags;
    auto entry = page.community().library_entry(page.visitor.user->id, stored.doc_id);
    bool saved = entry.ok() && entry->has_value();
    if (saved) {
      for (const auto& t : (**entry).tags) tags += (tags.empty() ? "" : ", ") + t;
    }
    if (refused) {
      tags = refused->tags;
      dict.SetValueAndShowSection("SAVE_PROBLEM", refused->problem, "SAVE_REFUSED");
    }
    dict.SetValue("TAGS", tags);
    dict.SetValue("SAVE_LABEL", saved ? "Update tags" : "Save to library");
    if (saved) dict.ShowSection("SAVED");
  }
  dict.SetValue("BIBTEX", bibtex(std::span<const Paper>(&p, 1)));
  if (SemanticSide semantic = page.readers->semantic(); semantic.usable()) {
    std::vector<int64_t> ids;
    for (const auto& hit : semantic.vectors->similar(stored.doc_id, kSimilarOnPaperPage))
      ids.push_back(hit.doc_id);
    auto similar = page.store().get_many(ids);
    if (similar.ok() && !similar->empty()) {
      dict.ShowSection("SIMILAR");
      for (const auto& other : *similar) {
        auto* item = dict.AddSectionDictionary("SIMILAR_PAPER");
        item->SetValue("SIMILAR_ID_PATH", url_path(other.paper.id));
        item->SetValue("SIMILAR_TITLE", other.paper.title);
        item->SetValue(
            "SIMILAR_AUTHORS",
            other.paper.authors.empty()
                ? ""
                : other.paper.authors.front() + (other.paper.authors.size() > 1 ? " et al." : ""));
      }
    }
  }
  add_discussion(hub, page, req, stored, dict, refused_post);
  res.status = status;
  send_page(hub, req, res, page.visitor, {p.title}, "paper.tpl", dict);
}

namespace {

void trending_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                   ServerResponse& res) {
  TrendingWindow window;
  auto entries =
      trending_papers(page.store(), hub.options.trending, hub.now(), 0, kPageSize, &window);
  if (!entries.ok()) return send_store_error_page(hub, req, res, page.visitor, entries.error());
  ctemplate::TemplateDictionary dict("list");
  dict.SetValue("HEADING", "Trending");
  const TrendingParams& t = hub.options.trending;
  const std::string how =
      fmt::format("decayed by age: votes / (age in hours + {:g})^{:g}.", t.offset_hours, t.gravity);
  dict.SetValueAndShowSection(
      "NOTE_TEXT",
      window.fell_back
          ? fmt::format("No votes in the last {} days: these are the papers of {} to {}, the "
                        "last {} days that had votes, {}",
                        t.window_days, window.days.first.str(), window.days.last.str(),
                        t.window_days, how)
          : fmt::format("Votes over the last {} days, {}", t.window_days, how),
      "NOTE");
  if (entries->empty())
    dict.SetValueAndShowSection("EMPTY_TEXT", "No paper has votes in this window yet.", "EMPTY");
  std::vector<StoredPaper> papers;
  for (const auto& e : *entries) papers.push_back(e.stored);
  auto voted = voted_set(page, papers);
  auto facts = card_facts(page, papers);
  for (const auto& e : *entries) {
    add_card(dict, e.stored, page.visitor,
             {.voted = voted.count(e.stored.doc_id) > 0,
              .score = fmt::format("trending #{}", &e - entries->data() + 1),
              .facts = &facts});
  }
  send_page(hub, req, res, page.visitor,
            {"Trending", "", "/feeds/trending.atom", "Trending papers"}, "list.tpl", dict);
}

void library_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                  ServerResponse& res) {
  std::string tag = req.get_param_value("tag");
  auto library = library_items(page.store(), page.visitor.user->id, tag);
  auto tags = page.community().library_tags(page.visitor.user->id);
  if (!library.ok() || !tags.ok()) {
    return send_store_error_page(hub, req, res, page.visitor,
                                 library.ok() ? tags.error() : library.error());
  }
  std::vector<StoredPaper> papers;
  for (const auto& item : *library) papers.push_back(item.stored);
  ctemplate::TemplateDictionary dict("list");
  dict.SetValue("HEADING", tag.empty() ? "Your library" : "Your library · " + tag);
  add_tag_nav(dict, "/library", *tags, tag);
  std::string suffix = tag.empty() ? "" : "?tag=" + url_query(tag);
  // Exports only of something; saved searches from here too, not only from For you.
  dict.ShowSection("LINKS");
  std::vector<std::pair<std::string, std::string>> links;
  if (!papers.empty()) {
    links = {{"BibTeX", "/export/library.bib" + suffix}, {"RIS", "/export/library.ris" + suffix}};
  }
  links.emplace_back("Saved searches", "/searches");
  for (const auto& [label, url] : links) {
    auto* link = dict.AddSectionDictionary("LINK");
    link->SetValue("LINK_LABEL", label);
    link->SetValue("LINK_URL", url);
  }
  if (papers.empty())
    dict.SetValueAndShowSection(
        "EMPTY_TEXT", "Nothing saved yet: use “Save to library” on a paper's page.", "EMPTY");
  auto voted = voted_set(page, papers);
  auto facts = card_facts(page, papers);
  for (const auto& item : *library) {
    CardExtras extras{
        .voted = voted.count(item.stored.doc_id) > 0, .library = &item.entry, .facts = &facts};
    add_card(dict, item.stored, page.visitor, extras);
  }
  send_page(hub, req, res, page.visitor, {"Library"}, "list.tpl", dict);
}

Result<DateRange> single_day(const std::string& text) {
  auto day = parse_date(text);
  if (!day.ok()) return day.error();
  return DateRange{*day, *day};
}

}  // namespace

void add_page_routes(const Routes& routes, HubContext& hub) {
  using Req = const ServerRequest&;
  using Res = ServerResponse&;
  // The latest day's list: the front page, and the hub's own URL for it.
  const RouteHandler latest_day =
      admitted(hub, page_read(), [](HubContext& hub, PageRequest& page, Req req, Res res) {
        daily_page(hub, page, req, res, View::kDay, std::nullopt);
      });
  routes.get("/", latest_day);
  routes.get("/papers", latest_day);
  struct Listing {
    const char* pattern;
    View view;
    Result<DateRange> (*parse)(std::string_view);
  };
  auto day_parser = +[](std::string_view text) { return single_day(std::string(text)); };
  for (const Listing& listing :
       {Listing{R"(/papers/date/:day(\d{4}-\d{2}-\d{2}))", View::kDay, day_parser},
        Listing{R"(/papers/week/:week(\d{4}-W\d{2}))", View::kWeek, &parse_iso_week},
        Listing{R"(/papers/month/:month(\d{4}-\d{2}))", View::kMonth, &parse_month}}) {
    routes.get(
        listing.pattern,
        admitted(hub, page_read(), [listing](HubContext& hub, PageRequest& page, Req req, Res res) {
          auto days = listing.parse(req.path_params[0]);
          if (!days.ok()) {
            return send_message_page(hub, req, res, page.visitor, 400, "Not a date",
                                     days.error().message);
          }
          daily_page(hub, page, req, res, listing.view, *days);
        }));
  }
  // A listing URL whose day, week or month is not one: say what is expected, not "no paper".
  routes.get("/papers/:view(date|week|month)/:bad([^/]*)",
             admitted(hub, page_read(), [](HubContext& hub, PageRequest& page, Req req, Res res) {
               std::string view = req.path_params[0];
               std::string form = view == "date"   ? "YYYY-MM-DD, e.g. /papers/date/2025-10-21"
                                  : view == "week" ? "YYYY-Www, e.g. /papers/week/2025-W43"
                                                   : "YYYY-MM, e.g. /papers/month/2025-10";
               send_message_page(hub, req, res, page.visitor, 400, "Not a date",
                                 "'" + req.path_params[1] + "' is not a " +
                                     (view == "date" ? "day" : view) + ": write " + form + ".");
             }));
  routes.get("/papers/:id",
             admitted(hub, page_read(), [](HubContext& hub, PageRequest& page, Req req, Res res) {
               send_paper_page(hub, page, req, res, req.path_params[0]);
             }));
  routes.get("/search", admitted(hub, page_read(), search_page));
  routes.get("/trending", admitted(hub, page_read(), trending_page));
  routes.get("/authors/:name(.+)", admitted(hub, page_read(), author_page));
  routes.get("/library", admitted(hub, page_for(Audience::kReader), library_page));
}

}  // namespace paperboy
