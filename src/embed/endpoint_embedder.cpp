#include "embed/endpoint_embedder.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

namespace paperboy {
namespace {

using nlohmann::json;

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 character.
std::string cut_to(std::string text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

// What an endpoint said, fit for one line of a log: its error message when it sent the usual
// {"error": {"message": …}}, else the start of its body, control characters blanked.
std::string answer_excerpt(const std::string& body) {
  auto doc = json::parse(body, nullptr, false);
  std::string text = body;
  if (doc.is_object() && doc.contains("error")) {
    const auto& error = doc["error"];
    if (error.is_string())
      text = error.get<std::string>();
    else if (error.is_object() && error.contains("message") && error["message"].is_string())
      text = error["message"].get<std::string>();
  }
  text = cut_to(text, 200);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text.empty() ? "an empty body" : "\"" + text + "\"";
}

bool worth_retrying(int status) { return status == 429 || status == 408 || status >= 500; }

uint64_t fnv1a(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace

EndpointTransport default_endpoint_transport() {
  return {[](std::chrono::seconds timeout) {
            HttpClientOptions options;
            options.connect_timeout = std::min(timeout, std::chrono::seconds(10));
            options.timeout = timeout;
            options.max_body_bytes = 64u << 20;
            return make_curl_client(options);
          },
          [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); }};
}

std::string embeddings_url(std::string_view url) {
  std::string out(url);
  while (out.ends_with('/')) out.pop_back();
  if (!out.ends_with("/embeddings")) out += "/embeddings";
  return out;
}

std::string endpoint_model_id(const EmbeddingEndpoint& endpoint) {
  std::string id = fmt::format("endpoint:{}:{}", endpoint.model, endpoint.dimensions);
  if (!endpoint.query_prefix.empty() || !endpoint.document_prefix.empty()) {
    id += fmt::format(":{:016x}", fnv1a(endpoint.query_prefix + '\0' + endpoint.document_prefix));
  }
  return id;
}

std::string embedding_request_body(const EmbeddingEndpoint& endpoint,
                                   std::span<const std::string> texts) {
  json doc = {{"model", endpoint.model}, {"input", json::array()}, {"encoding_format", "float"}};
  for (const auto& text : texts) doc["input"].push_back(text);
  if (endpoint.ask_dimensions && endpoint.dimensions > 0) doc["dimensions"] = endpoint.dimensions;
  // Invalid UTF-8 in a stored text is replaced rather than failing the batch.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<float>> read_embedding_answer(const std::string& body, size_t texts,
                                                 size_t dimension) {
  auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded())
    return Error{"its answer is not JSON: " + answer_excerpt(body), ErrorCode::kInvalid};
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array()) {
    return Error{"its answer has no \"data\" list: " + answer_excerpt(body), ErrorCode::kInvalid};
  }
  const auto& data = doc["data"];
  if (data.size() != texts) {
    return Error{fmt::format("it answered {} vectors for {} texts", data.size(), texts),
                 ErrorCode::kInvalid};
  }
  std::vector<float> out;
  std::vector<bool> seen(texts, false);
  for (size_t i = 0; i < data.size(); ++i) {
    const auto& item = data[i];
    const json* embedding =
        item.is_object() && item.contains("embedding") ? &item["embedding"] : nullptr;
    if (!embedding || !embedding->is_array()) {
      return Error{
          fmt::format(
              "vector {} is not a list of numbers (paperboy asks for encoding_format \"float\")",
              i),
          ErrorCode::kInvalid};
    }
    // Servers may answer out of order; "index" says which text a vector belongs to.
    size_t row = i;
    if (item.contains("index")) {
      if (!item["index"].is_number_unsigned() || item["index"].get<size_t>() >= texts) {
        return Error{fmt::format("vector {} has index {}, outside the {} texts asked", i,
                                 item["index"].dump(), texts),
                     ErrorCode::kInvalid};
      }
      row = item["index"].get<size_t>();
    }
    if (seen[row]) return Error{fmt::format("it answered text {} twice", row), ErrorCode::kInvalid};
    seen[row] = true;
    if (dimension == 0) dimension = embedding->size();
    if (embedding->size() != dimension || dimension == 0) {
      return Error{
          fmt::format("vector {} has {} numbers, not {}", row, embedding->size(), dimension),
          ErrorCode::kInvalid};
    }
    if (out.empty()) out.resize(texts * dimension);
    float* target = out.data() + row * dimension;
    for (size_t j = 0; j < dimension; ++j) {
      const auto& number = (*embedding)[j];
      const double value = number.is_number() ? number.get<double>() : NAN;
      if (!std::isfinite(value) || std::abs(value) > 3.0e38) {
        return Error{fmt::format("vector {} holds {} at position {}, not a finite number", row,
                                 number.dump(), j),
                     ErrorCode::kInvalid};
      }
      target[j] = static_cast<float>(value);
    }
  }
  normalise_rows(out, dimension);
  return out;
}

EndpointEmbedder::EndpointEmbedder(EmbeddingEndpoint endpoint, EndpointLimits limits,
                                   EndpointTransport transport)
    : endpoint_(std::move(endpoint)),
      limits_(limits),
      transport_(std::move(transport)),
      url_(embeddings_url(endpoint_.url)) {
  limits_.batch = std::max<size_t>(1, limits_.batch);
  limits_.concurrency = std::max<size_t>(1, limits_.concurrency);
  limits_.attempts = std::max(1, limits_.attempts);
  limits_.query_attempts = std::max(1, limits_.query_attempts);
  info_.id = endpoint_model_id(endpoint_);
  info_.dimension = endpoint_.dimensions;
  info_.description =
      fmt::format("{} at {} ({} dimensions)", endpoint_.model, url_, endpoint_.dimensions);
}

std::unique_ptr<EndpointEmbedder> EndpointEmbedder::open(EmbeddingEndpoint endpoint,
                                                         EndpointLimits limits,
                                                         EndpointTransport transport) {
  return std::unique_ptr<EndpointEmbedder>(
      new EndpointEmbedder(std::move(endpoint), limits, std::move(transport)));
}

Result<std::unique_ptr<EndpointEmbedder>> EndpointEmbedder::connect(EmbeddingEndpoint endpoint,
                                                                    EndpointLimits limits,
                                                                    EndpointTransport transport) {
  if (endpoint.model.empty())
    return Error{"the endpoint's model name is empty (--model)", ErrorCode::kInvalid};
  if (!endpoint.url.starts_with("http://") && !endpoint.url.starts_with("https://")) {
    return Error{fmt::format("\"{}\" is not an http:// or https:// URL", endpoint.url),
                 ErrorCode::kInvalid};
  }
  auto probe = open(endpoint, limits, transport);
  auto http = probe->transport_.connect(limits.timeout);
  const std::string text = endpoint.document_prefix + "paperboy checks the endpoint";
  auto vector =
      probe->embed_batch(*http, std::span(&text, 1), limits.attempts, limits.max_retry_after);
  if (!vector) return vector.error();
  if (endpoint.dimensions == 0) endpoint.dimensions = vector->size();
  return open(std::move(endpoint), limits, std::move(transport));
}

Error EndpointEmbedder::failure(const std::string& what) const {
  return Error{fmt::format("embedding endpoint {} (model {}): {}", url_, endpoint_.model, what),
               ErrorCode::kUnavailable};
}

Result<std::vector<float>> EndpointEmbedder::embed_batch(HttpClient& http,
                                                         std::span<const std::string> texts,
                                                         int attempts,
                                                         std::chrono::seconds max_wait) const {
  const std::string body = embedding_request_body(endpoint_, texts);
  std::vector<std::string> headers = {"Content-Type: application/json"};
  if (!endpoint_.api_key.empty()) headers.push_back("Authorization: Bearer " + endpoint_.api_key);
  std::string last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auto answer = http.post(url_, body, headers);
    std::optional<std::chrono::seconds> asked_wait;
    if (!answer) {
      last = answer.error().message;
    } else if (answer->status >= 200 && answer->status < 300) {
      auto vectors = read_embedding_answer(answer->body, texts.size(), endpoint_.dimensions);
      if (!vectors) {
        Error error = failure(vectors.error().message);
        error.code = ErrorCode::kInvalid;
        return error;
      }
      return vectors;
    } else if (!worth_retrying(answer->status)) {
      Error error = failure(
          fmt::format("it answered HTTP {}: {}", answer->status, answer_excerpt(answer->body)));
      error.code = ErrorCode::kInvalid;
      return error;
    } else {
      last = fmt::format("HTTP {}: {}", answer->status, answer_excerpt(answer->body));
      if (answer->retry_after)
        asked_wait = parse_retry_after(*answer->retry_after, std::chrono::system_clock::now());
    }
    if (attempt == attempts) break;
    if (asked_wait && *asked_wait > max_wait) {
      return failure(fmt::format(
          "it asks to wait {} s (Retry-After) after {}; that is longer than paperboy waits "
          "here ({} s): run again later, it resumes",
          asked_wait->count(), last, max_wait.count()));
    }
    std::chrono::milliseconds wait =
        limits_.first_backoff * (int64_t{1} << std::min(attempt - 1, 20));
    wait = std::min(limits_.max_backoff, wait);
    if (asked_wait) wait = std::max<std::chrono::milliseconds>(wait, *asked_wait);
    transport_.sleep(wait);
  }
  return failure(fmt::format("no answer after {} tries; the last: {}", attempts, last));
}

