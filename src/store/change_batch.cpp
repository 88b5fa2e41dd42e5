#include "store/change_batch.h"

#include "core/paper_links.h"
#include "store/paper_merge.h"

namespace paperboy {

PlannedUpsert plan_upsert(const std::optional<StoredPaper>& stored, const Paper& incoming) {
  if (!stored) {
    Paper paper = incoming;
    resolve_paper_links(paper);
    return {PaperChange::kInserted, std::move(paper)};
  }
  if (!stored->withdrawn.empty()) {
    bool reinstated =
        incoming.version > stored->paper.version || incoming.updated > stored->withdrawn;
    if (!reinstated) return {PaperChange::kUnchanged, {}};
  }
  Paper merged = merge_papers(stored->paper, incoming);
  if (merged == stored->paper && stored->withdrawn.empty()) return {PaperChange::kUnchanged, {}};
  return {stored->withdrawn.empty() ? PaperChange::kUpdated : PaperChange::kReinstated,
          std::move(merged)};
}

Status validate_batch(const ChangeBatch& batch) {
  for (const Paper& paper : batch.papers) {
    if (auto s = validate_paper(paper); !s.ok()) return Error{s.message(), ErrorCode::kInvalid};
  }
  return Status::Ok();
}

Result<AppliedBatch> apply_batch(
    const ChangeBatch& batch, const std::function<Result<PaperChange>(const Paper&)>& upsert_one,
    const std::function<Result<bool>(const Withdrawal&)>& withdraw_one) {
  AppliedBatch applied;
  UpsertCounts& counts = applied.counts;
  for (const Paper& paper : batch.papers) {
    auto change = upsert_one(paper);
    if (!change.ok())
      return Error{"storing " + paper.id + ": " + change.error().message, change.error().code,
                   change.error().internal_text};
    switch (*change) {
      case PaperChange::kInserted:
        ++counts.inserted;
        ++applied.listed_delta;
        break;
      case PaperChange::kReinstated:
        ++counts.updated;
        ++applied.listed_delta;
        break;
      case PaperChange::kUpdated:
        ++counts.updated;
        break;
      case PaperChange::kUnchanged:
        ++counts.unchanged;
        break;
    }
  }
  for (const Withdrawal& withdrawal : batch.withdrawals) {
    auto withdrawn = withdraw_one(withdrawal);
    if (!withdrawn.ok()) {
      return Error{"withdrawing " + withdrawal.id + ": " + withdrawn.error().message,
                   withdrawn.error().code, withdrawn.error().internal_text};
    }
    if (*withdrawn) {
      ++counts.withdrawn;
      --applied.listed_delta;
    }
  }
  return applied;
}

}  // namespace paperboy
