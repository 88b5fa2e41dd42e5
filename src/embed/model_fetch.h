// `paperboy model fetch NAME`: downloads a sentence-transformers model's files from the Hugging
// Face hub (or a mirror laid out like it). The file list, sizes and SHA-256 sums come from the
// hub's tree API; each file is downloaded to FILE.part and resumed from where it stopped, its
// size (and for large files its SHA-256) checked before it is renamed into place.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"
#include "net/http_client.h"

namespace paperboy {

struct ModelFetchRequest {
  std::string name;  // "sentence-transformers/all-MiniLM-L6-v2"
  std::string revision = "main";
  std::string base_url = "https://huggingface.co";
  std::filesystem::path target;  // the model's directory
};

struct ModelFetchReport {
  int files = 0;
  int downloaded = 0;  // the others were already complete
  int resumed = 0;
  uint64_t bytes = 0;
};

// The files a sentence-transformers model needs out of a repository's listing.
bool model_file_wanted(const std::string& path);

Result<ModelFetchReport> fetch_model(HttpClient& http, const ModelFetchRequest& request,
                                     const std::function<void(const std::string&)>& log);

}  // namespace paperboy
