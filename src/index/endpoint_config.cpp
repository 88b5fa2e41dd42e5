#include "index/endpoint_config.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace paperboy {

namespace fs = std::filesystem;

Status write_endpoint_config(const fs::path& file, const EndpointConfig& config) {
  const auto& e = config.endpoint;
  nlohmann::json doc = {{"url", e.url},
                        {"model", e.model},
                        {"dimensions", e.dimensions},
                        {"ask_dimensions", e.ask_dimensions},
                        {"query_prefix", e.query_prefix},
                        {"document_prefix", e.document_prefix},
                        {"batch", config.limits.batch},
                        {"concurrency", config.limits.concurrency},
                        {"timeout_seconds", config.limits.timeout.count()}};
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << doc.dump(2) << '\n';
    if (!out.flush()) return Error{fmt::format("{}: cannot write", temporary.string())};
  }
  fs::rename(temporary, file, ec);
  if (ec) return Error{fmt::format("{}: {}", file.string(), ec.message())};
  return {};
}

Result<EndpointConfig> read_endpoint_config(const fs::path& file) {
  std::ifstream in(file);
  if (!in)
    return Error{
        fmt::format("{}: cannot read (run `paperboy model use-endpoint` again)", file.string())};
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{fmt::format("{}: not a JSON object", file.string())};
  EndpointConfig config;
  try {
    auto& e = config.endpoint;
    e.url = doc.at("url").get<std::string>();
    e.model = doc.at("model").get<std::string>();
    e.dimensions = doc.at("dimensions").get<size_t>();
    e.ask_dimensions = doc.value("ask_dimensions", false);
    e.query_prefix = doc.value("query_prefix", "");
    e.document_prefix = doc.value("document_prefix", "");
    config.limits.batch = doc.value("batch", config.limits.batch);
    config.limits.concurrency = doc.value("concurrency", config.limits.concurrency);
    config.limits.timeout =
        std::chrono::seconds(doc.value("timeout_seconds", config.limits.timeout.count()));
  } catch (const nlohmann::json::exception& error) {
    return Error{fmt::format("{}: {}", file.string(), error.what())};
  }
  if (config.endpoint.dimensions == 0 || config.endpoint.model.empty() ||
      config.endpoint.url.empty()) {
    return Error{fmt::format("{}: url, model and dimensions must all be set", file.string())};
  }
  if (const char* key = std::getenv(kEmbeddingsKeyVariable)) config.endpoint.api_key = key;
  return config;
}

}  // namespace paperboy
