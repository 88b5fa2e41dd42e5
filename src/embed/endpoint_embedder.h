// The operator's own embedding server as the model: any endpoint speaking OpenAI's
// `POST /v1/embeddings` (llama.cpp's server, Ollama, vLLM, Hugging Face TEI, OpenAI itself).
//
// Papers go in batches, a few requests in flight at once. A busy or failing endpoint (429, 5xx,
// refused, reset, a timeout) is asked again after a backoff that doubles, or after the wait its
// Retry-After names; any other answer it gives is checked, and one that is wrong (a 4xx, not
// JSON, a vector of the wrong length, a number that is not finite, fewer vectors than texts)
// is an error naming the endpoint and what it answered, never a vector stored. Queries are
// asked with a short timeout and one retry (a reader is waiting) and their vectors cached.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"
#include "net/http_client.h"

namespace paperboy {

struct EmbeddingEndpoint {
  std::string
      url;  // the embeddings URL, or its base (http://gpu:8080/v1) to which "/embeddings" is added
  std::string model;            // sent as "model"; with the dimension it names the vectors
  size_t dimensions = 0;        // every vector must have this many numbers (learnt when 0)
  bool ask_dimensions = false;  // send "dimensions" (models that can shorten their vectors)
  std::string query_prefix;     // e5: "query: "
  std::string document_prefix;  // e5: "passage: "
  std::string api_key;          // a bearer token when not empty; never written to disk
};

struct EndpointLimits {
  size_t batch = 32;       // texts per request
  size_t concurrency = 4;  // requests in flight at once
  std::chrono::seconds timeout{60};
  int attempts = 6;  // per batch, counting the first
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{30'000};
  // A Retry-After beyond this is not waited for: the run stops (and resumes when run again).
  std::chrono::seconds max_retry_after{300};
  std::chrono::seconds query_timeout{10};
  int query_attempts = 2;
  // After a query the endpoint failed, queries do not ask it for this long: a down endpoint
  // must not hold every search's thread for a timeout (they fall back at once instead).
  std::chrono::seconds query_pause{30};
  size_t query_cache = 4096;  // query vectors kept, least recently used dropped
  // Texts longer than this are cut (at a character boundary) before they are sent, so one
  // long abstract cannot exceed the endpoint's context and fail a whole batch.
  size_t max_text_bytes = 8'000;
};

// How the embedder reaches the endpoint and waits; tests replace both.
struct EndpointTransport {
  std::function<std::unique_ptr<HttpClient>(std::chrono::seconds timeout)> connect;
  std::function<void(std::chrono::milliseconds)> sleep;
};
EndpointTransport default_endpoint_transport();

// "http://h/v1" → "http://h/v1/embeddings"; a URL already ending in /embeddings stays.
std::string embeddings_url(std::string_view url);

// The request for `texts` (exposed for tests).
std::string embedding_request_body(const EmbeddingEndpoint& endpoint,
                                   std::span<const std::string> texts);

// Reads an answer to a request of `texts` texts: texts × dimension floats in request order,
// unit length. `dimension` 0 accepts the first vector's length (the caller learns it from the
// result's size). The error says what was wrong with the answer; the caller adds the endpoint.
Result<std::vector<float>> read_embedding_answer(const std::string& body, size_t texts,
                                                 size_t dimension);

class EndpointEmbedder final : public Embedder {
 public:
  // Asks the endpoint for one vector to learn (or check) the dimension: an endpoint that does
  // not answer well is refused here, before anything is re-embedded.
  static Result<std::unique_ptr<EndpointEmbedder>> connect(EmbeddingEndpoint endpoint,
                                                           EndpointLimits limits,
                                                           EndpointTransport transport);
  // Without asking: the dimension was recorded when the endpoint was chosen.
  static std::unique_ptr<EndpointEmbedder> open(EmbeddingEndpoint endpoint, EndpointLimits limits,
                                                EndpointTransport transport);

  const EmbeddingModelInfo& info() const override { return info_; }
  const EmbeddingEndpoint& endpoint() const { return endpoint_; }
  Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const override;
  Result<std::vector<float>> embed_query(std::string_view query) const override;

 private:
  EndpointEmbedder(EmbeddingEndpoint endpoint, EndpointLimits limits, EndpointTransport transport);
  // One request's vectors, asked up to `attempts` times, waiting at most `max_wait` between.
  Result<std::vector<float>> embed_batch(HttpClient& http, std::span<const std::string> texts,
                                         int attempts, std::chrono::seconds max_wait) const;
  Error failure(const std::string& what) const;

  EmbeddingEndpoint endpoint_;
  EndpointLimits limits_;
  EndpointTransport transport_;
  std::string url_;
  EmbeddingModelInfo info_;

  // steady_clock milliseconds until which queries do not ask the endpoint (query_pause).
  mutable std::atomic<int64_t> queries_paused_until_{0};
  mutable std::mutex cache_mutex_;
  mutable std::list<std::pair<std::string, std::vector<float>>> cache_;  // most recent first
  mutable std::unordered_map<std::string, decltype(cache_)::iterator> cached_;
};

// The id of an endpoint model's vectors: its name, dimension and the prefixes it is given
// (another of any is another set of vectors). The URL is not part of it: the same model moved
// to another machine makes the same vectors.
std::string endpoint_model_id(const EmbeddingEndpoint& endpoint);

}  // namespace paperboy
