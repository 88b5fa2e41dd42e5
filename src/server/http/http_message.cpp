#include "server/http/http_message.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace paperboy {
namespace {

unsigned char lower(unsigned char c) { return static_cast<unsigned char>(std::tolower(c)); }

template <typename Map>
std::string value_at(const Map& map, std::string_view name, size_t index) {
  auto [first, last] = map.equal_range(name);
  if (static_cast<size_t>(std::distance(first, last)) <= index) return "";
  return std::next(first, static_cast<std::ptrdiff_t>(index))->second;
}

bool splits_header(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

bool HeaderNameLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](unsigned char x, unsigned char y) { return lower(x) < lower(y); });
}

bool ServerRequest::has_header(std::string_view name) const { return headers.contains(name); }

std::string ServerRequest::get_header_value(std::string_view name, size_t index) const {
  return value_at(headers, name, index);
}

bool ServerRequest::has_param(std::string_view name) const { return params.contains(name); }

std::string ServerRequest::get_param_value(std::string_view name, size_t index) const {
  return value_at(params, name, index);
}

size_t ServerRequest::get_param_value_count(std::string_view name) const {
  return params.count(name);
}

bool ServerResponse::has_header(std::string_view name) const { return headers.contains(name); }

std::string ServerResponse::get_header_value(std::string_view name, size_t index) const {
  return value_at(headers, name, index);
}

void ServerResponse::add_header(std::string_view name, std::string_view value) {
  if (name.empty() || splits_header(name) || splits_header(value)) return;
  headers.emplace(std::string(name), std::string(value));
}

void ServerResponse::set_content(std::string text, std::string_view content_type) {
  body = std::move(text);
  headers.erase(std::string("Content-Type"));
  add_header("Content-Type", content_type);
}

}  // namespace paperboy
