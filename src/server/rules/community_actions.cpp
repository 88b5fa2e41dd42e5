#include "server/rules/community_actions.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/bidi_controls.h"
#include "server/http/error_answer.h"

namespace paperboy {
namespace {

constexpr size_t kMaxTags = 20;
constexpr size_t kMaxTagCharacters = 50;

size_t utf8_characters(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The start of a long tag, to name it in a message.
std::string tag_start(const std::string& tag) {
  size_t end = 0;
  for (size_t characters = 0; end < tag.size() && characters < 24; ++characters) {
    ++end;
    while (end < tag.size() && (tag[end] & 0xC0) == 0x80) ++end;
  }
  return end < tag.size() ? tag.substr(0, end) + "…" : tag;
}

// Finds the paper an action names; a failure outcome when the id is bad or unknown.
ActionOutcome find(Store& store, const std::string& id_text) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) return bad_paper_id(id_text, key.error());
  auto found = store.get(key->id);
  if (!found.ok()) return action_failure(found.error());
  if (!found->has_value()) return action_failure(ErrorCode::kNotFound, "paper not found", key->id);
  return {std::nullopt, "", "", std::move(**found)};
}

// Re-reads the paper so the caller answers with the counts as stored.
ActionOutcome reread(Store& store, ActionOutcome outcome) {
  auto found = store.get(outcome.paper.paper.id);
  if (!found.ok()) return action_failure(found.error());
  if (found->has_value()) outcome.paper = std::move(**found);
  return outcome;
}

}  // namespace

ActionOutcome bad_paper_id(std::string_view id_text, const Error& parse_error) {
  return shaped_like_arxiv_id(id_text)
             ? action_failure(ErrorCode::kNotFound, "paper not found", parse_error.message)
             : action_failure(ErrorCode::kInvalid, "bad paper id", parse_error.message);
}

ActionOutcome action_failure(ErrorCode code, std::string error, std::string detail) {
  return {code, std::move(error), std::move(detail), {}};
}

ActionOutcome action_failure(const Error& error) {
  return action_failure(error.code, error_title(error.code), client_detail(error));
}

std::string text_problem(const std::string& text, size_t max, const char* what) {
  if (text.size() > max)
    return std::string(what) + " has at most " + std::to_string(max) + " bytes";
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') {
      return std::string(what) + " holds a control character";
    }
  }
  if (has_bidi_controls(text))
    return std::string(what) + " holds a bidirectional control character (such as U+202E)";
  return "";
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string tag = text.substr(start, end - start);
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag.erase(tag.find_last_not_of(" \t") + 1);
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    start = end + 1;
  }
  return tags;
}

Result<std::vector<LibraryItem>> library_items(Store& store, int64_t user_id,
                                               const std::string& tag) {
  auto entries = store.community().library(user_id, tag);
  if (!entries.ok()) return entries.error();
  std::vector<int64_t> ids;
  for (const auto& e : *entries) ids.push_back(e.doc_id);
  auto papers = store.get_many(ids);
  if (!papers.ok()) return papers.error();
  // get_many keeps the order asked and skips missing papers, so one pass pairs them up.
  std::vector<LibraryItem> items;
  size_t next = 0;
  for (auto& entry : *entries) {
    if (next < papers->size() && (*papers)[next].doc_id == entry.doc_id) {
      items.push_back({std::move(entry), std::move((*papers)[next++])});
    }
  }
  return items;
}

ActionOutcome vote_for_paper(Store& store, int64_t user_id, const std::string& id_text, bool up,
                             int64_t now) {
  ActionOutcome outcome = find(store, id_text);
  if (!outcome.ok()) return outcome;
  auto changed = up ? store.community().vote(user_id, outcome.paper.doc_id, now)
                    : store.community().unvote(user_id, outcome.paper.doc_id);
  if (!changed.ok()) return action_failure(changed.error());
  return reread(store, std::move(outcome));
}

