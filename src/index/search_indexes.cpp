#include "index/search_indexes.h"

#include "index/model_catalog.h"

namespace paperboy {

Result<SearchIndexesUpdate> update_search_indexes(Store& store,
                                                  const std::filesystem::path& data_dir,
                                                  const IndexOptions& lexical,
                                                  const VectorIndexOptions& vectors,
                                                  const Embedder* embedder, bool rebuild) {
  const auto index_dir = data_dir / "index";
  SearchIndexesUpdate update;
  auto lexical_update = rebuild ? rebuild_lexical_index(store, index_dir, lexical)
                                : update_lexical_index(store, index_dir, lexical);
  if (!lexical_update) return lexical_update.error();
  update.lexical = *lexical_update;
  std::unique_ptr<Embedder> loaded;
  if (!embedder) {
    auto model = model_for_indexing(store, data_dir, vectors.show_progress);
    if (!model) return model.error();
    loaded = std::move(*model);
    embedder = loaded.get();
  }
  if (!embedder) return update;
  update.model = embedder->info().description;
  auto vector_update = rebuild ? rebuild_vector_index(store, index_dir, *embedder, vectors)
                               : update_vector_index(store, index_dir, *embedder, vectors);
  if (!vector_update) return vector_update.error();
  update.vectors = *vector_update;
  return update;
}

}  // namespace paperboy
