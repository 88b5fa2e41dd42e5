#include "mail/mime_message.h"

#include <fmt/format.h>
#include <sodium.h>

#include <ctime>

namespace paperboy {
namespace {

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool plain_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80 || (c < 0x20 && c != '\t')) return false;
  return true;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  for (unsigned char c : raw) out += fmt::format("{:02x}", c);
  return out;
}

// "Name: value" folded at spaces so no line passes 78 characters (RFC 5322 2.1.1).
std::string header_line(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ':';
  size_t line = out.size();
  size_t start = 0;
  while (start <= value.size()) {
    size_t space = value.find(' ', start);
    std::string_view word = value.substr(
        start, space == std::string_view::npos ? std::string_view::npos : space - start);
    if (line + 1 + word.size() > 78 && line > name.size() + 1) {
      out += "\r\n";
      line = 0;
    }
    out += ' ';
    out += word;
    line += 1 + word.size();
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return out + "\r\n";
}

std::string mailbox(std::string_view name, std::string_view address) {
  if (name.empty()) return std::string(address);
  if (plain_ascii(name) && name.find_first_of("()<>[]:;@\\,.\"") == std::string_view::npos) {
    return fmt::format("{} <{}>", name, address);
  }
  if (plain_ascii(name)) {
    std::string quoted;
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return fmt::format("\"{}\" <{}>", quoted, address);
  }
  return fmt::format("{} <{}>", encode_header_text(name), address);
}

}  // namespace

std::string encode_header_text(std::string_view utf8) {
  if (plain_ascii(utf8)) return std::string(utf8);
  // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes of text make 60 of base64.
  std::string out;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = std::min(utf8.size(), start + 45);
    // Back off to a character boundary: continuation bytes are 10xxxxxx.
    while (end < utf8.size() && end > start &&
           (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
      --end;
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + base64(utf8.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string rfc5322_date(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string new_message_id(std::string_view domain) {
  return random_hex(16) + "@" + std::string(domain);
}

std::string quoted_printable(std::string_view utf8) {
  std::string out;
  size_t line = 0;
  auto put = [&](std::string_view piece) {
    if (line + piece.size() > 75) {  // soft break: "=" ends the line at 76
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == '\r') continue;
    if (c == '\n') {
      out += "\r\n";
      line = 0;
      continue;
    }
    const bool line_end = i + 1 == utf8.size() || utf8[i + 1] == '\n' || utf8[i + 1] == '\r';
    // A leading "." is encoded too: some relays strip it, and "From " lines get mangled.
    const bool literal = (c >= 33 && c <= 126 && c != '=' && !(c == '.' && line == 0)) ||
                         ((c == ' ' || c == '\t') && !line_end);
    if (literal) {
      put(std::string(1, static_cast<char>(c)));
    } else {
      put(fmt::format("={:02X}", c));
    }
  }
  return out;
}

Result<std::string> render_message(const MailMessage& m) {
  struct Checked {
    const char* what;
    std::string_view value;
  };
  for (const Checked& field :
       {Checked{"sender name", m.from_name}, Checked{"sender address", m.from_address},
        Checked{"recipient", m.to_address}, Checked{"subject", m.subject},
        Checked{"Message-ID", m.message_id}}) {
    if (has_line_break(field.value))
      return Error{fmt::format("the mail's {} contains a line break", field.what)};
  }
  for (const auto& h : m.extra_headers) {
    if (has_line_break(h.name) || has_line_break(h.value) ||
        h.name.find(':') != std::string::npos) {
      return Error{fmt::format("the mail header '{}' contains a line break or a colon", h.name)};
    }
  }
  std::string out;
  out += header_line("Date", rfc5322_date(m.date));
  out += header_line("From", mailbox(m.from_name, m.from_address));
  out += header_line("To", m.to_address);
  out += header_line("Subject", encode_header_text(m.subject));
  out += header_line("Message-ID", "<" + m.message_id + ">");
  for (const auto& h : m.extra_headers) out += header_line(h.name, h.value);
  out += "MIME-Version: 1.0\r\n";
  const std::string text_part =
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n" +
      quoted_printable(m.text) + "\r\n";
  if (m.html.empty()) return out + text_part;
  // "=_" cannot occur in quoted-printable text, so the boundary never collides with a part.
  const std::string boundary = "=_paperboy_" + random_hex(12);
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a message in MIME format: a plain text and an HTML version.\r\n";
  out += "--" + boundary + "\r\n" + text_part;
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n";
  out += quoted_printable(m.html) + "\r\n";
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace paperboy
