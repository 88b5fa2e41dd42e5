#include "net/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace paperboy {
namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse response;
  size_t limit = 0;
  bool over_limit = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->limit) {
    transfer->over_limit = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  // A redirect's headers come first; only the final response's count.
  if (line.starts_with("HTTP/")) transfer->response.retry_after.reset();
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (name == "retry-after") transfer->response.retry_after = trim(line.substr(colon + 1));
  }
  return size * count;
}

// Where a download's body goes: the file once the status says it is the content asked for.
struct DownloadTransfer {
  CURL* curl = nullptr;
  std::filesystem::path file;
  uint64_t offset = 0;
  FILE* out = nullptr;
  bool decided = false;
  bool failed_write = false;
  HttpResponse response;
};

size_t on_download_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<DownloadTransfer*>(user);
  const size_t bytes = size * count;
  if (!t->decided) {
    t->decided = true;
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 206 || status == 200) {
      std::error_code ec;
      const uint64_t keep = status == 206 ? t->offset : 0;
      if (!std::filesystem::exists(t->file)) std::fclose(std::fopen(t->file.c_str(), "wb"));
      std::filesystem::resize_file(t->file, keep, ec);
      t->out = ec ? nullptr : std::fopen(t->file.c_str(), "ab");
      if (!t->out) {
        t->failed_write = true;
        return 0;
      }
    }
  }
  if (t->out) {
    if (std::fwrite(data, 1, bytes, t->out) != bytes) {
      t->failed_write = true;
      return 0;
    }
  } else if (t->response.body.size() < (64u << 10)) {
    t->response.body.append(data, std::min(bytes, (64u << 10) - t->response.body.size()));
  }
  return bytes;
}

class CurlClient final : public HttpClient {
 public:
  explicit CurlClient(HttpClientOptions options) : options_(std::move(options)) {
    init_curl_once();
  }

  Result<HttpResponse> get(const std::string& url) override {
    return exchange("GET", url, nullptr, {});
  }

  Result<HttpResponse> post(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers) override {
    return exchange("POST", url, &body, headers);
  }

 private:
  Result<HttpResponse> exchange(const char* method, const std::string& url, const std::string* body,
                                const std::vector<std::string>& headers) {
    const std::string what = std::string(method) + " " + url;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return Error{what + ": cannot start libcurl"};
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(nullptr,
                                                                            curl_slist_free_all);
    for (const auto& header : headers)
      header_list.reset(curl_slist_append(header_list.release(), header.c_str()));
    Transfer transfer;
    transfer.limit = options_.max_body_bytes;
    char error[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode (gzip)
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);         // safe in a server's background thread
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    if (header_list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
    if (body) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    CURLcode code = curl_easy_perform(c);
    if (transfer.over_limit) {
      return Error{what + ": response larger than " + std::to_string(options_.max_body_bytes) +
                   " bytes"};
    }
    if (code != CURLE_OK) {
      return Error{what + ": " + (error[0] ? std::string(error) : curl_easy_strerror(code))};
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type) transfer.response.content_type = type;
    return std::move(transfer.response);
  }

 public:
  Result<HttpResponse> download(const std::string& url, const std::filesystem::path& file,
                                uint64_t offset) override {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return Error{"GET " + url + ": cannot start libcurl"};
    DownloadTransfer transfer;
    transfer.curl = curl.get();
    transfer.file = file;
    transfer.offset = offset;
    char error[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    const std::string range = std::to_string(offset) + "-";
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);  // the hub redirects large files to its CDN
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    if (offset > 0) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_download_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    CURLcode code = curl_easy_perform(c);
    if (transfer.out) std::fclose(transfer.out);
    if (transfer.failed_write) return Error{"GET " + url + ": cannot write " + file.string()};
    if (code != CURLE_OK) {
      return Error{"GET " + url + ": " +
                   (error[0] ? std::string(error) : curl_easy_strerror(code))};
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    return std::move(transfer.response);
  }

 private:
  HttpClientOptions options_;
};

}  // namespace

Result<HttpResponse> HttpClient::post(const std::string& url, const std::string&,
                                      const std::vector<std::string>&) {
  return Error{"POST " + url + ": this client cannot post"};
}

Result<HttpResponse> HttpClient::download(const std::string& url, const std::filesystem::path&,
                                          uint64_t) {
  return Error{"GET " + url + ": this client cannot download to a file"};
}

std::unique_ptr<HttpClient> make_curl_client(const HttpClientOptions& options) {
  return std::make_unique<CurlClient>(options);
}

std::string url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  std::string text = trim(value);
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (text.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stol(text));
  }
  // An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 9110 IMF-fixdate).
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(at - now);
  return std::max(wait, std::chrono::seconds(0));
}

}  // namespace paperboy
