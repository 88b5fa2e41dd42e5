#include "server/http/http_framing.h"

#include <string_view>

namespace paperboy {

namespace beast = boost::beast;
namespace http = beast::http;

std::optional<std::string> ambiguous_framing(const http::request_header<>& header) {
  size_t encodings = 0;
  std::string_view coding;
  for (const auto& field : header) {
    if (field.name() == http::field::transfer_encoding) {
      ++encodings;
      coding = std::string_view(field.value().data(), field.value().size());
    }
  }
  if (encodings == 0) return std::nullopt;
  while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t'))
    coding.remove_prefix(1);
  while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
    coding.remove_suffix(1);
  if (encodings > 1 ||
      !beast::iequals(beast::string_view(coding.data(), coding.size()), "chunked")) {
    return "Transfer-Encoding must be exactly \"chunked\" when present";
  }
  if (header.count(http::field::content_length) > 0) {
    return "a request may not carry both Content-Length and Transfer-Encoding";
  }
  return std::nullopt;
}

}  // namespace paperboy
