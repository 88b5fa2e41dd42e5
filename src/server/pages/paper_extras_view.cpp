#include "server/pages/paper_extras_view.h"

#include <algorithm>

#include "core/paper_links.h"
#include "server/formats/hf_json.h"
#include "server/formats/tex_html.h"
#include "server/http/url_text.h"
#include "server/rules/collection_actions.h"
#include "server/rules/org_actions.h"

namespace paperboy {
namespace {

// "https://github.com/owner/repo" → "owner/repo": what the badge names.
std::string repository_name(const std::string& url) {
  auto host = url.find("://");
  auto path = host == std::string::npos ? std::string::npos : url.find('/', host + 3);
  return path == std::string::npos ? url : url.substr(path + 1);
}

void add_code(ctemplate::TemplateDictionary& dict, const Paper& paper) {
  if (paper.code_link.empty()) return;
  auto* code = dict.AddSectionDictionary("CODE");
  code->SetValue("CODE_URL", paper.code_link);
  code->SetValue("CODE_NAME", repository_name(paper.code_link));
  if (paper.github_stars > 0)
    code->SetValueAndShowSection("STARS_COUNT", std::to_string(paper.github_stars), "STARS");
}

std::string hub_url(std::string_view kind, std::string_view id) {
  std::string base = "https://huggingface.co/";
  if (kind == "dataset") base += "datasets/";
  if (kind == "space") base += "spaces/";
  return base + std::string(id);
}

std::string ids_of(const Paper& paper, std::string_view kind) {
  std::string ids;
  for (const auto& artifact : paper.hub_artifacts) {
    auto [k, id] = split_hub_artifact(artifact);
    if (k == kind) ids += (ids.empty() ? "" : "\n") + std::string(id);
  }
  return ids;
}

// Only a drawn first page: a card without one has no empty frame, its text takes the width.
void add_thumbnail(ctemplate::TemplateDictionary& dict, const Paper& paper) {
  if (paper.thumbnail_version <= 0) return;
  auto* thumbnail = dict.AddSectionDictionary("THUMBNAIL");
  thumbnail->SetValue("THUMBNAIL_SRC", thumbnail_path(paper));
  thumbnail->SetValue("ID_PATH", url_path(paper.id));
}

}  // namespace

void add_organization(ctemplate::TemplateDictionary& dict, const Paper& paper) {
  if (paper.organization.empty()) return;
  auto* org = dict.AddSectionDictionary("ORGANIZATION");
  org->SetValue("ORGANIZATION_PATH", "/orgs/" + url_path(paper.organization));
  org->SetValue("ORGANIZATION_NAME", paper.organization_fullname.empty()
                                         ? paper.organization
                                         : paper.organization_fullname);
}

void add_card_extras(ctemplate::TemplateDictionary& card, const Paper& paper) {
  add_organization(card, paper);
  add_code(card, paper);
  if (!paper.ai_summary.empty())
    // Typeset like the abstract it summarises: "A$^2$RD" is math, not text with dollars.
    card.SetValueAndShowSection("AI_SUMMARY_HTML", tex_to_html(paper.ai_summary, false),
                                "AI_SUMMARY");
  add_thumbnail(card, paper);
}

void add_paper_page_extras(ctemplate::TemplateDictionary& dict, const Paper& paper, bool may_edit,
                           const std::string& csrf) {
  add_thumbnail(dict, paper);
  if (!paper.ai_summary.empty()) {
    auto* summary = dict.AddSectionDictionary("AI_SUMMARY");
    summary->SetValue("AI_SUMMARY_HTML", tex_to_html(paper.ai_summary, false));
    summary->SetValue("AI_MODEL", paper.ai_model);
    for (const auto& keyword : paper.ai_keywords) {
      auto* k = summary->AddSectionDictionary("KEYWORD");
      k->SetValue("KEYWORD_TEXT", keyword);
      k->SetValue("KEYWORD_QUERY", url_query("\"" + keyword + "\""));
    }
  }
  const bool any =
      !paper.code_link.empty() || !paper.project_page.empty() || !paper.hub_artifacts.empty();
  if (any || may_edit) {
    auto* links = dict.AddSectionDictionary("PAPER_LINKS");
    add_code(*links, paper);
    if (!paper.project_page.empty())
      links->SetValueAndShowSection("PAGE_URL", paper.project_page, "PROJECT_PAGE");
    for (const auto& artifact : paper.hub_artifacts) {
      auto [kind, id] = split_hub_artifact(artifact);
      auto* a = links->AddSectionDictionary("ARTIFACT");
      a->SetValue("ARTIFACT_KIND", kind == "model"     ? "Model"
                                   : kind == "dataset" ? "Dataset"
                                                       : "Space");
      a->SetValue("ARTIFACT_ID", std::string(id));
      a->SetValue("ARTIFACT_URL", hub_url(kind, id));
    }
    if (!any) links->ShowSection("NO_LINKS");
    if (may_edit) {
      auto* edit = links->AddSectionDictionary("EDIT_LINKS");
      edit->SetValue("ID_PATH", url_path(paper.id));
      edit->SetValue("CSRF", csrf);
      edit->SetValue("EDIT_CODE", paper.code_link);
      edit->SetValue("EDIT_PAGE", paper.project_page);
      edit->SetValue("EDIT_MODELS", ids_of(paper, "model"));
      edit->SetValue("EDIT_DATASETS", ids_of(paper, "dataset"));
      edit->SetValue("EDIT_SPACES", ids_of(paper, "space"));
    }
  }
}

void add_paper_org(ctemplate::TemplateDictionary& dict, Store& store, const Visitor& visitor,
                   const StoredPaper& stored) {
  add_organization(dict, stored.paper);
  if (!visitor.user || visitor.user->suspended != 0) return;
  const auto choices = orgs_to_link(store, *visitor.user, stored);
  const bool unlink = may_unlink_org(store, *visitor.user, stored);
  if (choices.empty() && !unlink) return;
  dict.ShowSection("ORG_FORM");
  dict.SetValue("ORG_FORM_LABEL", stored.paper.organization.empty() ? "Link to an organisation"
                                                                    : "Change its organisation");
  if (!choices.empty()) {
    auto* form = dict.AddSectionDictionary("ORG_CHOICES");
    for (const auto& m : choices) {
      auto* choice = form->AddSectionDictionary("ORG_CHOICE");
      choice->SetValue("CHOICE_NAME", m.name);
      choice->SetValue("CHOICE_FULLNAME", m.fullname);
    }
  }
  if (unlink) {
    dict.SetValueAndShowSection("ORGANIZATION_NAME",
                                stored.paper.organization_fullname.empty()
                                    ? stored.paper.organization
                                    : stored.paper.organization_fullname,
                                "ORG_UNLINK");
  }
}

void add_collection_form(ctemplate::TemplateDictionary& dict, Store& store, const Visitor& visitor,
                         const StoredPaper& stored, const std::string& just_added) {
  if (!visitor.user || visitor.user->suspended != 0) return;
  auto* section = dict.AddSectionDictionary("ADD_TO_COLLECTION");
  const auto collections = editable_collections(store, *visitor.user);
  ctemplate::TemplateDictionary* form = nullptr;
  if (!collections.empty()) {
    form = section->AddSectionDictionary("CHOICES");
    form->SetValue("CSRF", visitor.csrf);
    form->SetValue("ID", stored.paper.id);
    form->SetValue("ID_PATH", url_path(stored.paper.id));
  }
  std::vector<int64_t> ids;
  ids.reserve(collections.size());
  for (const auto& c : collections) ids.push_back(c.id);
  auto holding = store.collections().holding(stored.doc_id, ids);
  for (const auto& c : collections) {
    const bool in =
        holding.ok() && std::find(holding->begin(), holding->end(), c.id) != holding->end();
    if (in) {
      section->ShowSection("IN");
      auto* entry = section->AddSectionDictionary("IN_COLLECTION");
      entry->SetIntValue("IN_ID", static_cast<long>(c.id));
      entry->SetValue("IN_TITLE", c.title);
      if (just_added == std::to_string(c.id)) {
        section->ShowSection("OPEN");
        auto* notice = section->AddSectionDictionary("ADDED_NOTICE");
        notice->SetIntValue("ADDED_ID", static_cast<long>(c.id));
        notice->SetValue("ADDED_TITLE", c.title);
      }
    }
    auto* choice = form->AddSectionDictionary("CHOICE");
    choice->SetIntValue("CHOICE_ID", static_cast<long>(c.id));
    choice->SetValue("CHOICE_TITLE", c.title);
    choice->SetValue("CHOICE_OWNER", c.owner_name);
  }
}

}  // namespace paperboy
