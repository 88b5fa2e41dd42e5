// What the page routes share: borrowing readers and knowing the visitor, the site layout
// around a page body, and HTML error pages. The paper card is card_view.h.
#pragma once

#include <ctemplate/template.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/name_keys.h"
#include "server/formats/hf_json.h"
#include "server/http/http_message.h"
#include "server/http/url_text.h"
#include "server/pages/page_request.h"
#include "server/request/hub_context.h"
#include "server/request/visitor.h"

namespace paperboy {

// A 303 to `path` when it is a place on this site (same_site.h), else to the front page.
void redirect_local(ServerResponse& res, const std::string& path);

struct PageFrame {
  std::string title{};
  std::string query{};     // shown in the header's search box
  std::string feed_url{};  // an Atom alternate for this page, if any
  std::string feed_title{};
};
// Wraps the body in the layout and sends it (and the anonymous CSRF cookie when it is new).
void send_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, const PageFrame& frame, const std::string& body);
// Renders `template_name` with `dict` as the body.
void send_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, const PageFrame& frame, const std::string& template_name,
               const ctemplate::TemplateDictionary& dict);
// What a reader signed in to a suspended account is told, on every page and for every form.
inline constexpr const char* kSuspendedText =
    "Your account is suspended by the site's moderators: you can read everything, but not "
    "post, vote, save or follow until they lift the suspension.";

// A message as a sentence: its first letter a capital, and a full stop at its end when it ends
// in a word (the rules' messages are clauses: "a comment needs some text").
std::string as_sentence(std::string text, bool full_stop = true);

// A message with a way back: to `back_url` when given (the page the reader came from), else to
// today's papers.
void send_message_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                       const Visitor& visitor, int status, const std::string& heading,
                       const std::string& text, const std::string& back_url = "",
                       const std::string& back_label = "");

// A failed store operation as a page, as error_answer.h maps it.
void send_store_error_page(HubContext& hub, const ServerRequest& req, ServerResponse& res,
                           const Visitor& visitor, const Error& error);

// Whether a saved search's alerts reach the signed-in reader: mail is on and their own address
// has an active subscription, linked to their account, that takes the alerts section. When it
// does not, `dict` gets MAIL_OFFER (a one-button subscription of their address, OFFER_EMAIL)
// instead of alert controls: an alert nobody mails is a promise broken (issue 36, item 9).
bool alerts_reach_reader(HubContext& hub, PageRequest& page, ctemplate::TemplateDictionary& dict);

// A page with one form (sign-in, sign-up, submit, settings): form.tpl.
// Members have explicit initialisers so designated initialisers may leave any of them out.
struct FormField {
  std::string name{}, label{}, type = "text", value{}, autocomplete = "off";
};
struct FormPage {
  std::string heading{}, intro{}, action{}, submit_label{};
  std::vector<FormField> fields{};
  std::string error{}, notice{}, secret{};  // secret: shown once (a new API token)
  std::string next{};                       // where to go after success
  std::string vote{};  // a paper to upvote once signed in (sign-in and sign-up)
  std::string footnote{}, footnote_link{}, footnote_url{};
};
// Sends the form page; the dictionary hook adds extras (the token list).
void send_form(HubContext& hub, const ServerRequest& req, ServerResponse& res,
               const Visitor& visitor, int status, const FormPage& form,
               const std::function<void(ctemplate::TemplateDictionary&)>& extra = nullptr);

// A FOLLOW section under `parent`: a Follow/Unfollow button for a signed-in visitor, none for
// others. `follows` is what the visitor follows already.
void add_follow_button(ctemplate::TemplateDictionary& parent, const Visitor& visitor,
                       const std::vector<Follow>& follows, Follow::Kind kind,
                       const std::string& value);
// The TAGS navigation of list.tpl: "All" and one link per library tag, to `base`?tag=.
void add_tag_nav(ctemplate::TemplateDictionary& dict, const std::string& base,
                 const std::vector<std::string>& tags, const std::string& current);
// What a signed-in visitor follows (nothing for anonymous visitors or on a store error).
std::vector<Follow> visitor_follows(PageRequest& page);
// COLLECTIONS (COLLECTION: COLLECTION_ID, COLLECTION_TITLE, COLLECTION_COUNT, PRIVATE) of an
// owner, the private ones only when `with_private`. False when the store failed.
bool add_collection_list(ctemplate::TemplateDictionary& dict, PageRequest& page,
                         const CollectionOwner& owner, bool with_private);

// `path` (a local URL) with its `name` parameter set to `value` (encoded) and its fragment
// replaced by `fragment`; with the parameter and fragment removed when `value` is empty. For a
// redirect after a form (Post/Redirect/Get) that the page it leads to answers with a notice.
std::string with_notice_param(const std::string& path, std::string_view name,
                              const std::string& value, std::string_view fragment);
// `path` (a local URL) with its ?hidden= parameter set to `id`, or removed when `id` is empty:
// after "Not interested" the page names what it hid and offers an undo (see send_page).
std::string with_hidden_notice(const std::string& path, const std::string& id);

// The page number of a listing (?p=, from 0, at most 10,000); 0 for a missing or garbled one.
size_t page_number(const ServerRequest& req);

// "No results", "1 result", "204 results", "About 12,400 results" (past the exact window).
std::string result_count_text(int64_t total, int64_t exact_up_to);
// Semantic mode's count: "The 100 papers nearest in meaning" (a pool ranked, not matches).
std::string nearest_count_text(int64_t ranked);

// Why a search page starting at result `offset` is refused: no search ranks past
// kMaxResultWindow hits, so every request's work is bounded whatever the corpus's size.
std::string beyond_result_window(size_t offset);

// The paper a form's path names (`id_text`), or nothing with the page already answered: 400 for
// an id that is not one, 404 for a paper not stored, the store's error page when it failed.
std::optional<StoredPaper> paper_for_form(HubContext& hub, const ServerRequest& req,
                                          ServerResponse& res, PageRequest& page,
                                          const std::string& id_text);

}  // namespace paperboy
