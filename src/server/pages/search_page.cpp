#include "server/pages/search_page.h"

#include <fmt/format.h>

#include <chrono>

#include "server/http/error_answer.h"
#include "server/pages/card_view.h"
#include "server/pages/page_helpers.h"
#include "server/request/route_helpers.h"

namespace paperboy {
namespace {

constexpr size_t kSearchPageSize = 20;

}  // namespace

void search_page(HubContext& hub, PageRequest& page, const ServerRequest& req,
                 ServerResponse& res) {
  std::string query = req.get_param_value("q");
  ctemplate::TemplateDictionary dict("search");
  dict.SetValue("QUERY", query);
  const std::string chosen_mode = req.get_param_value("mode");
  for (const auto& [value, label] : {std::pair{"", "Best available"},
                                     {"hybrid", "Hybrid"},
                                     {"lexical", "Words (BM25)"},
                                     {"semantic", "Meaning (vectors)"}}) {
    auto* option = dict.AddSectionDictionary("MODE");
    option->SetValue("MODE_VALUE", value);
    option->SetValue("MODE_LABEL", label);
    if (chosen_mode == value) option->ShowSection("MODE_SELECTED");
  }
  const std::string chosen_sort = req.get_param_value("sort");
  for (const auto& [value, label] :
       {std::pair{"", "Relevance"}, {"newest", "Newest"}, {"votes", "Most votes"}}) {
    auto* option = dict.AddSectionDictionary("SORT");
    option->SetValue("SORT_VALUE", value);
    option->SetValue("SORT_LABEL", label);
    if (chosen_sort == value) option->ShowSection("SORT_SELECTED");
  }
  auto fail = [&](int status, const std::string& text) {
    res.status = status;
    dict.SetValueAndShowSection("ERROR_TEXT", text, "ERROR");
    send_page(hub, req, res, page.visitor, {"Search", query}, "search.tpl", dict);
  };
  if (query.empty()) return send_page(hub, req, res, page.visitor, {"Search"}, "search.tpl", dict);
  size_t page_no = page_number(req);
  if (page_no * kSearchPageSize >= kMaxResultWindow) {
    return fail(400, beyond_result_window(page_no * kSearchPageSize));
  }
  auto started = std::chrono::steady_clock::now();
  SearchResults results;
  std::vector<StoredPaper> papers;
  SearchAsked asked = search_asked(req, page_no * kSearchPageSize, kSearchPageSize);
  const std::string& mode = asked.mode;
  if (auto failure = run_search(*page.readers, asked, results, papers)) {
    if (failure->retry_after > 0)
      res.add_header("Retry-After", std::to_string(failure->retry_after));
    return fail(http_status(failure->code), failure->error + ": " + failure->detail);
  }
  double millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  dict.ShowSection("SUMMARY");
  if (page.visitor.user) {
    dict.ShowSection("SAVE_SEARCH");
    // Alerts travel in the mail digest: offered only to a reader who gets it.
    if (alerts_reach_reader(hub, page, dict)) dict.ShowSection("MAIL");
    dict.SetValue("CSRF", page.visitor.csrf);
  }
  // Semantic mode ranks a fixed pool of the nearest papers: say so rather than count matches.
  dict.SetValue("TOTAL_TEXT", results.count == SearchResults::Count::nearest
                                  ? nearest_count_text(results.total_estimate)
                                  : result_count_text(results.total_estimate,
                                                      static_cast<int64_t>(kMaxResultWindow)));
  dict.SetValue("MILLIS", fmt::format("{:.1f}", millis));
  dict.SetValue("USED_MODE", results.mode);
  dict.SetValue("QUERY_PARAM", url_query(query));
  std::string with_options = (mode.empty() ? "" : "&mode=" + url_query(mode)) +
                             (asked.sort.empty() ? "" : "&sort=" + url_query(asked.sort));
  const std::string sort_param = asked.sort.empty() ? "" : "&sort=" + url_query(asked.sort);
  if (results.names_author) {
    dict.SetValueAndShowSection("BY_WORDS_URL",
                                "/search?q=" + url_query(query) + "&mode=lexical" + sort_param,
                                "NAMES_AUTHOR");
  } else if (results.unknown_to_model) {
    dict.SetValueAndShowSection("BY_WORDS_URL",
                                "/search?q=" + url_query(query) + "&mode=lexical" + sort_param,
                                "UNKNOWN_TO_MODEL");
  }
  if (results.searched_correction) {
    auto* corrected = dict.AddSectionDictionary("CORRECTED");
    corrected->SetValue("CORRECTED_QUERY", results.did_you_mean);
    corrected->SetValue("CORRECTED_URL",
                        "/search?q=" + url_query(results.did_you_mean) + with_options);
    corrected->SetValue("ORIGINAL_QUERY", query);
    corrected->SetValue("ORIGINAL_URL",
                        "/search?q=" + url_query(query) + with_options + "&exact=1");
  }
  if (!results.expansions.empty()) {  // one line names every acronym the query was widened with
    std::string all;
    for (const auto& e : results.expansions) all += (all.empty() ? "" : "; ") + e;
    dict.SetValueAndShowSection("EXPANSION_TEXT", all, "EXPANDED");
  }
  if (!results.searched_correction && !results.did_you_mean.empty()) {
    auto* suggestion = dict.AddSectionDictionary("DID_YOU_MEAN");
    suggestion->SetValue("SUGGESTED_QUERY", results.did_you_mean);
    suggestion->SetValue("SUGGESTED_URL",
                         "/search?q=" + url_query(results.did_you_mean) + with_options);
  }
  if (!papers.empty()) {
    auto* range = dict.AddSectionDictionary("RANGE");
    range->SetIntValue("FIRST", static_cast<long>(page_no * kSearchPageSize + 1));
    range->SetIntValue("LAST", static_cast<long>(page_no * kSearchPageSize + papers.size()));
  }
  auto voted = voted_set(page, papers);
  auto facts = card_facts(page, papers);
  for (const auto& stored : papers) {
    add_card(dict, stored, page.visitor,
             {.voted = voted.count(stored.doc_id) > 0,
              .snippet_html = results.highlight(stored.paper.abstract, 300),
              .facts = &facts,
              .named_authors = &results.authors,
              .by_published = asked.sort == "newest"});
  }
  std::string base =
      "/search?q=" + url_query(query) + with_options + (asked.exact ? "&exact=1" : "");
  if (page_no > 0)
    dict.SetValueAndShowSection("PREV_URL", base + "&p=" + std::to_string(page_no - 1), "PREV");
  if (static_cast<int64_t>((page_no + 1) * kSearchPageSize) < results.total_estimate &&
      papers.size() == kSearchPageSize) {
    dict.SetValueAndShowSection("NEXT_URL", base + "&p=" + std::to_string(page_no + 1), "NEXT");
  }
  send_page(
      hub, req, res, page.visitor,
      {"Search: " + query, query, "/feeds/search.atom?q=" + url_query(query), "Search: " + query},
      "search.tpl", dict);
}

}  // namespace paperboy