Result<std::vector<float>> EndpointEmbedder::embed_documents(
    std::span<const DocumentText> docs) const {
  std::vector<std::string> texts;
  texts.reserve(docs.size());
  for (const auto& doc : docs) {
    std::string text = endpoint_.document_prefix;
    text += doc.title;
    if (!doc.title.empty() && !doc.abstract.empty()) text += "\n\n";
    text += doc.abstract;
    texts.push_back(cut_to(std::move(text), limits_.max_text_bytes));
  }
  const size_t dim = endpoint_.dimensions;
  std::vector<float> out(texts.size() * dim);
  const size_t batches = (texts.size() + limits_.batch - 1) / limits_.batch;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::optional<Error> first_error;
  auto work = [&] {
    auto http = transport_.connect(limits_.timeout);
    for (size_t b; !failed && (b = next++) < batches;) {
      const size_t start = b * limits_.batch, count = std::min(limits_.batch, texts.size() - start);
      auto vectors = embed_batch(*http, std::span(texts).subspan(start, count), limits_.attempts,
                                 limits_.max_retry_after);
      if (!vectors) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = vectors.error();
        failed = true;
        return;
      }
      std::copy(vectors->begin(), vectors->end(),
                out.begin() + static_cast<std::ptrdiff_t>(start * dim));
    }
  };
  const size_t workers = std::min(limits_.concurrency, batches);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  if (workers > 0) work();
  for (auto& thread : threads) thread.join();
  if (first_error) return *first_error;
  return out;
}

