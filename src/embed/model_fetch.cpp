#include "embed/model_fetch.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "embed/file_digest.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

struct HubFile {
  std::string path;
  uint64_t size = 0;
  std::string sha256;  // only large (LFS) files have one in the listing
};

Result<std::vector<HubFile>> list_files(HttpClient& http, const ModelFetchRequest& request) {
  const std::string url = fmt::format("{}/api/models/{}/tree/{}?recursive=true", request.base_url,
                                      request.name, url_encode(request.revision));
  auto response = http.get(url);
  if (!response) return response.error();
  if (response->status == 404 || response->status == 401) {
    return Error{
        fmt::format("{}: no model \"{}\" (HTTP {}; private and gated models are not supported)",
                    url, request.name, response->status)};
  }
  if (response->status != 200) return Error{fmt::format("{}: HTTP {}", url, response->status)};
  auto listing = nlohmann::json::parse(response->body, nullptr, false);
  if (!listing.is_array()) return Error{fmt::format("{}: the answer is not a file listing", url)};
  std::vector<HubFile> files;
  for (const auto& entry : listing) {
    if (!entry.is_object() || entry.value("type", "") != "file" || !entry["path"].is_string())
      continue;
    HubFile file;
    file.path = entry["path"];
    if (!model_file_wanted(file.path)) continue;
    if (file.path.find("..") != std::string::npos || file.path.front() == '/') {
      return Error{fmt::format("{}: refusing the file path \"{}\"", url, file.path)};
    }
    file.size = entry.value("size", uint64_t{0});
    if (entry.contains("lfs") && entry["lfs"].is_object()) {
      file.sha256 = entry["lfs"].value("oid", "");
      file.size = entry["lfs"].value("size", file.size);
    }
    files.push_back(std::move(file));
  }
  bool has_weights = std::any_of(files.begin(), files.end(),
                                 [](const HubFile& f) { return f.path == "model.safetensors"; });
  if (!has_weights) {
    return Error{fmt::format(
        "{} has no model.safetensors (paperboy reads safetensors weights only)", request.name)};
  }
  return files;
}

// True when `file` is already complete: the right size and, where known, the right digest.
bool complete(const fs::path& file, const HubFile& expected) {
  std::error_code ec;
  if (!fs::exists(file, ec) || fs::file_size(file, ec) != expected.size) return false;
  if (expected.sha256.empty()) return true;
  auto digest = file_digest(file);
  return digest.ok() && *digest == expected.sha256;
}

}  // namespace

bool model_file_wanted(const std::string& path) {
  static const char* kTopLevel[] = {"config.json",
                                    "tokenizer.json",
                                    "vocab.txt",
                                    "tokenizer_config.json",
                                    "special_tokens_map.json",
                                    "model.safetensors",
                                    "modules.json",
                                    "sentence_bert_config.json",
                                    "config_sentence_transformers.json",
                                    "paperboy.json"};
  for (const char* name : kTopLevel) {
    if (path == name) return true;
  }
  // A module's settings: 1_Pooling/config.json and the like.
  return path.find('/') != std::string::npos && path.ends_with("/config.json") &&
         std::count(path.begin(), path.end(), '/') == 1;
}

Result<ModelFetchReport> fetch_model(HttpClient& http, const ModelFetchRequest& request,
                                     const std::function<void(const std::string&)>& log) {
  auto files = list_files(http, request);
  if (!files) return files.error();
  ModelFetchReport report;
  std::error_code ec;
  fs::create_directories(request.target, ec);
  if (ec) return Error{fmt::format("{}: {}", request.target.string(), ec.message())};
  for (const auto& file : *files) {
    ++report.files;
    const fs::path target = request.target / file.path;
    fs::create_directories(target.parent_path(), ec);
    if (complete(target, file)) continue;
    const fs::path part = target.string() + ".part";
    uint64_t have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
    if (have > file.size) {
      fs::remove(part, ec);
      have = 0;
    }
    const std::string url = fmt::format("{}/{}/resolve/{}/{}", request.base_url, request.name,
                                        url_encode(request.revision), file.path);
    if (have < file.size || file.size == 0) {
      if (have > 0) {
        log(fmt::format("{}: resuming at byte {} of {}", file.path, have, file.size));
        ++report.resumed;
      } else {
        log(fmt::format("{}: {} bytes", file.path, file.size));
      }
      auto response = http.download(url, part, have);
      if (!response)
        return Error{fmt::format("{} (run the command again to resume)", response.error().message)};
      if (response->status != 200 && response->status != 206) {
        return Error{fmt::format("GET {}: HTTP {}", url, response->status)};
      }
      report.bytes += fs::file_size(part, ec) - (response->status == 206 ? have : 0);
    }
    const uint64_t got = fs::file_size(part, ec);
    if (got != file.size) {
      return Error{
          fmt::format("{}: {} bytes received, the hub lists {} (run the command again to resume)",
                      file.path, got, file.size)};
    }
    if (!file.sha256.empty()) {
      auto digest = file_digest(part);
      if (!digest) return digest.error();
      if (*digest != file.sha256) {
        fs::remove(part, ec);  // a corrupt download is not worth resuming
        return Error{
            fmt::format("{}: SHA-256 {} does not match the hub's {}; the download was discarded",
                        file.path, *digest, file.sha256)};
      }
    }
    fs::rename(part, target, ec);
    if (ec) return Error{fmt::format("{}: {}", target.string(), ec.message())};
    ++report.downloaded;
  }
  return report;
}

}  // namespace paperboy
