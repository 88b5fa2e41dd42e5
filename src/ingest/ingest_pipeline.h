// Bulk ingest of files into the store: validate → normalise → dedupe (by the store's upsert)
// → store, one transaction per batch. A file killed half-way resumes from its last committed
// batch; a bad record is reported with file and line, counted and skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace paperboy {

struct IngestOptions {
  size_t batch_size = 1000;
  bool resume = true;         // pick up an interrupted run of the same, unchanged file
  bool show_progress = true;  // a Progress line on stderr
  // Receives "FILE:LINE: reason" for each rejected record; stderr when unset.
  std::function<void(const std::string&)> on_rejected;
};

struct IngestReport {
  int64_t records = 0;  // records read this run (good and bad)
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t resumed_from_line = 0;  // 0 when the file was read from its start
};

class IngestPipeline {
 public:
  IngestPipeline(Store& store, IngestOptions options);

  // Reads a file of any supported format, recognised by content:
  //  - JSON lines (one object per line): the arXiv metadata snapshot or paperboy's export,
  //    told apart line by line;
  //  - a JSON array: a Hugging Face daily-papers list.
  // Fails only when the file cannot be read or stored; bad records are counted instead.
  Result<IngestReport> ingest_file(const std::string& path);

 private:
  Result<IngestReport> ingest_json_lines(const std::string& path);
  Result<IngestReport> ingest_hf_daily(const std::string& path);
  void reject(const std::string& where, const std::string& why, IngestReport& report);

  Store& store_;
  IngestOptions options_;
};

}  // namespace paperboy
