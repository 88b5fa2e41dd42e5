#include "paper_extras_options.h"

#include <fmt/format.h>

#include <cstdlib>

namespace paperboy::cli {
namespace {

void log_line(const std::string& line) { fmt::print(stderr, "{}\n", line); }

}  // namespace

void SummaryOptions::add_to(CLI::App& cmd) {
  cmd.add_option(
      "--llm-url", llm.url,
      "an OpenAI-compatible chat-completions URL (llama.cpp's server, vLLM, Ollama: "
      "http://127.0.0.1:8081/v1/chat/completions) that writes a one-sentence summary and keywords "
      "for each listed paper; its key, if it needs one, in $PAPERBOY_LLM_KEY");
  cmd.add_option("--llm-model", llm.model,
                 "the model name sent to --llm-url and stored with each summary");
  cmd.add_option("--llm-per-minute", per_minute, "papers summarised a minute at most (default 6)")
      ->check(CLI::Range(0.01, 600.0));
  cmd.add_option("--llm-timeout", timeout_seconds, "seconds one summary may take (default 120)")
      ->check(CLI::Range(1, 3600));
}

Result<FetchingWorker<Summarizer>> SummaryOptions::make(const WorkerPlace& place) const {
  FetchingWorker<Summarizer> out;
  if (llm.url.empty()) return out;
  if (llm.model.empty()) return Error{"--llm-url needs --llm-model (the model's name)"};
  SummarizerOptions summaries;
  summaries.store = place.store;
  summaries.data_dir = place.data_dir;
  summaries.endpoint = llm;
  if (const char* key = std::getenv("PAPERBOY_LLM_KEY")) summaries.endpoint.api_key = key;
  summaries.per_minute = per_minute;
  summaries.log = log_line;
  HttpClientOptions http;
  http.timeout = std::chrono::seconds(timeout_seconds);
  http.max_body_bytes = 1u << 20;  // a summary is a sentence; a 10 MB answer is a fault
  out.http = make_curl_client(http);
  out.worker = std::make_unique<Summarizer>(summaries, *out.http);
  fmt::print(stderr, "paperboy: summaries by {} at {}, {} a minute at most\n", llm.model, llm.url,
             per_minute);
  return out;
}

void ThumbnailOptions::add_to(CLI::App& cmd) {
  cmd.add_flag(
      "--thumbnails", on,
      "draw the first page of each listed paper's PDF, fetched politely from --pdf-url, for cards "
      "and the API (needs --contact and pdftoppm: Debian poppler-utils)");
  cmd.add_option("--thumbnails-per-minute", per_minute, "PDFs fetched a minute at most (default 4)")
      ->check(CLI::Range(0.01, 600.0));
  cmd.add_option("--pdf-url", pdf_url, "where PDFs are fetched: this plus 2410.14649v2")
      ->capture_default_str();
}

Result<FetchingWorker<Thumbnailer>> ThumbnailOptions::make(const WorkerPlace& place,
                                                           const HarvestOptions& politeness) const {
  FetchingWorker<Thumbnailer> out;
  if (!on) return out;
  auto http = politeness.http_options();
  if (!http.ok()) return Error{"--thumbnails: " + http.error().message};
  ThumbnailerOptions drawing;
  if (auto s = check_renderer(drawing.render); !s.ok()) return s.error();
  http->max_body_bytes = 64u << 20;  // arXiv's largest PDFs are around 50 MB
  drawing.store = place.store;
  drawing.data_dir = place.data_dir;
  drawing.pdf_url = pdf_url;
  drawing.per_minute = per_minute;
  drawing.policy = politeness.fetch_policy();
  drawing.log = log_line;
  out.http = make_curl_client(*http);
  out.worker = std::make_unique<Thumbnailer>(drawing, *out.http);
  fmt::print(stderr, "paperboy: thumbnails from {}, {} a minute at most\n", pdf_url, per_minute);
  return out;
}

}  // namespace paperboy::cli
