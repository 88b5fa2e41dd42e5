#include "index/model_catalog.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>

#include "embed/lsa_model.h"
#include "embed/sentence_transformer.h"
#include "index/shared_model.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

// Enough papers for a few dozen topics; fewer and the built-in model waits for more.
constexpr int64_t kMinimumPapersToTrain = 50;
// What models/active holds when the model is an endpoint; installed names cannot start with '@'.
constexpr const char* kEndpointName = "@endpoint";

}  // namespace

fs::path ModelCatalog::model_dir(const std::string& name) const {
  std::string folder = name;
  for (size_t at; (at = folder.find('/')) != std::string::npos;) folder.replace(at, 1, "--");
  return dir_ / folder;
}

std::optional<std::string> ModelCatalog::active_name() const {
  std::ifstream in(dir_ / "active");
  std::string name;
  if (!in || !std::getline(in, name) || name.empty()) return std::nullopt;
  return name;
}

bool ModelCatalog::endpoint_active() const { return active_name() == kEndpointName; }

Status ModelCatalog::use_endpoint(const EndpointConfig& config) const {
  if (auto written = write_endpoint_config(endpoint_file(), config); !written.ok()) return written;
  return activate(kEndpointName);
}

Result<std::unique_ptr<Embedder>> ModelCatalog::load_active() const {
  if (endpoint_active()) {
    auto config = read_endpoint_config(endpoint_file());
    if (!config) return config.error();
    return std::unique_ptr<Embedder>(
        EndpointEmbedder::open(config->endpoint, config->limits, default_endpoint_transport()));
  }
  if (auto name = active_name()) {
    auto model = SentenceTransformer::load(model_dir(*name), *name);
    if (!model) return Error{fmt::format("model {}: {}", *name, model.error().message)};
    return std::unique_ptr<Embedder>(std::move(*model));
  }
  if (!fs::exists(builtin_file())) return std::unique_ptr<Embedder>();
  auto model = LsaModel::load(builtin_file());
  if (!model) return model.error();
  return std::unique_ptr<Embedder>(std::move(*model));
}

Status ModelCatalog::activate(const std::string& name) const {
  const fs::path temporary = dir_ / "active.tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << name << '\n';
    if (!out) return Error{fmt::format("{}: cannot write", temporary.string())};
  }
  std::error_code ec;
  fs::rename(temporary, dir_ / "active", ec);
  if (ec) return Error{fmt::format("{}: {}", (dir_ / "active").string(), ec.message())};
  return {};
}

Status ModelCatalog::use_builtin() const {
  std::error_code ec;
  fs::remove(dir_ / "active", ec);
  if (ec) return Error{fmt::format("{}: {}", (dir_ / "active").string(), ec.message())};
  return {};
}

Status ModelCatalog::install(const fs::path& source, const std::string& name) const {
  if (name.empty() || name.find("..") != std::string::npos || name.front() == '/' ||
      name.front() == '@') {
    return Error{fmt::format(
        "\"{}\" is not a model name (like sentence-transformers/all-MiniLM-L6-v2)", name)};
  }
  auto loaded = SentenceTransformer::load(source, name);
  if (!loaded) return loaded.error();
  const fs::path target = model_dir(name);
  std::error_code ec;
  if (fs::equivalent(source, target, ec)) return activate(name);  // installed already, in place
  const fs::path staging = target.string() + ".installing";
  fs::remove_all(staging, ec);
  fs::create_directories(staging.parent_path(), ec);
  fs::copy(source, staging, fs::copy_options::recursive, ec);
  if (ec)
    return Error{
        fmt::format("copying {} to {}: {}", source.string(), staging.string(), ec.message())};
  fs::remove_all(target, ec);
  fs::rename(staging, target, ec);
  if (ec) return Error{fmt::format("{}: {}", target.string(), ec.message())};
  return activate(name);
}

Result<std::unique_ptr<Embedder>> train_builtin_model(Store& store, const fs::path& file,
                                                      const LsaSettings& settings) {
  auto papers = store.paper_count();
  if (!papers) return papers.error();
  LsaTrainer trainer;
  auto scanned = store.scan_by_id([&](const StoredPaper& stored) {
    if (in_training_sample(stored.paper.id, static_cast<size_t>(*papers),
                           settings.max_training_papers)) {
      trainer.add_document(stored.paper.title, stored.paper.abstract);
    }
    return true;
  });
  if (!scanned.ok()) return scanned.error();
  RefinementReport refined;
  auto model = trainer.train(settings, &refined);
  if (!model) return model.error();
  if (settings.show_progress && refined.steps > 0) {
    std::fprintf(stderr,
                 "built-in model: refined on %zu pairs (titles and sentences with the rest of "
                 "their paper) in %zu "
                 "steps; held-out papers find their own abstract at MRR %.3f (LSA alone: %.3f)\n",
                 refined.training_pairs, refined.steps, refined.held_out_mrr_after,
                 refined.held_out_mrr_before);
  }
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (auto saved = (*model)->save(file); !saved.ok()) return saved.error();
  return std::unique_ptr<Embedder>(std::move(*model));
}

Result<SharedModelSync> sync_shared_model(Store& store, const ModelCatalog& catalog) {
  SharedModelSync sync;
  if (!store.shared() || catalog.active_name()) return sync;
  auto adopted = adopt_shared_model(store, catalog.builtin_file());
  if (!adopted) return adopted.error();
  if (*adopted) return sync;
  auto lock = store.try_lock_job("model-training");
  if (!lock) return lock.error();
  if (!*lock) {
    sync.another_is_training = true;
    return sync;
  }
  adopted = adopt_shared_model(store, catalog.builtin_file());  // published meanwhile?
  if (!adopted) return adopted.error();
  if (*adopted) return sync;
  if (fs::exists(catalog.builtin_file())) {
    if (auto s = publish_shared_model(store, catalog.builtin_file()); !s.ok()) return s.error();
    return sync;
  }
  sync.training = std::move(*lock);
  return sync;
}

Result<std::unique_ptr<Embedder>> model_for_indexing(Store& store, const fs::path& data_dir,
                                                     bool show_progress) {
  ModelCatalog catalog(data_dir);
  auto sync = sync_shared_model(store, catalog);
  if (!sync) return sync.error();
  // Another server is training the shared model: vectors wait for it (the next catch-up).
  if (sync->another_is_training) return std::unique_ptr<Embedder>();
  auto model = catalog.load_active();
  if (!model || *model) return model;
  auto papers = store.paper_count();
  if (!papers) return papers.error();
  if (*papers < kMinimumPapersToTrain) return std::unique_ptr<Embedder>();
  LsaSettings settings;
  settings.show_progress = show_progress;
  auto trained = train_builtin_model(store, catalog.builtin_file(), settings);
  // Papers too alike to learn topics from are not an indexing failure: search stays lexical
  // until there is more to learn from (or a transformer is installed).
  if (!trained && trained.error().code == ErrorCode::kTooLittleData)
    return std::unique_ptr<Embedder>();
  if (trained && sync->training) {
    if (auto s = publish_shared_model(store, catalog.builtin_file()); !s.ok()) return s.error();
  }
  return trained;
}

}  // namespace paperboy
