// The papers of one PgStore::write, sent as a handful of statements rather than several per
// paper: the rows they replace are read in one statement, each paper is planned in memory
// (plan_upsert, as one by one), and the writes go as arrays (unnest). Over a network, or a
// local socket, a round trip per statement is what an ingest into PostgreSQL waits on.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/change_batch.h"
#include "store/postgres/pg_connection.h"

namespace paperboy {

class PgPaperWrites {
 public:
  explicit PgPaperWrites(PgConnection& conn) : conn_(conn) {}

  // Reads the stored rows (withdrawn or not) of every paper in `papers`.
  Status read_stored(std::span<const Paper> papers);
  // Plans `paper` over the row it replaces (or over its own earlier copy in this batch) and
  // queues its write, with change number ++seq unless nothing changes.
  Result<PaperChange> upsert(const Paper& paper, int64_t& seq);
  // Sends the queued writes: new papers, updated papers, then their authors and categories.
  Status flush();

 private:
  struct QueuedWrite {
    Paper paper;
    int64_t seq = 0;
    int64_t doc_id = 0;  // 0: a new paper, numbered by its INSERT
  };
  Status insert_new(std::vector<QueuedWrite*>& writes);
  Status update_stored(const std::vector<QueuedWrite*>& writes);
  Status add_hub_organizations(const std::vector<QueuedWrite*>& writes);
  Status replace_lists(const std::vector<QueuedWrite*>& writes,
                       const std::vector<int64_t>& replaced);

  PgConnection& conn_;
  std::unordered_map<std::string, std::optional<StoredPaper>> stored_;  // by arXiv id
  std::vector<QueuedWrite> queued_;
  std::unordered_map<std::string, size_t> queued_by_id_;
};

}  // namespace paperboy
