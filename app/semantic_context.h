// The model and vector index a CLI command searches with, loaded once per command.
#pragma once

#include <memory>

#include "cli_context.h"
#include "embed/embedder.h"
#include "index/hybrid_search.h"
#include "index/vector_index.h"

namespace paperboy::cli {

struct SemanticContext {
  std::unique_ptr<Embedder> embedder;          // null when there is no model yet
  std::shared_ptr<const VectorIndex> vectors;  // null when there is no vector index yet
  SemanticSide side() const { return {vectors.get(), embedder.get()}; }
};

// Errors only for a damaged model or index; missing ones leave the side unusable.
Result<SemanticContext> open_semantic_side(const CliContext& context);

}  // namespace paperboy::cli
