#include "server/rules/link_actions.h"

#include "core/paper_links.h"
#include "server/rules/paper_facts.h"

namespace paperboy {
namespace {

constexpr size_t kMaxArtifactsPerKind = 50;

// The artefacts of one kind replaced by `ids` (when given), the others kept.
Status replace_artifacts(std::vector<std::string>& artifacts, std::string_view kind,
                         const std::optional<std::vector<std::string>>& ids) {
  if (!ids) return Status::Ok();
  if (ids->size() > kMaxArtifactsPerKind) {
    return Error{
        "at most " + std::to_string(kMaxArtifactsPerKind) + " linked " + std::string(kind) + "s",
        ErrorCode::kInvalid};
  }
  std::vector<std::string> kept;
  for (const auto& artifact : artifacts) {
    if (split_hub_artifact(artifact).first != kind) kept.push_back(artifact);
  }
  for (const auto& id : *ids) {
    auto artifact = normalise_hub_artifact(kind, id);
    if (!artifact.ok()) return artifact.error();
    if (std::find(kept.begin(), kept.end(), *artifact) == kept.end()) kept.push_back(*artifact);
  }
  artifacts = std::move(kept);
  return Status::Ok();
}

}  // namespace

bool may_edit_links(Store& store, const User& user, const StoredPaper& paper) {
  if (user.may_moderate()) return true;
  auto facts = community_facts(store, std::span(&paper, 1));
  if (!facts.ok() || facts->empty()) return false;
  const PaperCommunityFacts& f = facts->front();
  if (!f.local_submitter.empty() && f.local_submitter == user.handle) return true;
  return std::any_of(f.claimed_authors.begin(), f.claimed_authors.end(),
                     [&](const auto& claim) { return claim.second == user.handle; });
}

ActionOutcome edit_paper_links(Store& store, const User& user, const std::string& id_text,
                               const LinkEdit& edit) {
  auto key = parse_paper_key(id_text);
  if (!key.ok()) return bad_paper_id(id_text, key.error());
  auto found = store.get(key->id);
  if (!found.ok()) return action_failure(found.error());
  if (!found->has_value()) return action_failure(ErrorCode::kNotFound, "paper not found", key->id);
  StoredPaper stored = std::move(**found);
  if (!may_edit_links(store, user, stored)) {
    return action_failure(
        ErrorCode::kForbidden, "not allowed",
        "only the paper's authors (with an approved claim), the reader who listed it and "
        "moderators can change its links");
  }
  Paper paper = stored.paper;
  if (edit.code) {
    auto code = normalise_code_link(*edit.code);
    if (!code.ok()) return action_failure(ErrorCode::kInvalid, "bad link", code.error().message);
    if (*code != paper.code_link)
      paper.github_stars = 0;  // the hub's count was for another repository
    paper.code_link = *code;
  }
  if (edit.project_page) {
    auto page = normalise_page_link(*edit.project_page);
    if (!page.ok()) return action_failure(ErrorCode::kInvalid, "bad link", page.error().message);
    paper.project_page = *page;
  }
  for (auto [kind, ids] : {std::pair{"model", &edit.models}, std::pair{"dataset", &edit.datasets},
                           std::pair{"space", &edit.spaces}}) {
    if (auto s = replace_artifacts(paper.hub_artifacts, kind, *ids); !s.ok()) {
      return action_failure(ErrorCode::kInvalid, "bad link", s.message());
    }
  }
  paper.links_set_by = "@" + user.handle;  // never "" or "hub", whatever the handle
  auto written = store.upsert(std::span(&paper, 1));
  if (!written.ok()) return action_failure(written.error());
  auto after = store.get(paper.id);
  if (!after.ok() || !after->has_value())
    return action_failure(ErrorCode::kInternal, "store error",
                          "the paper vanished while its links were saved");
  ActionOutcome done;
  done.paper = std::move(**after);
  return done;
}

}  // namespace paperboy
