// One paper's summary and keywords from an OpenAI-compatible chat-completions endpoint that the
// operator runs (llama.cpp's server, vLLM, Ollama): `serve --llm-url … --llm-model …`. The
// model is asked for JSON ({"summary": one sentence, "keywords": up to 6}); whatever comes
// back is checked, and every way an endpoint misbehaves (refused, 429, 5xx, a timeout, a body
// too large, an answer that is not the JSON asked for) is an error naming what happened.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/paper.h"
#include "net/http_client.h"

namespace paperboy {

struct LlmEndpoint {
  std::string url;      // the full chat-completions URL, http://127.0.0.1:8081/v1/chat/completions
  std::string model;    // sent as "model", stored with each summary
  std::string api_key;  // sent as a bearer token when not empty
};

inline constexpr size_t kMaxSummaryBytes = 600;
inline constexpr size_t kMaxKeywords = 6;
inline constexpr size_t kMaxKeywordBytes = 60;

struct PaperSummary {
  std::string summary;
  std::vector<std::string> keywords;
};

struct SummaryError {
  std::string message;
  bool rate_limited = false;                        // a 429: wait, then ask again
  std::optional<std::chrono::seconds> retry_after;  // as the endpoint asked
};

// The request body for `paper` (exposed for tests).
std::string summary_request_body(const LlmEndpoint& endpoint, const Paper& paper);

// Reads an endpoint's answer: the summary, or why there is none.
std::variant<PaperSummary, SummaryError> read_summary_answer(const HttpResponse& response);

// Asks `endpoint` about `paper` over `http`.
std::variant<PaperSummary, SummaryError> request_summary(HttpClient& http,
                                                         const LlmEndpoint& endpoint,
                                                         const Paper& paper);

}  // namespace paperboy
