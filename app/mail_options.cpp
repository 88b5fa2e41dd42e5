#include "mail_options.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace paperboy::cli {

void MailOptions::add_to(CLI::App& command) {
  command
      .add_option("--smtp-url", smtp_url,
                  "SMTP server: smtp://host:port (smtps:// for TLS from the start)")
      ->capture_default_str();
  command.add_option("--smtp-tls", smtp_tls, "STARTTLS: none, try (when offered) or required")
      ->check(CLI::IsMember({"none", "try", "required"}))
      ->capture_default_str();
  command.add_option("--smtp-user", smtp_user, "AUTH user name (no AUTH when empty)");
  command.add_option("--smtp-password-file", smtp_password_file,
                     "file holding the AUTH password (else $PAPERBOY_SMTP_PASSWORD)");
  command.add_option("--mail-from", from, "sender address of the digests")->capture_default_str();
  command
      .add_option("--base-url", base_url,
                  "public address of this server (https://papers.example.org), for the links in "
                  "mail, feeds "
                  "and headers; set it whenever readers reach the server through another name")
      ->capture_default_str();
  command
      .add_option("--mail-per-domain", per_domain_per_minute,
                  "messages per recipient domain per minute")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command
      .add_option("--digest-workers", digest_workers,
                  "threads composing digests, each with its own store connection")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
}

Result<SmtpSettings> MailOptions::smtp() const {
  SmtpSettings settings;
  settings.url = smtp_url;
  settings.tls = smtp_tls == "none"       ? SmtpSettings::Tls::kNone
                 : smtp_tls == "required" ? SmtpSettings::Tls::kRequired
                                          : SmtpSettings::Tls::kStartTlsIfOffered;
  settings.username = smtp_user;
  if (!smtp_password_file.empty()) {
    std::ifstream in(smtp_password_file);
    if (!in) return Error{smtp_password_file + ": cannot read the SMTP password file"};
    std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
      password.pop_back();
    settings.password = password;
  } else if (const char* env = std::getenv("PAPERBOY_SMTP_PASSWORD")) {
    settings.password = env;
  }
  return settings;
}

MailIdentity MailOptions::identity() const {
  MailIdentity identity;
  identity.base_url = base_url;
  while (!identity.base_url.empty() && identity.base_url.back() == '/')
    identity.base_url.pop_back();
  identity.from_address = from;
  const size_t at = from.rfind('@');
  identity.list_id =
      "digest." + (at == std::string::npos ? std::string("localhost") : from.substr(at + 1));
  return identity;
}

OutboxSettings MailOptions::outbox() const {
  OutboxSettings settings;
  settings.envelope_from = from;
  settings.per_domain_per_minute = per_domain_per_minute;
  return settings;
}

// The key lives in the store, whichever kind, so it moves with `store copy`; a SQLite store's
// data directory may still hold the key file of an older release, which is adopted once.
Result<LinkSigner> open_link_signer(const std::string& data_dir, const StoreLocation& store) {
  auto opened = open_store(store, data_dir);
  if (!opened.ok()) return opened.error();
  std::filesystem::path adopt;
  if (store.kind != StoreLocation::Kind::kPostgres)
    adopt = std::filesystem::path(data_dir) / "mail-link.key";
  return LinkSigner::from_store(**opened, adopt);
}

}  // namespace paperboy::cli
