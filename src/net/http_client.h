// Outbound HTTP (GET, and POST for an operator's LLM endpoint), the only way paperboy reaches other
// machines (harvests, lookups, model fetches). One interface so harvesters can be driven by a local
// server or a scripted fake.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string content_type;
  std::optional<std::string> retry_after;  // the Retry-After header, as sent
};

struct HttpClientOptions {
  // Sources ask for a contact: arXiv wants to be able to reach whoever harvests it.
  std::string user_agent = "paperboy/0.1";
  std::chrono::seconds connect_timeout{20};
  // The whole exchange; a stalled or endless response fails instead of hanging a harvest.
  std::chrono::seconds timeout{300};
  size_t max_body_bytes = 256u << 20;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a response; only failing to get one (DNS, refused, reset, timeout, a
  // body over the limit) is an error, and its message names the URL.
  virtual Result<HttpResponse> get(const std::string& url) = 0;
  // POST `body` with extra `headers` ("Content-Type: application/json"), same rules as get.
  virtual Result<HttpResponse> post(const std::string& url, const std::string& body,
                                    const std::vector<std::string>& headers);
  // GET into `file` for a large download: from byte `offset` on (a Range request) when it is
  // not 0. A 206 answer is appended after `offset` bytes of the file, a 200 replaces the file;
  // any other status leaves the file alone and its body (up to 64 KiB) is in the response.
  // Stalls (under 1 KiB/s for a minute) fail; the total time is not limited.
  virtual Result<HttpResponse> download(const std::string& url, const std::filesystem::path& file,
                                        uint64_t offset);
};

// libcurl; follows up to 5 redirects, speaks HTTPS with the system's certificates.
std::unique_ptr<HttpClient> make_curl_client(const HttpClientOptions& options);

// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
std::string url_encode(std::string_view value);

// Seconds to wait from a Retry-After value: delta-seconds, or an HTTP date relative to `now`.
// nullopt when it is neither.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace paperboy
