// Hands finished messages to an SMTP server through libcurl (the only code in paperboy that
// speaks SMTP): STARTTLS when asked, AUTH with the configured credentials, one connection kept
// open across a batch. A result says whether the server accepted the message, and if not
// whether trying again later can help (4xx replies, network trouble) or not (5xx replies).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace paperboy {

struct SmtpSettings {
  std::string url = "smtp://127.0.0.1:25";  // smtp://host:port, or smtps:// for TLS from the start
  enum class Tls { kNone, kStartTlsIfOffered, kRequired } tls = Tls::kStartTlsIfOffered;
  std::string username;  // AUTH only when set
  std::string password;
  std::string helo_domain = "localhost";
  long timeout_seconds = 60;
};

struct SmtpOutcome {
  bool accepted = false;
  bool permanent = false;  // a 5xx reply: the same message will never be accepted
  long reply_code = 0;     // the server's last reply, 0 when it never answered
  std::string error;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // `message` is RFC 5322 text with CRLF line ends.
  virtual SmtpOutcome send(std::string_view from, std::string_view to,
                           std::string_view message) = 0;
};

std::unique_ptr<MailTransport> make_smtp_transport(const SmtpSettings& settings);

}  // namespace paperboy
