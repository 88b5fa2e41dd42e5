#include "index/vector_generation.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace paperboy {
namespace {

namespace fs = std::filesystem;

size_t record_bytes(size_t dimension) { return 16 + dimension * 4; }

}  // namespace

std::string to_string(VectorIndexKind kind) {
  switch (kind) {
    case VectorIndexKind::flat:
      return "flat";
    case VectorIndexKind::hnsw:
      return "hnsw";
    case VectorIndexKind::hnsw_sq8:
      return "hnsw-sq8";
    case VectorIndexKind::ivf:
      return "ivf";
  }
  return "flat";
}

Result<VectorIndexKind> parse_vector_index_kind(std::string_view text) {
  if (text == "flat") return VectorIndexKind::flat;
  if (text == "hnsw") return VectorIndexKind::hnsw;
  if (text == "hnsw-sq8") return VectorIndexKind::hnsw_sq8;
  if (text == "ivf") return VectorIndexKind::ivf;
  return Error{fmt::format("unknown vector index kind \"{}\" (flat, ivf, hnsw or hnsw-sq8)", text)};
}

Result<VectorGenerationState> read_vector_state(const fs::path& generation) {
  const fs::path file = generation / "state.json";
  std::ifstream in(file);
  if (!in) return Error{fmt::format("{}: cannot read", file.string())};
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) return Error{fmt::format("{}: not valid JSON", file.string())};
  VectorGenerationState state;
  try {
    state.model_id = doc.at("model_id");
    state.dimension = doc.at("dimension");
    auto kind = parse_vector_index_kind(doc.at("kind").get<std::string>());
    if (!kind) return Error{fmt::format("{}: {}", file.string(), kind.error().message)};
    state.kind = *kind;
    state.store_seq = doc.at("store_seq");
    state.rows = doc.at("rows");
    state.dead_rows = doc.at("dead_rows").get<std::vector<int64_t>>();
    // Generations written before these fields: the index file holds every row.
    state.indexed_rows =
        doc.value("indexed_rows", state.kind == VectorIndexKind::flat ? int64_t{0} : state.rows);
    state.search_probes = doc.value("search_probes", 0);
    state.measured_recall = doc.value("measured_recall", 0.0);
    state.calibrated_ms = doc.value("calibrated_ms", 0.0);
    state.search_budget_ms = doc.value("search_budget_ms", 0.0);
    state.probes_capped = doc.value("probes_capped", false);
  } catch (const nlohmann::json::exception& e) {
    return Error{fmt::format("{}: {}", file.string(), e.what())};
  }
  return state;
}

Status write_vector_state(const fs::path& generation, const VectorGenerationState& state) {
  nlohmann::json doc = {{"model_id", state.model_id},
                        {"dimension", state.dimension},
                        {"kind", to_string(state.kind)},
                        {"store_seq", state.store_seq},
                        {"rows", state.rows},
                        {"dead_rows", state.dead_rows},
                        {"indexed_rows", state.indexed_rows},
                        {"search_probes", state.search_probes},
                        {"measured_recall", state.measured_recall},
                        {"calibrated_ms", state.calibrated_ms},
                        {"search_budget_ms", state.search_budget_ms},
                        {"probes_capped", state.probes_capped}};
  const fs::path temporary = generation / "state.json.tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << doc.dump() << '\n';
    out.flush();
    if (!out) return Error{fmt::format("{}: write failed", temporary.string())};
  }
  std::error_code ec;
  fs::rename(temporary, generation / "state.json", ec);
  if (ec) return Error{fmt::format("{}: {}", (generation / "state.json").string(), ec.message())};
  return {};
}

