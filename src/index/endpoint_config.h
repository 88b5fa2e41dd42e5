// An embedding endpoint chosen with `paperboy model use-endpoint`, kept in models/endpoint.json
// of the data directory: where it is, which model, its dimension and how hard to drive it. The
// key is never written there; it is read from $PAPERBOY_EMBEDDINGS_KEY whenever the endpoint
// is used, so it stays out of files, backups and `ps`.
#pragma once

#include <filesystem>

#include "core/result.h"
#include "embed/endpoint_embedder.h"

namespace paperboy {

inline constexpr const char* kEmbeddingsKeyVariable = "PAPERBOY_EMBEDDINGS_KEY";

struct EndpointConfig {
  EmbeddingEndpoint endpoint;  // api_key filled from the environment when read
  EndpointLimits limits;
};

Status write_endpoint_config(const std::filesystem::path& file, const EndpointConfig& config);
// An error names the file and what is wrong in it.
Result<EndpointConfig> read_endpoint_config(const std::filesystem::path& file);

}  // namespace paperboy