Result<std::vector<float>> EndpointEmbedder::embed_query(std::string_view query) const {
  std::string text = cut_to(endpoint_.query_prefix + std::string(query), limits_.max_text_bytes);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = cached_.find(text); found != cached_.end()) {
      cache_.splice(cache_.begin(), cache_, found->second);
      return found->second->second;
    }
  }
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  if (now_ms() < queries_paused_until_) {
    return failure("it failed a query moments ago; queries wait before asking it again");
  }
  auto http = transport_.connect(limits_.query_timeout);
  // A reader is waiting: a retry, but no long wait.
  auto vector =
      embed_batch(*http, std::span(&text, 1), limits_.query_attempts, std::chrono::seconds(1));
  if (!vector) {
    queries_paused_until_ =
        now_ms() +
        std::chrono::duration_cast<std::chrono::milliseconds>(limits_.query_pause).count();
    return vector;
  }
  std::lock_guard lock(cache_mutex_);
  if (limits_.query_cache == 0 || cached_.contains(text)) return vector;
  cache_.emplace_front(text, *vector);
  cached_[text] = cache_.begin();
  if (cache_.size() > limits_.query_cache) {
    cached_.erase(cache_.back().first);
    cache_.pop_back();
  }
  return vector;
}

}  // namespace paperboy
