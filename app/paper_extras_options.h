// `serve`'s optional workers that add to listed papers: one-sentence summaries from the
// operator's LLM (--llm-url) and first-page thumbnails from arXiv's PDFs (--thumbnails). Each
// runs on a thread of its own, through an HTTP client of its own.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "harvest/summarizer.h"
#include "harvest/thumbnailer.h"
#include "harvest_options.h"
#include "net/http_client.h"
#include "store/store_location.h"

namespace paperboy::cli {

// Where a worker stores and keeps its state.
struct WorkerPlace {
  StoreLocation store;
  std::filesystem::path data_dir;
};

// A worker and the client it fetches through; the worker is declared last, so it stops first.
template <typename Worker>
struct FetchingWorker {
  std::unique_ptr<HttpClient> http;
  std::unique_ptr<Worker> worker;  // null when the feature is off
};

struct SummaryOptions {
  LlmEndpoint llm;
  double per_minute = 6;
  int timeout_seconds = 120;

  void add_to(CLI::App& cmd);
  // Off without --llm-url; fails with a URL but no --llm-model. The key comes from
  // $PAPERBOY_LLM_KEY, never the command line.
  Result<FetchingWorker<Summarizer>> make(const WorkerPlace& place) const;
};

struct ThumbnailOptions {
  bool on = false;
  double per_minute = ThumbnailerOptions{}.per_minute;
  std::string pdf_url = kArxivPdfUrl;

  void add_to(CLI::App& cmd);
  // Off without --thumbnails; fails without a contact address (`politeness`) or pdftoppm.
  Result<FetchingWorker<Thumbnailer>> make(const WorkerPlace& place,
                                           const HarvestOptions& politeness) const;
};

}  // namespace paperboy::cli