Result<VectorRows> read_vector_rows(const fs::path& generation, const VectorGenerationState& state,
                                    bool with_vectors) {
  const fs::path file = generation / "rows.bin";
  std::ifstream in(file, std::ios::binary);
  if (!in && state.rows > 0) return Error{fmt::format("{}: cannot read", file.string())};
  VectorRows rows;
  rows.doc_ids.resize(static_cast<size_t>(state.rows));
  rows.digests.resize(static_cast<size_t>(state.rows));
  if (with_vectors) rows.vectors.resize(static_cast<size_t>(state.rows) * state.dimension);
  // Without vectors only each record's 16-byte head is read; the rest is skipped.
  std::vector<char> record(with_vectors ? record_bytes(state.dimension) : 16);
  const auto skip = static_cast<std::streamoff>(record_bytes(state.dimension) - record.size());
  for (size_t r = 0; r < static_cast<size_t>(state.rows); ++r) {
    if (r > 0 && skip > 0) in.seekg(skip, std::ios::cur);
    if (!in.read(record.data(), static_cast<std::streamsize>(record.size()))) {
      return Error{fmt::format("{}: ends at row {} of {} (rebuild with `paperboy index --rebuild`)",
                               file.string(), r, state.rows)};
    }
    std::memcpy(&rows.doc_ids[r], record.data(), 8);
    std::memcpy(&rows.digests[r], record.data() + 8, 8);
    if (with_vectors)
      std::memcpy(&rows.vectors[r * state.dimension], record.data() + 16, state.dimension * 4);
  }
  return rows;
}

Status scan_vector_rows(const fs::path& generation, const VectorGenerationState& state,
                        int64_t first, size_t block,
                        const std::function<bool(int64_t, const VectorRows&)>& visit) {
  const fs::path file = generation / "rows.bin";
  std::ifstream in(file, std::ios::binary);
  if (!in && state.rows > first) return Error{fmt::format("{}: cannot read", file.string())};
  const size_t bytes = record_bytes(state.dimension);
  in.seekg(static_cast<std::streamoff>(static_cast<size_t>(first) * bytes));
  std::vector<char> buffer;
  for (int64_t row = first; row < state.rows;) {
    const size_t count = std::min<size_t>(block, static_cast<size_t>(state.rows - row));
    buffer.resize(count * bytes);
    if (!in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()))) {
      return Error{
          fmt::format("{}: ends before row {} of {} (rebuild with `paperboy index --rebuild`)",
                      file.string(), row + static_cast<int64_t>(count), state.rows)};
    }
    VectorRows rows;
    rows.doc_ids.resize(count);
    rows.digests.resize(count);
    rows.vectors.resize(count * state.dimension);
    for (size_t r = 0; r < count; ++r) {
      const char* record = buffer.data() + r * bytes;
      std::memcpy(&rows.doc_ids[r], record, 8);
      std::memcpy(&rows.digests[r], record + 8, 8);
      std::memcpy(&rows.vectors[r * state.dimension], record + 16, state.dimension * 4);
    }
    if (!visit(row, rows)) break;
    row += static_cast<int64_t>(count);
  }
  return {};
}

Status append_vector_rows(const fs::path& generation, const VectorGenerationState& state,
                          const VectorRows& rows) {
  const fs::path file = generation / "rows.bin";
  const size_t bytes = record_bytes(state.dimension);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error{fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno))};
  auto fail = [&](const char* what) {
    ::close(fd);
    return Error{fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno))};
  };
  const auto valid = static_cast<off_t>(static_cast<size_t>(state.rows) * bytes);
  if (::ftruncate(fd, valid) != 0 || ::lseek(fd, valid, SEEK_SET) != valid)
    return fail("cannot truncate");
  std::vector<char> buffer;
  buffer.reserve(rows.doc_ids.size() * bytes);
  for (size_t r = 0; r < rows.doc_ids.size(); ++r) {
    const char* id = reinterpret_cast<const char*>(&rows.doc_ids[r]);
    const char* digest = reinterpret_cast<const char*>(&rows.digests[r]);
    const char* vector = reinterpret_cast<const char*>(&rows.vectors[r * state.dimension]);
    buffer.insert(buffer.end(), id, id + 8);
    buffer.insert(buffer.end(), digest, digest + 8);
    buffer.insert(buffer.end(), vector, vector + state.dimension * 4);
  }
  for (size_t done = 0; done < buffer.size();) {
    ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
    if (n < 0) return fail("write failed");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("fsync failed");
  ::close(fd);
  return {};
}

uint64_t text_digest(std::string_view title, std::string_view abstract) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a, over title, a separator and abstract
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  };
  mix(title);
  mix(std::string_view("\0", 1));
  mix(abstract);
  return hash;
}

}  // namespace paperboy
