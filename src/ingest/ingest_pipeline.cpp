#include "ingest/ingest_pipeline.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/progress.h"
#include "ingest/hf_daily.h"
#include "ingest/line_reader.h"
#include "ingest/paper_json.h"
#include "ingest/snapshot_record.h"

namespace paperboy {
namespace {

using nlohmann::json;

// Where an interrupted ingest of a file stopped. Only trusted while the file is unchanged.
struct Checkpoint {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t offset = 0;
  int64_t line = 0;
};

std::string checkpoint_key(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return "ingest:" + (ec ? path : canonical.string());
}

Result<Checkpoint> file_identity(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0)
    return Error{"cannot stat " + path + ": " + std::strerror(errno)};
  return Checkpoint{info.st_size, info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec, 0,
                    0};
}

std::string encode(const Checkpoint& c) {
  return json{{"size", c.size}, {"mtime_ns", c.mtime_ns}, {"offset", c.offset}, {"line", c.line}}
      .dump();
}

std::optional<Checkpoint> decode(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Checkpoint c;
  c.size = j.value("size", int64_t{-1});
  c.mtime_ns = j.value("mtime_ns", int64_t{-1});
  c.offset = j.value("offset", int64_t{0});
  c.line = j.value("line", int64_t{0});
  return c;
}

void add(IngestReport& report, const UpsertCounts& counts) {
  report.inserted += counts.inserted;
  report.updated += counts.updated;
  report.unchanged += counts.unchanged;
}

// The first byte that is not white space tells a JSON array from JSON lines.
Result<char> first_significant_byte(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  char c = 0;
  while (in.get(c)) {
    if (!std::isspace(static_cast<unsigned char>(c))) return c;
  }
  return '\0';
}

Result<Paper> paper_from_line(const std::string& line) {
  json object = json::parse(line, nullptr, false);
  if (object.is_discarded()) return Error{"not valid JSON"};
  if (!object.is_object()) return Error{"expected a JSON object"};
  return looks_like_snapshot_record(object) ? paper_from_snapshot_record(object)
                                            : paper_from_json(object);
}

}  // namespace

IngestPipeline::IngestPipeline(Store& store, IngestOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.batch_size == 0) options_.batch_size = 1;
}

void IngestPipeline::reject(const std::string& where, const std::string& why,
                            IngestReport& report) {
  ++report.rejected;
  std::string message = where + ": " + why;
  if (options_.on_rejected) {
    options_.on_rejected(message);
  } else {
    fmt::print(stderr, "rejected {}\n", message);
  }
}

Result<IngestReport> IngestPipeline::ingest_file(const std::string& path) {
  auto first = first_significant_byte(path);
  if (!first.ok()) return first.error();
  if (*first == '[') return ingest_hf_daily(path);
  if (*first == '{' || *first == '\0') return ingest_json_lines(path);
  return Error{path + ": not a JSON array or JSON lines (starts with '" + std::string(1, *first) +
               "')"};
}

Result<IngestReport> IngestPipeline::ingest_json_lines(const std::string& path) {
  IngestReport report;
  std::string key = checkpoint_key(path);
  auto identity = file_identity(path);
  if (!identity.ok()) return identity.error();

  Checkpoint start;
  if (options_.resume) {
    auto saved = store_.job_state(key);
    if (!saved.ok()) return saved.error();
    if (saved->has_value()) {
      auto checkpoint = decode(**saved);
      if (checkpoint && checkpoint->size == identity->size &&
          checkpoint->mtime_ns == identity->mtime_ns) {
        start = *checkpoint;
        report.resumed_from_line = start.line + 1;
      } else {
        fmt::print(stderr, "{}: changed since an interrupted ingest; reading it from the start\n",
                   path);
      }
    }
  }

  auto reader = LineReader::open(path, start.offset);
  if (!reader.ok()) return reader.error();
  Progress progress("ingest " + std::filesystem::path(path).filename().string(), reader->size(),
                    "papers");
  std::vector<Paper> batch;
  batch.reserve(options_.batch_size);
  int64_t line_number = start.line;
  Checkpoint position = *identity;

  auto flush = [&](bool finished) -> Status {
    position.offset = reader->offset();
    position.line = line_number;
    JobState state{key, finished ? std::nullopt : std::optional<std::string>(encode(position))};
    auto counts = store_.upsert(batch, state);
    if (!counts.ok()) return Error{path + ": " + counts.error().message};
    add(report, *counts);
    batch.clear();
    return Status::Ok();
  };

  std::string line;
  while (reader->next(line)) {
    ++line_number;
    std::string where = fmt::format("{}:{}", path, line_number);
    if (reader->last_line_too_long()) {
      ++report.records;
      reject(where, "line longer than the 4 MiB limit", report);
    } else if (line.find_first_not_of(" \t") != std::string::npos) {
      ++report.records;
      auto paper = paper_from_line(line);
      if (paper.ok()) {
        batch.push_back(std::move(paper).value());
      } else {
        reject(where, paper.error().message, report);
      }
    }
    if (batch.size() >= options_.batch_size) {
      if (auto s = flush(false); !s.ok()) return s.error();
    }
    if (options_.show_progress) progress.update(reader->offset(), report.records);
  }
  if (auto s = flush(true); !s.ok()) return s.error();
  if (options_.show_progress) progress.finish(report.records);
  return report;
}

Result<IngestReport> IngestPipeline::ingest_hf_daily(const std::string& path) {
  // A daily list is one small document (tens of papers), so it is parsed whole and stored in
  // one transaction: nothing to resume.
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  json document = json::parse(in, nullptr, false);
  if (document.is_discarded()) return Error{path + ": not valid JSON"};
  auto items = papers_from_hf_daily(document);
  if (!items.ok()) return Error{path + ": " + items.error().message};

  IngestReport report;
  std::vector<Paper> papers;
  for (auto& item : *items) {
    ++report.records;
    if (item.paper.ok()) {
      papers.push_back(std::move(item.paper).value());
    } else {
      reject(fmt::format("{}: item {}", path, item.index), item.paper.error().message, report);
    }
  }
  auto counts = store_.upsert(papers);
  if (!counts.ok()) return Error{path + ": " + counts.error().message};
  add(report, *counts);
  return report;
}

}  // namespace paperboy
