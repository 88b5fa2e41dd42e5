// A paper's links and summary in page dictionaries: the code badge and summary line of a card,
// and the paper page's links section (with its edit form for those who may change the links)
// and its summary with keywords.
#pragma once

#include <ctemplate/template.h>

#include <string>

#include "core/paper.h"
#include "server/request/visitor.h"
#include "store/store.h"

namespace paperboy {

// ORGANIZATION (ORGANIZATION_PATH, ORGANIZATION_NAME), CODE (CODE_URL, CODE_NAME,
// STARS/STARS_COUNT) and AI_SUMMARY (AI_SUMMARY_HTML, typeset).
void add_card_extras(ctemplate::TemplateDictionary& card, const Paper& paper);

// AI_SUMMARY (AI_SUMMARY_HTML, AI_MODEL, KEYWORD/KEYWORD_TEXT/KEYWORD_QUERY); PAPER_LINKS with
// CODE, PROJECT_PAGE (PAGE_URL), ARTIFACT (ARTIFACT_KIND, ARTIFACT_ID, ARTIFACT_URL); and
// EDIT_LINKS (the current values, csrf) when `may_edit`.
void add_paper_page_extras(ctemplate::TemplateDictionary& dict, const Paper& paper, bool may_edit,
                           const std::string& csrf);

// The paper page's organisation: ORGANIZATION, and ORG_FORM (ORG_CHOICES/ORG_CHOICE with
// CHOICE_NAME, CHOICE_FULLNAME; ORG_UNLINK) for a reader who may link or unlink it (org_actions).
void add_paper_org(ctemplate::TemplateDictionary& dict, Store& store, const Visitor& visitor,
                   const StoredPaper& stored);

// ADD_TO_COLLECTION for a signed-in reader: CHOICES (CHOICE: CHOICE_ID, CHOICE_TITLE,
// CHOICE_OWNER) of the collections they keep, and IN_COLLECTION for those holding the paper.
// `just_added` (?added= after the form, else empty) names the collection the reader has just
// added the paper to: the box is shown open with ADDED_NOTICE, if that one holds it.
void add_collection_form(ctemplate::TemplateDictionary& dict, Store& store, const Visitor& visitor,
                         const StoredPaper& stored, const std::string& just_added);

}  // namespace paperboy
