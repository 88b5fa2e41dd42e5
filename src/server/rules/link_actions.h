// Who may change a paper's code and project links and hub artefacts, and the change itself,
// shared by the paper page's form and `POST /api/papers/{id}/links` (the hub's endpoint).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/rules/community_actions.h"
#include "store/store.h"

namespace paperboy {

// What a reader asks to change; a field left out stays as it is, an empty one is removed.
struct LinkEdit {
  std::optional<std::string> code;                                   // githubRepo
  std::optional<std::string> project_page;                           // projectPage
  std::optional<std::vector<std::string>> models, datasets, spaces;  // hub ids or addresses
};

// The paper's authors (approved claims), the account that listed it here, and moderators.
bool may_edit_links(Store& store, const User& user, const StoredPaper& paper);

// Checks and normalises every field first (400 naming the first bad one, nothing changed),
// then stores the links as the reader's: 403 for anyone else, 404 for an unknown paper.
ActionOutcome edit_paper_links(Store& store, const User& user, const std::string& id_text,
                               const LinkEdit& edit);

}  // namespace paperboy
