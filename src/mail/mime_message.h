// One mail message rendered as RFC 5322 text: headers (non-ASCII words encoded per RFC 2047,
// long ones folded), and a text/plain part — with an HTML alternative, multipart/alternative —
// in UTF-8, quoted-printable. Every header value is refused if it holds a line break, so no
// subscriber-supplied text can add a header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct MailHeader {
  std::string name;
  std::string value;  // ASCII, e.g. List-Unsubscribe's <…>, <…>
};

struct MailMessage {
  std::string from_name;  // UTF-8 display name
  std::string from_address;
  std::string to_address;
  std::string subject;     // UTF-8
  std::string message_id;  // without the angle brackets
  int64_t date = 0;        // unix seconds
  std::vector<MailHeader> extra_headers;
  std::string text;  // UTF-8, '\n' line ends
  std::string html;  // UTF-8; empty: a text-only message
};

Result<std::string> render_message(const MailMessage& message);

// "=?UTF-8?B?…?=" words (each at most 75 characters, split between characters) when the text
// is not plain ASCII; the text itself otherwise.
std::string encode_header_text(std::string_view utf8);
// "Mon, 23 Nov 2026 07:00:00 +0000".
std::string rfc5322_date(int64_t unix_seconds);
// A globally unique id-left@domain: 16 random bytes in hex.
std::string new_message_id(std::string_view domain);
std::string quoted_printable(std::string_view utf8);

}  // namespace paperboy
