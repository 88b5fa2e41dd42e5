// The files of one vector index generation (index/vectors-N/):
//   rows.bin     append-only records: doc_id (int64), text digest (uint64), `dimension` floats
//   faiss.index  the approximate index over the rows (IVF or HNSW, label = row number); none for
//                exact search. Searches map rows.bin (vector_row_file.h) to rank by exact vectors.
//   state.json   what is valid: model, dimension, kind, rows, dead rows, the store change reached
// A writer appends rows, then replaces faiss.index, then state.json (each by rename), so a
// reader that reads state.json first never trusts a row or label past `rows`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace paperboy {

inline constexpr const char* kVectorIndexName = "vectors";

enum class VectorIndexKind { flat, hnsw, hnsw_sq8, ivf };
std::string to_string(VectorIndexKind kind);
Result<VectorIndexKind> parse_vector_index_kind(std::string_view text);

struct VectorGenerationState {
  std::string model_id;  // every vector in the generation was made by this model
  size_t dimension = 0;
  VectorIndexKind kind = VectorIndexKind::flat;
  int64_t store_seq = 0;
  int64_t rows = 0;
  std::vector<int64_t> dead_rows;  // replaced or withdrawn papers' rows, until the next rebuild
  // Rows held by faiss.index; readers add the rows after them (appended by updates) when they
  // load, so a small update never rewrites the index file. 0 for exact search (no file).
  int64_t indexed_rows = 0;
  // IVF: lists probed per query, chosen at build time as the fewest reaching the recall target.
  int search_probes = 0;
  double measured_recall = 0;   // recall@10 against exact search at search_probes, at build time
  double calibrated_ms = 0;     // p50 of one query's vector search at search_probes, at build time
  double search_budget_ms = 0;  // the p50 the probes were chosen to stay within
  // The budget stopped the probes below the recall target: measured_recall is what searches get.
  bool probes_capped = false;
};

struct VectorRows {
  std::vector<int64_t> doc_ids;
  std::vector<uint64_t> digests;
  std::vector<float> vectors;  // rows × dimension
};

Result<VectorGenerationState> read_vector_state(const std::filesystem::path& generation);
Status write_vector_state(const std::filesystem::path& generation,
                          const VectorGenerationState& state);
// The first `rows` records; with `with_vectors` false only ids and digests are kept.
Result<VectorRows> read_vector_rows(const std::filesystem::path& generation,
                                    const VectorGenerationState& state, bool with_vectors);
// Visits rows [first, state.rows) in blocks of up to `block` rows (vectors included), in order,
// until `visit` returns false: how an index over millions of rows is built without holding
// them all in memory.
Status scan_vector_rows(
    const std::filesystem::path& generation, const VectorGenerationState& state, int64_t first,
    size_t block, const std::function<bool(int64_t first_row, const VectorRows& rows)>& visit);
// Appends after the first `valid_rows` records (dropping any a crash left beyond them) and syncs.
Status append_vector_rows(const std::filesystem::path& generation,
                          const VectorGenerationState& state, const VectorRows& rows);

// A digest of what a model reads, so a paper whose title and abstract did not change is not
// embedded again.
uint64_t text_digest(std::string_view title, std::string_view abstract);

}  // namespace paperboy