ActionOutcome save_paper(Store& store, int64_t user_id, const std::string& id_text,
                         const std::vector<std::string>& tags, int64_t now) {
  if (tags.size() > kMaxTags) {
    return action_failure(
        ErrorCode::kInvalid, "too many tags",
        fmt::format("You gave {} tags; a paper takes at most {}. Remove {} and save again.",
                    tags.size(), kMaxTags, tags.size() - kMaxTags));
  }
  for (const auto& tag : tags) {
    bool control =
        std::any_of(tag.begin(), tag.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (control) {
      return action_failure(ErrorCode::kInvalid, "bad tag",
                            "The tag “" + tag_start(tag) +
                                "” has a line break or another control character; "
                                "a tag is letters, digits, spaces and punctuation.");
    }
    if (tag.empty() || utf8_characters(tag) > kMaxTagCharacters) {
      return action_failure(
          ErrorCode::kInvalid, "tag too long",
          fmt::format(
              "The tag “{}” is {} characters long; a tag is at most {}. Shorten it and save again.",
              tag_start(tag), utf8_characters(tag), kMaxTagCharacters));
    }
  }
  ActionOutcome outcome = find(store, id_text);
  if (!outcome.ok()) return outcome;
  if (auto s = store.community().save(user_id, outcome.paper.doc_id, tags, now); !s.ok()) {
    return action_failure(s.error());
  }
  return outcome;
}

ActionOutcome unsave_paper(Store& store, int64_t user_id, const std::string& id_text) {
  ActionOutcome outcome = find(store, id_text);
  if (!outcome.ok()) return outcome;
  auto removed = store.community().unsave(user_id, outcome.paper.doc_id);
  if (!removed.ok()) return action_failure(removed.error());
  if (!*removed)
    return action_failure(ErrorCode::kNotFound, "not in your library", outcome.paper.paper.id);
  return outcome;
}

ActionOutcome submit_paper(Store& store, int64_t user_id, const std::string& id_text, int64_t now,
                           PaperLookup* lookup, const SubmissionRules& rules) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) {
    return action_failure(
        ErrorCode::kInvalid, "not an arXiv id",
        "“" + id_text +
            "” is not an arXiv id. Write it as 2410.14649, arXiv:2410.14649v2, "
            "https://arxiv.org/abs/2410.14649 or, for older papers, math/0309136.");
  }
  const int64_t day_start = now - now % 86400;
  if (rules.per_day > 0) {
    auto today = store.community().submissions_since(user_id, day_start);
    if (!today.ok()) return action_failure(today.error());
    if (*today >= rules.per_day) {
      ActionOutcome capped =
          action_failure(ErrorCode::kRateLimited, "daily limit reached",
                         fmt::format("You have submitted {} papers today (UTC), as "
                                     "many as this site takes from one reader a "
                                     "day. Submit again after midnight UTC.",
                                     *today));
      capped.retry_after = day_start + 86400 - now;
      return capped;
    }
  }
  ActionOutcome outcome = find(store, id_text);
  if (outcome.refused == ErrorCode::kNotFound && lookup != nullptr &&
      key->id.find(':') == std::string::npos) {
    std::vector<std::string> ids{key->id};
    auto fetched = lookup->fetch(ids);
    if (!fetched.ok()) {
      // The upstream's words name the operator's mirror and its URLs: the log's.
      fmt::print(stderr, "arXiv lookup of {} failed: {}\n", key->id, fetched.error().message);
      return action_failure(ErrorCode::kUnavailable, "arXiv lookup failed",
                            "arXiv did not answer; try again later");
    }
    if (fetched->empty())
      return action_failure(ErrorCode::kNotFound, "not on arXiv", "arXiv has no paper " + key->id);
    auto stored = store.upsert(*fetched);
    if (!stored.ok()) return action_failure(stored.error());
    outcome = find(store, key->id);
  }
  if (outcome.refused == ErrorCode::kNotFound) {
    return action_failure(
        ErrorCode::kNotFound, "paper not here yet",
        "This server does not have " + key->id +
            " yet, and it does not fetch papers from arXiv by "
            "itself. Ask whoever runs it to add the paper; then you can submit it.");
  }
  if (!outcome.ok()) return outcome;
  if (!outcome.paper.paper.hub_day.empty()) {
    return action_failure(
        ErrorCode::kConflict, "already listed",
        key->id + " is already on the daily list of " + outcome.paper.paper.hub_day.str() + ".");
  }
  const Date& published = outcome.paper.paper.published;
  if (rules.max_age_days > 0 && !published.empty()) {
    const int64_t age = days_since_epoch(utc_day(now)) - days_since_epoch(published);
    if (age > rules.max_age_days) {
      return action_failure(
          ErrorCode::kConflict, "too old for the daily list",
          fmt::format(
              "{} was first published on {}, {} days ago; the daily list takes papers at most {} "
              "days old. Save it to your library or discuss it on its page instead.",
              key->id, published.str(), age, rules.max_age_days));
    }
  }
  auto listed = store.community().submit(user_id, outcome.paper.doc_id, utc_day(now), now);
  if (!listed.ok()) return action_failure(listed.error());
  if (!*listed)
    return action_failure(ErrorCode::kConflict, "already listed",
                          key->id + " has been submitted already.");
  outcome.done = Done::kCreated;
  return reread(store, std::move(outcome));
}

}  // namespace paperboy
