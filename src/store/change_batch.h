// The part of Store::write that does not depend on the database: which change storing a paper
// makes (merge_papers, withdrawal and reinstatement rules), and the counting of a batch. Each
// backend supplies its own lookups and writes.
#pragma once

#include <functional>
#include <optional>

#include "store/store.h"

namespace paperboy {

enum class PaperChange { kInserted, kUpdated, kReinstated, kUnchanged };

// What storing `incoming` over `stored` (nullopt: not stored yet) does, and the paper to write
// unless it is kUnchanged. A withdrawn paper comes back only with a newer version, or metadata
// updated after the withdrawal.
struct PlannedUpsert {
  PaperChange change = PaperChange::kUnchanged;
  Paper paper;
};
PlannedUpsert plan_upsert(const std::optional<StoredPaper>& stored, const Paper& incoming);

struct AppliedBatch {
  UpsertCounts counts;
  int64_t listed_delta = 0;  // how far the listed-paper counter moves
};

// Runs each paper, then each withdrawal, through the backend's steps, in order, inside the
// caller's transaction, and counts them; an error names the paper.
Result<AppliedBatch> apply_batch(
    const ChangeBatch& batch, const std::function<Result<PaperChange>(const Paper&)>& upsert_one,
    const std::function<Result<bool>(const Withdrawal&)>& withdraw_one);
// validate_paper on every paper, before a backend opens its transaction: the first bad paper
// fails the whole batch.
Status validate_batch(const ChangeBatch& batch);

}  // namespace paperboy
