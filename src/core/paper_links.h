// A paper's code and project links, and the Hugging Face hub models, datasets and Spaces it
// names: found in its abstract and arXiv's comments line ("Code is available at
// https://github.com/…", "Project page: https://….github.io"), or set by the hub or a reader.
//
// Finding favours precision: a code link is a repository on a code host (GitHub, GitLab,
// Bitbucket, Codeberg, a hub Space's or model's page is an artefact, not code); a project page
// is a `*.github.io`-style site or an address the sentence calls a project page, website, web
// page, homepage or demo. Anything else (a video, a DOI, somebody's profile) is left alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct Paper;

struct PaperLinks {
  std::string code;          // "https://github.com/owner/repo"
  std::string project_page;  // "https://owner.github.io/project"
  // Hub artefacts as "model:org/name", "dataset:org/name", "space:org/name", in order of mention.
  std::vector<std::string> hub_artifacts;
};

PaperLinks find_paper_links(std::string_view abstract, std::string_view comments);

// Who the stored links of a paper come from (`Paper::links_set_by`).
inline constexpr std::string_view kLinksFromText = "";    // found again at every read
inline constexpr std::string_view kLinksFromHub = "hub";  // the hub's, gaps filled from the text
// Anything else is the handle of the reader who last set them; they stay as set.
bool links_set_by_reader(std::string_view set_by);

// Makes a paper's links what its `links_set_by` says they are: found in the text, the hub's
// with gaps filled from the text, or a reader's as they are.
void resolve_paper_links(Paper& paper);

// Addresses a reader types, checked and written the one way they are stored and compared:
// http(s) only, host in lower case, no fragment, no trailing slash or punctuation; a code
// host's repository reduced to owner/name without ".git". An empty text is allowed (it removes
// the link). Errors say what is wrong in the reader's words.
Result<std::string> normalise_code_link(std::string_view text);
Result<std::string> normalise_page_link(std::string_view text);
// "org/name", or the hub address of one, as "KIND:org/name"; kind is model, dataset or space.
Result<std::string> normalise_hub_artifact(std::string_view kind, std::string_view text);

// "model:org/name" → {"model", "org/name"}; an artefact without a kind is a model.
std::pair<std::string_view, std::string_view> split_hub_artifact(std::string_view artifact);

}  // namespace paperboy
