#include "mail/mail_address.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace paperboy {
namespace {

bool atext(unsigned char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return std::isalnum(c) || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
    return false;
  return std::all_of(label.begin(), label.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

}  // namespace

Result<std::string> parse_mail_address(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return Error{"the e-mail address is empty"};
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f)
      return Error{"the e-mail address contains a control character (a line break?)"};
    if (c >= 0x80) return Error{"the e-mail address contains a non-ASCII character"};
  }
  if (text.size() > 254) return Error{"the e-mail address is longer than 254 characters"};
  const size_t at = text.rfind('@');
  if (at == std::string_view::npos)
    return Error{"'" + std::string(text) + "' is not an e-mail address: it has no @"};
  const std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
  if (local.empty() || local.size() > 64)
    return Error{"'" + std::string(text) + "': the part before @ must be 1-64 characters"};
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos ||
      !std::all_of(local.begin(), local.end(),
                   [](unsigned char c) { return c == '.' || atext(c); })) {
    return Error{"'" + std::string(text) +
                 "': the part before @ may hold letters, digits, dots and !#$%&'*+-/=?^_`{|}~"};
  }
  if (domain.find('.') == std::string_view::npos)
    return Error{"'" + std::string(text) + "': the domain has no dot"};
  size_t start = 0;
  for (;;) {
    const size_t dot = domain.find('.', start);
    if (!valid_label(domain.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) {
      return Error{"'" + std::string(text) + "': the domain '" + std::string(domain) +
                   "' is not a host name"};
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view mail_domain(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

}  // namespace paperboy
