// paperboy model status|train|install|fetch|use-endpoint|use-builtin: the embedding model semantic
// search uses.
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "embed/endpoint_embedder.h"
#include "embed/lsa_training.h"
#include "embed/model_fetch.h"
#include "index/ivf_build.h"
#include "index/model_catalog.h"
#include "index/shared_model.h"
#include "index/vector_index.h"
#include "net/http_client.h"

namespace paperboy::cli {
namespace {

// Re-embeds the store with whatever model is now active.
void reindex(CliContext& context, bool quiet) {
  auto store = context.open_store();
  if (!store.ok()) return context.fail(store.error().message);
  IndexOptions lexical;
  lexical.show_progress = !quiet;
  VectorIndexOptions vectors;
  vectors.show_progress = !quiet;
  auto update = update_search_indexes(**store, context.data_dir, lexical, vectors);
  if (!update.ok()) return context.fail(update.error().message);
  print_index_update(*update);
}

struct PrefixArgs {
  std::string query_prefix, document_prefix, document_format;
  bool any() const {
    return !query_prefix.empty() || !document_prefix.empty() || !document_format.empty();
  }
};

void add_prefix_options(CLI::App* cmd, PrefixArgs& args) {
  cmd->add_option("--query-prefix", args.query_prefix,
                  "text put before every query (e5: \"query: \")");
  cmd->add_option("--document-prefix", args.document_prefix,
                  "text put before every paper (e5: \"passage: \")");
  cmd->add_option("--document-format", args.document_format,
                  "how a paper is written for the model: {title}, {abstract}, {sep} (SPECTER2: "
                  "\"{title}{sep}{abstract}\")");
}

// Settings the model card states but the hub files may not: kept in the model's paperboy.json.
Status write_prefixes(const std::filesystem::path& dir, const PrefixArgs& args) {
  if (!args.any()) return {};
  nlohmann::json doc = nlohmann::json::object();
  if (std::ifstream in(dir / "paperboy.json"); in) doc = nlohmann::json::parse(in, nullptr, false);
  if (!doc.is_object()) doc = nlohmann::json::object();
  if (!args.query_prefix.empty()) doc["query_prefix"] = args.query_prefix;
  if (!args.document_prefix.empty()) doc["document_prefix"] = args.document_prefix;
  if (!args.document_format.empty()) doc["document_format"] = args.document_format;
  std::ofstream out(dir / "paperboy.json", std::ios::trunc);
  out << doc.dump(2) << '\n';
  if (!out) return Error{fmt::format("{}: cannot write", (dir / "paperboy.json").string())};
  return {};
}

// How the endpoint in use is driven, and whether its key is there.
void print_endpoint(const ModelCatalog& catalog) {
  auto config = read_endpoint_config(catalog.endpoint_file());
  if (!config) return;
  fmt::print(
      "endpoint: {} model {}, {} dimensions{}; {} texts a request, {} requests at once, {} s "
      "timeout\n",
      embeddings_url(config->endpoint.url), config->endpoint.model, config->endpoint.dimensions,
      config->endpoint.ask_dimensions ? " (asked for)" : "", config->limits.batch,
      config->limits.concurrency, config->limits.timeout.count());
  fmt::print("key: {}\n", config->endpoint.api_key.empty()
                              ? fmt::format("none (${} is not set)", kEmbeddingsKeyVariable)
                              : fmt::format("from ${}", kEmbeddingsKeyVariable));
}

}  // namespace

void add_model_command(CLI::App& app, CliContext& context) {
  auto* model =
      app.add_subcommand("model", "The embedding model behind semantic search and similar papers.");
  model->require_subcommand(1);

  model->add_subcommand("status", "Show the model in use and the vector index.")
      ->callback([&context] {
        ModelCatalog catalog(context.data_dir);
        auto active = catalog.load_active();
        if (!active.ok()) return context.fail(active.error().message);
        fmt::print("model: {}\n",
                   *active ? (*active)->info().description + "\nid: " + (*active)->info().id
                           : std::string("none yet (`paperboy index` trains the built-in model)"));
        if (catalog.endpoint_active()) print_endpoint(catalog);
        auto vectors = VectorIndex::open(context.index_dir());
        if (!vectors.ok()) return (void)fmt::print("vectors: none\n");
        const auto& state = (*vectors)->state();
        fmt::print("vectors: {} papers, {} dimensions, {} index, made by {}{}\n",
                   (*vectors)->size(), state.dimension, to_string(state.kind), state.model_id,
                   *active && (*active)->info().id != state.model_id
                       ? " (stale: run `paperboy index`)"
                       : "");
        if (state.kind == VectorIndexKind::ivf) {
          fmt::print(
              "ivf: {} lists probed per query; recall@10 {:.3f} against exact search when built, "
              "{:.2f} ms a query (budget {:g} ms)\n",
              state.search_probes, state.measured_recall, state.calibrated_ms,
              state.search_budget_ms);
          if (state.probes_capped) {
            fmt::print(
                "ivf: capped by its latency budget below the {:.2f} recall target: these vectors "
                "cluster poorly; `paperboy index --rebuild --vector-budget-ms N` trades speed for "
                "recall\n",
                kIvfRecallTarget);
          }
        }
      });

  struct TrainArgs {
    LsaSettings settings;
    std::string builtin = "contrastive";
    bool quiet = false;
  };
  auto train_args = std::make_shared<TrainArgs>();
  auto* train =
      model->add_subcommand("train",
                            "Train the built-in model on the stored papers (and re-embed them "
                            "when it is the model in use).");
  train->add_option("--dimensions", train_args->settings.dimensions, "vector size")
      ->capture_default_str();
  train
      ->add_option(
          "--builtin", train_args->builtin,
          "contrastive (LSA refined on title/abstract pairs) or lsa (LSA alone, for comparison)")
      ->check(CLI::IsMember({"contrastive", "lsa"}))
      ->capture_default_str();
  train->add_option("--max-terms", train_args->settings.max_terms, "vocabulary size")
      ->capture_default_str();
  train
      ->add_option("--sample", train_args->settings.max_training_papers,
                   "train on at most this many papers, a fixed sample of a larger store (0: all; "
                   "memory grows "
                   "with it, about 6.4 GiB at 1,000,000)")
      ->capture_default_str();
  train
      ->add_option("--seed", train_args->settings.seed,
                   "random seed (same corpus and seed: same model)")
      ->capture_default_str();
  train->add_flag("-q,--quiet", train_args->quiet, "no progress output");
  train->callback([train_args, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    ModelCatalog catalog(context.data_dir);
    train_args->settings.show_progress = !train_args->quiet;
    train_args->settings.refine = train_args->builtin == "contrastive";
    auto trained = train_builtin_model(**store, catalog.builtin_file(), train_args->settings);
    if (!trained.ok()) return context.fail(trained.error().message);
    fmt::print("trained {}\n", (*trained)->info().description);
    // Servers sharing the store take it when they next start (shared_model.h).
    if ((*store)->shared()) {
      if (auto s = publish_shared_model(**store, catalog.builtin_file()); !s.ok())
        return context.fail(s.message());
      fmt::print("published to the shared store: other servers take it when they restart\n");
    }
    if (!catalog.active_name()) reindex(context, train_args->quiet);
  });

  struct InstallArgs {
    std::string dir, name;
    PrefixArgs prefixes;
    bool no_index = false;
  };
  auto install_args = std::make_shared<InstallArgs>();
  auto* install =
      model->add_subcommand("install",
                            "Install a sentence-transformers model from a local directory, "
                            "make it the model in use and re-embed the papers.");
  install->add_option("dir", install_args->dir, "the model's directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  install->add_option("--name", install_args->name, "its name (default: the directory's name)");
  add_prefix_options(install, install_args->prefixes);
  install->add_flag("--no-index", install_args->no_index,
                    "do not re-embed now (searches stay lexical until then)");
  install->callback([install_args, &context] {
    std::filesystem::path dir = install_args->dir;
    std::string name = install_args->name.empty() ? dir.lexically_normal().filename().string()
                                                  : install_args->name;
    ModelCatalog catalog(context.data_dir);
    if (auto installed = catalog.install(dir, name); !installed.ok())
      return context.fail(installed.message());
    if (auto written = write_prefixes(catalog.model_dir(name), install_args->prefixes);
        !written.ok()) {
      return context.fail(written.message());
    }
    fmt::print("installed {} in {}\n", name, catalog.model_dir(name).string());
    if (!install_args->no_index) reindex(context, false);
  });

  struct FetchArgs {
    ModelFetchRequest request;
    PrefixArgs prefixes;
    bool no_index = false;
    int timeout = 60;
  };
  auto fetch_args = std::make_shared<FetchArgs>();
  auto* fetch =
      model->add_subcommand("fetch",
                            "Download a sentence-transformers model from the Hugging Face hub "
                            "(resumable, sizes and SHA-256 checked), install it and re-embed.");
  fetch->add_option("name", fetch_args->request.name, "e.g. sentence-transformers/all-MiniLM-L6-v2")
      ->required();
  fetch->add_option("--revision", fetch_args->request.revision, "branch, tag or commit")
      ->capture_default_str();
  fetch->add_option("--base-url", fetch_args->request.base_url, "the hub or a mirror")
      ->capture_default_str();
  fetch->add_option("--timeout", fetch_args->timeout, "seconds to connect")->capture_default_str();
  add_prefix_options(fetch, fetch_args->prefixes);
  fetch->add_flag("--no-index", fetch_args->no_index, "do not re-embed now");
  fetch->callback([fetch_args, &context] {
    ModelCatalog catalog(context.data_dir);
    auto& request = fetch_args->request;
    while (request.base_url.ends_with('/')) request.base_url.pop_back();
    request.target = catalog.model_dir(request.name);
    HttpClientOptions options;
    options.connect_timeout = std::chrono::seconds(fetch_args->timeout);
    options.timeout = std::chrono::seconds(600);
    auto http = make_curl_client(options);
    auto report = fetch_model(*http, request,
                              [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
    if (!report.ok()) return context.fail(report.error().message);
    fmt::print("{}: {} files, {} downloaded ({} resumed), {} bytes\n", request.name, report->files,
               report->downloaded, report->resumed, report->bytes);
    if (auto written = write_prefixes(request.target, fetch_args->prefixes); !written.ok()) {
      return context.fail(written.message());
    }
    if (auto installed = catalog.install(request.target, request.name); !installed.ok()) {
      return context.fail(installed.message());
    }
    if (!fetch_args->no_index) reindex(context, false);
  });

  struct EndpointArgs {
    EndpointConfig config;
    PrefixArgs prefixes;
    int timeout = 60;
    bool no_index = false;
  };
  auto endpoint_args = std::make_shared<EndpointArgs>();
  auto* endpoint = model->add_subcommand(
      "use-endpoint",
      "Use an OpenAI-compatible embeddings endpoint (llama.cpp, Ollama, vLLM, TEI) as the model "
      "and re-embed "
      "through it. A key, if it needs one, is read from $PAPERBOY_EMBEDDINGS_KEY.");
  endpoint->add_option("url", endpoint_args->config.endpoint.url, "e.g. http://gpu-box:8080/v1")
      ->required();
  endpoint
      ->add_option("--model", endpoint_args->config.endpoint.model,
                   "the model name the endpoint serves")
      ->required();
  endpoint->add_option("--dimensions", endpoint_args->config.endpoint.dimensions,
                       "ask for vectors of this size (for models that can shorten theirs); "
                       "default: the model's own");
  endpoint->add_option("--batch", endpoint_args->config.limits.batch, "texts per request")
      ->check(CLI::Range(1, 2048))
      ->capture_default_str();
  endpoint
      ->add_option("--concurrency", endpoint_args->config.limits.concurrency,
                   "requests in flight at once")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  endpoint->add_option("--timeout", endpoint_args->timeout, "seconds one request may take")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  endpoint->add_option("--query-prefix", endpoint_args->prefixes.query_prefix,
                       "text put before every query (e5: \"query: \")");
  endpoint->add_option("--document-prefix", endpoint_args->prefixes.document_prefix,
                       "text put before every paper (e5: \"passage: \")");
  endpoint->add_flag("--no-index", endpoint_args->no_index, "do not re-embed now");
  endpoint->callback([endpoint_args, &context] {
    auto& config = endpoint_args->config;
    config.endpoint.ask_dimensions = config.endpoint.dimensions > 0;
    config.endpoint.query_prefix = endpoint_args->prefixes.query_prefix;
    config.endpoint.document_prefix = endpoint_args->prefixes.document_prefix;
    config.limits.timeout = std::chrono::seconds(endpoint_args->timeout);
    if (const char* key = std::getenv(kEmbeddingsKeyVariable)) config.endpoint.api_key = key;
    // One request first: an endpoint that cannot embed is refused before anything changes.
    auto connected =
        EndpointEmbedder::connect(config.endpoint, config.limits, default_endpoint_transport());
    if (!connected.ok()) return context.fail(connected.error().message);
    config.endpoint = (*connected)->endpoint();
    ModelCatalog catalog(context.data_dir);
    if (auto used = catalog.use_endpoint(config); !used.ok()) return context.fail(used.message());
    fmt::print("using {}\nid: {}\n", (*connected)->info().description, (*connected)->info().id);
    if (!endpoint_args->no_index) reindex(context, false);
  });

  model->add_subcommand("use-builtin", "Go back to the built-in model and re-embed.")
      ->callback([&context] {
        if (auto done = ModelCatalog(context.data_dir).use_builtin(); !done.ok())
          return context.fail(done.message());
        reindex(context, false);
      });
}

}  // namespace paperboy::cli
