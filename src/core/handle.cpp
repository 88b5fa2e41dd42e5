#include "core/handle.h"

#include <string>

namespace paperboy {
namespace {

bool is_handle_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

Status check_handle(std::string_view handle) {
  if (handle.size() < 2) return Error{"a handle has at least 2 characters", ErrorCode::kInvalid};
  if (handle.size() > kMaxHandleLength) {
    return Error{"a handle has at most " + std::to_string(kMaxHandleLength) + " characters",
                 ErrorCode::kInvalid};
  }
  for (char c : handle) {
    if (!is_handle_char(c)) {
      return Error{"a handle holds only letters a-z, digits, '-' and '_'", ErrorCode::kInvalid};
    }
  }
  if (handle.front() == '-' || handle.front() == '_') {
    return Error{"a handle starts with a letter or a digit", ErrorCode::kInvalid};
  }
  return Status::Ok();
}

std::string handle_key(std::string_view handle) {
  std::string key(handle);
  for (char& c : key) c = ascii_lower(c);
  return key;
}

std::string handle_from(std::string_view name_or_email) {
  std::string_view source = name_or_email;
  if (auto at = source.find('@'); at != std::string_view::npos) source = source.substr(0, at);
  if (auto plus = source.find('+'); plus != std::string_view::npos) source = source.substr(0, plus);
  std::string handle;
  for (char c : source) {
    if (handle.size() == kMaxHandleLength - 4) break;  // room for a number the store may add
    if (is_handle_char(c) && c != '_') {
      handle += ascii_lower(c);
    } else if (!handle.empty() && handle.back() != '-') {
      handle += '-';  // spaces, dots, accents and the rest become one separator
    }
  }
  while (!handle.empty() && handle.back() == '-') handle.pop_back();
  if (handle.size() < 2) return "reader";
  return handle;
}

}  // namespace paperboy
