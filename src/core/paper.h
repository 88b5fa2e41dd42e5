// The paper record every module shares: what is stored, indexed, exported and shown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace paperboy {

struct Paper {
  // The stable key: the arXiv id without version ("2410.14649", "math/0309136"), or
  // "<source>:<key>" (e.g. "scifact:4983") for a paper that has no arXiv id.
  std::string id;
  int version = 0;  // latest arXiv version known; 0 when the source did not say
  std::string title;
  std::string abstract;
  std::vector<std::string> authors;     // display names, in the paper's order
  std::vector<std::string> categories;  // arXiv categories, primary first
  Date published;                       // first version
  Date updated;                         // latest version
  Date hub_day;                         // day the paper was listed on the hub's daily feed
  int upvotes = 0;                      // hub upvotes when imported
  int community_votes = 0;  // votes cast on this server (kept by the store, never imported)
  // The organisation the paper is linked to, by its name ("nvidia", the key of /orgs/NAME),
  // with the display name it had when linked. `organization_set_by` as `links_set_by`: "" the
  // hub's, "@handle" a reader's (a member's link, or unlinking), kept over the hub's.
  std::string organization;
  std::string organization_fullname;
  std::string organization_set_by;
  std::string submitter;           // hub user name of who put it on the daily list
  std::string submitter_fullname;  // that user's display name
  std::string doi;
  std::string comments;
  std::string journal_ref;
  std::string license;

  // Links (core/paper_links.h). `links_set_by` says whose they are: "" found in the abstract and
  // comments at every read, "hub" imported from the hub (gaps filled from the text), otherwise
  // "@" and the handle of the reader who set them last, kept as set.
  std::string code_link;  // githubRepo
  std::string project_page;
  int github_stars = 0;                    // as the hub counted them; paperboy never asks GitHub
  std::vector<std::string> hub_artifacts;  // "model:org/name", "dataset:…", "space:…"
  std::string links_set_by;

  // A one-sentence summary and keywords, written by `ai_model` for `ai_version` of the paper.
  std::string ai_summary;
  std::vector<std::string> ai_keywords;
  std::string ai_model;
  int ai_version = 0;

  int thumbnail_version = 0;  // the version whose first page is stored as the thumbnail; 0: none

  bool is_arxiv() const;
  int total_upvotes() const { return upvotes + community_votes; }
  bool operator==(const Paper&) const = default;
};

// Canonical key for an id as a user or a source writes it ("arXiv:2410.14649v2" gives
// "2410.14649" and version 2; "scifact:4983" stays as it is). Errors name the input.
struct PaperKey {
  std::string id;
  int version = 0;
};
Result<PaperKey> parse_paper_key(std::string_view text);
// Shaped like a new-style arXiv id without being one (month 34 in "1234.56789"): such an id
// names no paper (404, as the hub answers and its client expects) rather than a bad request.
bool shaped_like_arxiv_id(std::string_view text);

// What every stored paper must have: a valid key and a title.
Status validate_paper(const Paper& paper);

}  // namespace paperboy
