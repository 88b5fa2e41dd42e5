// Which embedding model a data directory uses, and where its files are:
//   models/builtin-lsa.bin   the built-in model, trained from the store (`paperboy model train`)
//   models/<name>/           transformer models installed with `paperboy model install|fetch`
//   models/endpoint.json     an embedding endpoint (`paperboy model use-endpoint`,
//   endpoint_config.h) models/active            the model in use: an installed model's name, or
//   "@endpoint";
//                            absent: the built-in model
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "embed/embedder.h"
#include "embed/lsa_training.h"
#include "index/endpoint_config.h"
#include "store/store.h"

namespace paperboy {

class ModelCatalog {
 public:
  explicit ModelCatalog(const std::filesystem::path& data_dir) : dir_(data_dir / "models") {}

  std::filesystem::path builtin_file() const { return dir_ / "builtin-lsa.bin"; }
  std::filesystem::path endpoint_file() const { return dir_ / "endpoint.json"; }
  // "BAAI/bge-small-en-v1.5" lives in models/BAAI--bge-small-en-v1.5.
  std::filesystem::path model_dir(const std::string& name) const;
  std::optional<std::string> active_name() const;

  // The model in use: the active transformer, else the built-in model; nullptr when there is
  // neither yet. A damaged model is an error naming its file.
  Result<std::unique_ptr<Embedder>> load_active() const;

  // Copies a sentence-transformers directory in (after loading it successfully) and makes it
  // the active model. The next index update re-embeds every paper with it.
  Status install(const std::filesystem::path& source, const std::string& name) const;
  // Makes `name` (already under models/) the active model.
  Status activate(const std::string& name) const;
  // Records an endpoint (connected and checked already) and makes it the model in use.
  Status use_endpoint(const EndpointConfig& config) const;
  // Whether the model in use is an endpoint.
  bool endpoint_active() const;
  // Goes back to the built-in model.
  Status use_builtin() const;

 private:
  std::filesystem::path dir_;
};

// Trains the built-in model on every stored paper and saves it (atomically) to `file`.
Result<std::unique_ptr<Embedder>> train_builtin_model(Store& store,
                                                      const std::filesystem::path& file,
                                                      const LsaSettings& settings);

// On a store several servers share (Store::shared), the built-in model is the store's
// (shared_model.h): this adopts the store's copy into the data directory, or publishes the
// directory's own when the store has none. Nothing to do with a transformer active, or on a
// store of one's own.
struct SharedModelSync {
  bool another_is_training = false;  // the store has none yet and another server is making it
  // Held when the store has none and neither has this directory: train one, then publish it.
  std::unique_ptr<JobLock> training;
};
Result<SharedModelSync> sync_shared_model(Store& store, const ModelCatalog& catalog);

// The model for an index update: the active one; on a store with no model yet, the built-in
// model is trained first (so a fresh install gets semantic search). nullptr when the store is
// too small to train on.
Result<std::unique_ptr<Embedder>> model_for_indexing(Store& store,
                                                     const std::filesystem::path& data_dir,
                                                     bool show_progress);

}  // namespace paperboy
