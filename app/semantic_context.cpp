#include "semantic_context.h"

#include "index/model_catalog.h"

namespace paperboy::cli {

Result<SemanticContext> open_semantic_side(const CliContext& context) {
  SemanticContext semantic;
  if (!VectorIndex::exists(context.index_dir())) return semantic;
  auto model = ModelCatalog(context.data_dir).load_active();
  if (!model) return model.error();
  semantic.embedder = std::move(*model);
  auto vectors = VectorIndex::open(context.index_dir());
  if (!vectors) return vectors.error();
  semantic.vectors = std::move(*vectors);
  return semantic;
}

}  // namespace paperboy::cli
