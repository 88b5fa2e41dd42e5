// The mail settings `digest` and `serve` share: SMTP server, sender, public base URL for links,
// sending limits. The SMTP password is read from a file or $PAPERBOY_SMTP_PASSWORD, never
// from the command line (where `ps` shows it).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/result.h"
#include "mail/digest_mail.h"
#include "mail/digest_planner.h"
#include "mail/link_signer.h"
#include "mail/outbox_sender.h"
#include "mail/smtp_transport.h"
#include "store/store_location.h"

namespace paperboy::cli {

struct MailOptions {
  std::string smtp_url = "smtp://127.0.0.1:25";
  std::string smtp_tls = "try";  // none, try (STARTTLS when offered), required
  std::string smtp_user;
  std::string smtp_password_file;
  std::string from = "paperboy@localhost";
  std::string base_url = "http://127.0.0.1:8080";
  int per_domain_per_minute = 120;
  int digest_workers = default_digest_workers();

  void add_to(CLI::App& command);
  Result<SmtpSettings> smtp() const;
  MailIdentity identity() const;
  OutboxSettings outbox() const;
};

// The key that signs mail and feed links: in the data directory beside a SQLite store, in the
// store itself when it is shared (PostgreSQL), so every server checks every other's links.
Result<LinkSigner> open_link_signer(const std::string& data_dir, const StoreLocation& store);

}  // namespace paperboy::cli
