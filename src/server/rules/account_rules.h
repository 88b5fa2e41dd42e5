// What an account's fields must be, shared by sign-up and the settings page.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "core/bidi_controls.h"

namespace paperboy {

inline constexpr size_t kMinPassword = 8;
inline constexpr size_t kMaxPassword = 1024;  // Argon2 takes any length; this only bounds the work

inline bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// A deliberately plain check: one @, something on both sides, a dot in the domain, no spaces
// or control characters (the address ends up in mail headers). Empty when fine.
inline std::string email_problem(std::string_view email) {
  if (email.empty()) return "the email address is missing";
  if (email.size() > 254) return "the email address is longer than 254 characters";
  if (has_control_characters(email) || email.find(' ') != std::string_view::npos) {
    return "the email address contains spaces or control characters";
  }
  size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos ||
      email.find('@', at + 1) != std::string_view::npos ||
      email.find('.', at) == std::string_view::npos || email.back() == '.') {
    return "'" + std::string(email) + "' is not an email address";
  }
  return "";
}

// Empty when fine.
inline std::string name_problem(std::string_view name) {
  if (name.empty() || name.size() > 100 || has_control_characters(name)) {
    return "the display name must be 1 to 100 characters, without control characters";
  }
  if (has_bidi_controls(name)) {
    return "the display name holds a right-to-left or left-to-right control character "
           "(U+202A-U+202E, "
           "U+2066-U+2069, U+200E, U+200F or U+061C), which would reorder the text shown after it";
  }
  return "";
}

inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The public profile's fields. Empty when fine.
inline std::string affiliation_problem(std::string_view affiliation) {
  if (affiliation.size() > 200 || has_control_characters(affiliation) ||
      has_bidi_controls(affiliation)) {
    return "the affiliation must be at most 200 characters, on one line";
  }
  return "";
}

// Up to 5 links, one a line, each an http(s) URL of at most 300 characters. Empty when fine.
inline std::string links_problem(std::string_view links) {
  size_t count = 0;
  for (size_t start = 0; start < links.size();) {
    size_t end = std::min(links.find('\n', start), links.size());
    std::string_view line = links.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) continue;
    if (++count > 5) return "a profile has at most 5 links";
    const bool web = line.rfind("https://", 0) == 0 || line.rfind("http://", 0) == 0;
    if (!web || line.size() > 300 || has_control_characters(line) ||
        line.find(' ') != std::string_view::npos) {
      return "'" + std::string(line.substr(0, 60)) +
             "' is not a web address (https://…, at most 300 characters)";
    }
  }
  return "";
}

}  // namespace paperboy
