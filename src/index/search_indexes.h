// Both search indexes brought up to the store in one call, as every command that changes papers
// needs: the lexical index, then the vectors of the active embedding model (the built-in model is
// trained first on a store that has no model yet and enough papers).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "embed/embedder.h"
#include "index/index_writer.h"
#include "index/vector_writer.h"
#include "store/store.h"

namespace paperboy {

struct SearchIndexesUpdate {
  IndexUpdate lexical;
  std::optional<VectorIndexUpdate> vectors;  // nullopt: no model yet (too few papers to train one)
  std::string model;                         // the model's description
};

// `embedder` may be null: the data directory's active model is loaded (or trained).
Result<SearchIndexesUpdate> update_search_indexes(
    Store& store, const std::filesystem::path& data_dir, const IndexOptions& lexical,
    const VectorIndexOptions& vectors, const Embedder* embedder = nullptr, bool rebuild = false);

}  // namespace paperboy
